/**
 * The symmetric primitives record decryption uses, behind one interface so a host can bring faster ones: the
 * default is @noble/ciphers (pure JavaScript, synchronous, the same in the browser's worker and in Node); the CLI
 * passes Node's OpenSSL (src/cli/node-ciphers.ts), several times faster. Each open* throws when authentication
 * fails.
 */
import { cbc, gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ccmDecrypt } from './ccm';

export interface TlsCiphers {
  /** AES-GCM with a 16-byte tag at the end of `sealed`. */
  openGcm(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array;
  openChaCha20Poly1305(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array;
  /** AES-CCM with a `tagBytes` tag (16, or 8 for CCM_8). */
  openCcm(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, tagBytes: number): Uint8Array;
  /** AES-CBC without padding removal (TLS checks its own padding). */
  decryptCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}

export const nobleCiphers: TlsCiphers = {
  openGcm: (key, nonce, aad, sealed) => gcm(key, nonce, aad).decrypt(sealed),
  openChaCha20Poly1305: (key, nonce, aad, sealed) => chacha20poly1305(key, nonce, aad).decrypt(sealed),
  openCcm: (key, nonce, aad, sealed, tagBytes) => ccmDecrypt(key, nonce, aad, sealed, tagBytes),
  decryptCbc: (key, iv, ciphertext) => cbc(key, iv, { disablePadding: true }).decrypt(ciphertext),
};
