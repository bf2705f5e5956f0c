/** What decryption needs to know of a cipher suite (RFC 5246 App. C, 5288, 5289, 6655, 7251, 7905, 8446 §B.4). */

export type HashName = 'md5' | 'sha1' | 'sha256' | 'sha384';
export type BulkCipher = 'aes-cbc' | 'aes-gcm' | 'aes-ccm' | 'aes-ccm8' | 'chacha20-poly1305';

export interface SuiteParams {
  cipher: BulkCipher;
  /** Encryption key bytes. */
  keyBytes: number;
  /** MAC algorithm of a CBC suite (AEAD suites have none). */
  mac?: HashName;
  /** TLS 1.2 PRF hash, and TLS 1.3 HKDF hash. */
  prf: 'sha256' | 'sha384';
  /** The key exchange is RSA encryption of the premaster (a server key decrypts it). */
  rsaKeyExchange: boolean;
}

const s = (
  cipher: BulkCipher,
  keyBytes: number,
  prf: 'sha256' | 'sha384',
  mac?: HashName,
  rsa = false,
): SuiteParams => ({ cipher, keyBytes, prf, mac, rsaKeyExchange: rsa });

const SUITES: Record<number, SuiteParams> = {
  // RSA key exchange
  0x002f: s('aes-cbc', 16, 'sha256', 'sha1', true), // TLS_RSA_WITH_AES_128_CBC_SHA
  0x0035: s('aes-cbc', 32, 'sha256', 'sha1', true),
  0x003c: s('aes-cbc', 16, 'sha256', 'sha256', true),
  0x003d: s('aes-cbc', 32, 'sha256', 'sha256', true),
  0x009c: s('aes-gcm', 16, 'sha256', undefined, true),
  0x009d: s('aes-gcm', 32, 'sha384', undefined, true),
  0xc09c: s('aes-ccm', 16, 'sha256', undefined, true),
  0xc09d: s('aes-ccm', 32, 'sha256', undefined, true),
  0xc0a0: s('aes-ccm8', 16, 'sha256', undefined, true),
  0xc0a1: s('aes-ccm8', 32, 'sha256', undefined, true),
  // DHE
  0x0033: s('aes-cbc', 16, 'sha256', 'sha1'),
  0x0039: s('aes-cbc', 32, 'sha256', 'sha1'),
  0x0067: s('aes-cbc', 16, 'sha256', 'sha256'),
  0x006b: s('aes-cbc', 32, 'sha256', 'sha256'),
  0x009e: s('aes-gcm', 16, 'sha256'),
  0x009f: s('aes-gcm', 32, 'sha384'),
  0xc09e: s('aes-ccm', 16, 'sha256'),
  0xc09f: s('aes-ccm', 32, 'sha256'),
  0xc0a2: s('aes-ccm8', 16, 'sha256'),
  0xc0a3: s('aes-ccm8', 32, 'sha256'),
  0xccaa: s('chacha20-poly1305', 32, 'sha256'),
  // ECDHE-ECDSA
  0xc009: s('aes-cbc', 16, 'sha256', 'sha1'),
  0xc00a: s('aes-cbc', 32, 'sha256', 'sha1'),
  0xc023: s('aes-cbc', 16, 'sha256', 'sha256'),
  0xc024: s('aes-cbc', 32, 'sha384', 'sha384'),
  0xc02b: s('aes-gcm', 16, 'sha256'),
  0xc02c: s('aes-gcm', 32, 'sha384'),
  0xc0ac: s('aes-ccm', 16, 'sha256'),
  0xc0ad: s('aes-ccm', 32, 'sha256'),
  0xc0ae: s('aes-ccm8', 16, 'sha256'),
  0xc0af: s('aes-ccm8', 32, 'sha256'),
  0xcca9: s('chacha20-poly1305', 32, 'sha256'),
  // ECDHE-RSA
  0xc013: s('aes-cbc', 16, 'sha256', 'sha1'),
  0xc014: s('aes-cbc', 32, 'sha256', 'sha1'),
  0xc027: s('aes-cbc', 16, 'sha256', 'sha256'),
  0xc028: s('aes-cbc', 32, 'sha384', 'sha384'),
  0xc02f: s('aes-gcm', 16, 'sha256'),
  0xc030: s('aes-gcm', 32, 'sha384'),
  0xcca8: s('chacha20-poly1305', 32, 'sha256'),
  // TLS 1.3
  0x1301: s('aes-gcm', 16, 'sha256'),
  0x1302: s('aes-gcm', 32, 'sha384'),
  0x1303: s('chacha20-poly1305', 32, 'sha256'),
  0x1304: s('aes-ccm', 16, 'sha256'),
  0x1305: s('aes-ccm8', 16, 'sha256'),
};

export function suiteParams(id: number): SuiteParams | undefined {
  return SUITES[id];
}

/** Bytes of the implicit IV a suite's key block holds (TLS 1.2): 4 for GCM/CCM, 12 for ChaCha20, 16 for CBC. */
export function fixedIvBytes(p: SuiteParams): number {
  if (p.cipher === 'aes-cbc') return 16;
  if (p.cipher === 'chacha20-poly1305') return 12;
  return 4;
}

export function tagBytes(p: SuiteParams): number {
  return p.cipher === 'aes-ccm8' ? 8 : 16;
}

export const HASH_BYTES: Record<HashName, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48 };
