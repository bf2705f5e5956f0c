/** The TLS 1.3 traffic keys (RFC 8446 §7.1-7.3): HKDF-Expand-Label from @noble/hashes' HKDF. */
import { expand } from '@noble/hashes/hkdf.js';
import { HASHES, concat } from './prf';

function expandLabel(
  hash: 'sha256' | 'sha384',
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  const full = Uint8Array.from(`tls13 ${label}`, (c) => c.charCodeAt(0));
  const info = concat(
    new Uint8Array([length >> 8, length & 0xff, full.length]),
    full,
    new Uint8Array([context.length]),
    context,
  );
  return expand(HASHES[hash], secret, info, length);
}

/** A traffic secret's write key and IV. */
export function trafficKeys(
  hash: 'sha256' | 'sha384',
  secret: Uint8Array,
  keyBytes: number,
): { key: Uint8Array; iv: Uint8Array } {
  return {
    key: expandLabel(hash, secret, 'key', new Uint8Array(0), keyBytes),
    iv: expandLabel(hash, secret, 'iv', new Uint8Array(0), 12),
  };
}

/** The next application traffic secret after a KeyUpdate (§7.2). */
export function nextTrafficSecret(hash: 'sha256' | 'sha384', secret: Uint8Array): Uint8Array {
  return expandLabel(hash, secret, 'traffic upd', new Uint8Array(0), secret.length);
}
