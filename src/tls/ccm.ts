/**
 * AES-CCM decryption (RFC 3610, as TLS uses it: RFC 6655, 12-byte nonce, 16- or 8-byte tag). @noble/ciphers
 * has no CCM mode, so it is assembled here from its AES in the two modes CCM is defined by: CTR for the
 * payload and the tag's mask, CBC with a zero IV for the CBC-MAC. No block cipher code is written here.
 */
import { cbc, ctr } from '@noble/ciphers/aes.js';

export class CcmAuthError extends Error {}

export function ccmDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
  tagBytes: number,
): Uint8Array {
  if (sealed.length < tagBytes) throw new CcmAuthError('record shorter than its tag');
  const lengthBytes = 15 - nonce.length;
  const ciphertext = sealed.subarray(0, sealed.length - tagBytes);
  const tag = sealed.subarray(sealed.length - tagBytes);
  // Counter block A_0 masks the tag; A_1... encrypt the payload.
  const counter = new Uint8Array(16);
  counter[0] = lengthBytes - 1;
  counter.set(nonce, 1);
  const mask = ctr(key, counter).encrypt(new Uint8Array(16));
  counter[15] = 1;
  const plaintext = ctr(key, counter).decrypt(ciphertext);
  // CBC-MAC over B_0, the AAD with its length, and the payload, each zero-padded to whole blocks.
  const aadField = aad.length ? 2 + aad.length : 0;
  const macInput = new Uint8Array(16 + pad16(aadField) + pad16(plaintext.length));
  macInput[0] = (aad.length ? 0x40 : 0) | (((tagBytes - 2) / 2) << 3) | (lengthBytes - 1);
  macInput.set(nonce, 1);
  for (let i = 0, n = plaintext.length; i < lengthBytes; i++, n = Math.floor(n / 256)) macInput[15 - i] = n & 0xff;
  if (aad.length) {
    macInput[16] = aad.length >> 8;
    macInput[17] = aad.length & 0xff;
    macInput.set(aad, 18);
  }
  macInput.set(plaintext, 16 + pad16(aadField));
  const chained = cbc(key, new Uint8Array(16), { disablePadding: true }).encrypt(macInput);
  const mac = chained.subarray(chained.length - 16);
  let diff = 0;
  for (let i = 0; i < tagBytes; i++) diff |= mac[i] ^ mask[i] ^ tag[i];
  if (diff) throw new CcmAuthError('CCM tag mismatch');
  return plaintext;
}

const pad16 = (n: number) => Math.ceil(n / 16) * 16;
