/**
 * The TLS 1.0-1.2 key derivation (RFC 2246 §5-6.3, RFC 4346, RFC 5246 §5-6.3, RFC 7627): the PRF built on
 * HMAC (P_hash), master secret (extended or not) and key block. The hashes and HMAC are @noble/hashes'.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import type { HashName } from './suites';

export const HASHES = { md5, sha1, sha256, sha384 } as const;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** P_hash(secret, seed) cut to `length` bytes (RFC 5246 §5). */
function pHash(hash: HashName, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const h = HASHES[hash];
  const out = new Uint8Array(length);
  let a = seed;
  for (let at = 0; at < length;) {
    a = hmac(h, secret, a);
    const block = hmac(h, secret, concat(a, seed));
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

/**
 * The PRF: TLS 1.0 and 1.1 XOR P_MD5 over the secret's first half with P_SHA1 over its second; TLS 1.2 uses
 * P_<hash> of the suite (SHA-256 unless the suite says SHA-384).
 */
export function prf(
  version: number,
  prfHash: 'sha256' | 'sha384',
  secret: Uint8Array,
  label: string,
  seed: Uint8Array,
  length: number,
): Uint8Array {
  const labelSeed = concat(ascii(label), seed);
  if (version >= 0x0303) return pHash(prfHash, secret, labelSeed, length);
  const half = Math.ceil(secret.length / 2);
  const a = pHash('md5', secret.subarray(0, half), labelSeed, length);
  const b = pHash('sha1', secret.subarray(secret.length - half), labelSeed, length);
  for (let i = 0; i < length; i++) a[i] ^= b[i];
  return a;
}

/** The master secret from the premaster: with the randoms, or with the session hash when extended (RFC 7627). */
export function masterSecret(
  version: number,
  prfHash: 'sha256' | 'sha384',
  premaster: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  sessionHash?: Uint8Array,
): Uint8Array {
  if (sessionHash) return prf(version, prfHash, premaster, 'extended master secret', sessionHash, 48);
  return prf(version, prfHash, premaster, 'master secret', concat(clientRandom, serverRandom), 48);
}

/** The session hash of RFC 7627: the handshake messages up to the ClientKeyExchange, hashed as Finished is. */
export function sessionHash(version: number, prfHash: 'sha256' | 'sha384', transcript: Uint8Array): Uint8Array {
  if (version >= 0x0303) return HASHES[prfHash](transcript);
  return concat(md5(transcript), sha1(transcript));
}

export interface DirectionKeys {
  macKey: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
}

/** The key block cut into each side's MAC key, key and IV (RFC 5246 §6.3; note server_random comes first). */
export function keyBlock(
  version: number,
  prfHash: 'sha256' | 'sha384',
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  macBytes: number,
  keyBytes: number,
  ivBytes: number,
): { client: DirectionKeys; server: DirectionKeys } {
  const total = 2 * (macBytes + keyBytes + ivBytes);
  const block = prf(version, prfHash, master, 'key expansion', concat(serverRandom, clientRandom), total);
  let at = 0;
  const take = (n: number) => block.slice(at, (at += n));
  const clientMac = take(macBytes),
    serverMac = take(macBytes);
  const clientKey = take(keyBytes),
    serverKey = take(keyBytes);
  const clientIv = take(ivBytes),
    serverIv = take(ivBytes);
  return {
    client: { macKey: clientMac, key: clientKey, iv: clientIv },
    server: { macKey: serverMac, key: serverKey, iv: serverIv },
  };
}
