/**
 * Decrypts the records one side of a connection sends, in order: TLS 1.2 AEAD (GCM, CCM, CCM_8 with an explicit
 * nonce; ChaCha20-Poly1305 with the sequence number mixed in, RFC 7905), TLS 1.0-1.2 CBC with HMAC (MAC then
 * encrypt, or encrypt-then-MAC, RFC 7366; TLS 1.0 chains the IV across records), and TLS 1.3 AEAD with the inner
 * content type (RFC 8446 §5.2-5.3). Ciphers come from `ciphers` (ciphers.ts: @noble/ciphers unless the host
 * brings its own), HMAC from @noble/hashes.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { nobleCiphers, type TlsCiphers } from './ciphers';
import { concat, HASHES } from './prf';
import { HASH_BYTES, tagBytes, type SuiteParams } from './suites';

export type DecryptResult =
  | { ok: true; type: number; plaintext: Uint8Array }
  /** 'auth': the tag or MAC did not match (wrong key, or the record was damaged); 'format': too short to be a record of this cipher. */
  | { ok: false; reason: 'auth' | 'format' };

export interface CipherKeys {
  key: Uint8Array;
  /** The implicit IV (AEAD), or CBC's initial IV (used by TLS 1.0 only). */
  iv: Uint8Array;
  macKey?: Uint8Array;
}

const FAIL_AUTH = { ok: false, reason: 'auth' } as const;
const FAIL_FORMAT = { ok: false, reason: 'format' } as const;

export class RecordCipher {
  /** The next record's sequence number. */
  private seq = 0n;
  private cbcIv: Uint8Array;

  constructor(
    private readonly suite: SuiteParams,
    private readonly version: number,
    private readonly keys: CipherKeys,
    private readonly encryptThenMac = false,
    private readonly ciphers: TlsCiphers = nobleCiphers,
  ) {
    this.cbcIv = keys.iv;
  }

  /** Decrypts the next record (`type` and `version` from its header, `fragment` its body). */
  decrypt(type: number, version: number, fragment: Uint8Array): DecryptResult {
    const seq = this.seq++;
    try {
      if (this.version === 0x0304) return this.tls13(type, version, fragment, seq);
      if (this.suite.cipher === 'aes-cbc') return this.cbc(type, version, fragment, seq);
      return this.aead12(type, version, fragment, seq);
    } catch {
      return FAIL_AUTH;
    }
  }

  private tls13(type: number, version: number, fragment: Uint8Array, seq: bigint): DecryptResult {
    if (fragment.length < tagBytes(this.suite) + 1) return FAIL_FORMAT;
    const aad = new Uint8Array([type, version >> 8, version & 0xff, fragment.length >> 8, fragment.length & 0xff]);
    const inner = this.open(xorNonce(this.keys.iv, seq), aad, fragment);
    // TLSInnerPlaintext: content, the real type, then zero padding.
    let end = inner.length - 1;
    while (end >= 0 && inner[end] === 0) end--;
    if (end < 0) return FAIL_FORMAT;
    return { ok: true, type: inner[end], plaintext: inner.subarray(0, end) };
  }

  private aead12(type: number, version: number, fragment: Uint8Array, seq: bigint): DecryptResult {
    const explicit = this.suite.cipher === 'chacha20-poly1305' ? 0 : 8;
    const plainLength = fragment.length - explicit - tagBytes(this.suite);
    if (plainLength < 0) return FAIL_FORMAT;
    const nonce = explicit ? concat(this.keys.iv, fragment.subarray(0, 8)) : xorNonce(this.keys.iv, seq);
    const aad = concat(
      seqBytes(seq),
      new Uint8Array([type, version >> 8, version & 0xff, plainLength >> 8, plainLength & 0xff]),
    );
    return { ok: true, type, plaintext: this.open(nonce, aad, fragment.subarray(explicit)) };
  }

  private open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
    switch (this.suite.cipher) {
      case 'aes-gcm':
        return this.ciphers.openGcm(this.keys.key, nonce, aad, sealed);
      case 'chacha20-poly1305':
        return this.ciphers.openChaCha20Poly1305(this.keys.key, nonce, aad, sealed);
      case 'aes-ccm':
        return this.ciphers.openCcm(this.keys.key, nonce, aad, sealed, 16);
      case 'aes-ccm8':
        return this.ciphers.openCcm(this.keys.key, nonce, aad, sealed, 8);
      default:
        throw new Error(`not an AEAD cipher: ${this.suite.cipher}`);
    }
  }

  private cbc(type: number, version: number, fragment: Uint8Array, seq: bigint): DecryptResult {
    const hash = this.suite.mac!;
    const macBytes = HASH_BYTES[hash];
    const mac = (content: Uint8Array) =>
      hmac(
        HASHES[hash],
        this.keys.macKey!,
        concat(
          seqBytes(seq),
          new Uint8Array([type, version >> 8, version & 0xff, content.length >> 8, content.length & 0xff]),
          content,
        ),
      );
    let body = fragment;
    if (this.encryptThenMac) {
      // The MAC covers IV and ciphertext as sent, and is checked before anything is decrypted.
      if (fragment.length < macBytes + 16) return FAIL_FORMAT;
      body = fragment.subarray(0, fragment.length - macBytes);
      if (!equal(mac(body), fragment.subarray(body.length))) return FAIL_AUTH;
    }
    // TLS 1.1 and later send each record's IV first; TLS 1.0 continues from the previous record's last block.
    const explicitIv = this.version >= 0x0302;
    const iv = explicitIv ? body.subarray(0, 16) : this.cbcIv;
    const ciphertext = explicitIv ? body.subarray(16) : body;
    if (ciphertext.length === 0 || ciphertext.length % 16) return FAIL_FORMAT;
    if (!explicitIv) this.cbcIv = new Uint8Array(ciphertext.subarray(ciphertext.length - 16));
    const padded = this.ciphers.decryptCbc(this.keys.key, iv, ciphertext);
    const padLength = padded[padded.length - 1];
    const macInside = this.encryptThenMac ? 0 : macBytes;
    if (padLength + 1 + macInside > padded.length) return FAIL_AUTH;
    for (let i = padded.length - 1 - padLength; i < padded.length; i++) if (padded[i] !== padLength) return FAIL_AUTH;
    const contentEnd = padded.length - 1 - padLength - macInside;
    const content = padded.subarray(0, contentEnd);
    if (!this.encryptThenMac && !equal(mac(content), padded.subarray(contentEnd, contentEnd + macBytes)))
      return FAIL_AUTH;
    return { ok: true, type, plaintext: content };
  }
}

function seqBytes(seq: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, seq);
  return out;
}

/** The per-record nonce of TLS 1.3 and ChaCha20: the IV with the sequence number XORed into its last 8 bytes. */
function xorNonce(iv: Uint8Array, seq: bigint): Uint8Array {
  // A copy (a Node Buffer's slice() would be a view of the key's IV).
  const nonce = new Uint8Array(iv);
  const s = seqBytes(seq);
  for (let i = 0; i < 8; i++) nonce[nonce.length - 8 + i] ^= s[i];
  return nonce;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
