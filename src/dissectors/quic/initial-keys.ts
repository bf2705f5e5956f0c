/**
 * QUIC Initial packet protection (RFC 9001 §5, RFC 9369 §3.3 for version 2): keys derived from the client's first
 * Destination Connection ID with HKDF-SHA256, payloads sealed with AES-128-GCM, headers masked with AES-128-ECB.
 * Anyone who sees the Initial packets can open them; this is what tshark does without any key log. Primitives come
 * from @noble/hashes and @noble/ciphers (synchronous, the same in the CLI and the worker).
 */
import { ecb, gcm } from '@noble/ciphers/aes.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const QUIC_V2 = 0x6b3343cf;

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
const SALT_V1 = fromHex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
const SALT_V2 = fromHex('0dede3def700a6db819381be6e269dcbf9bd2ed9');
const SALT_DRAFT_29 = fromHex('afbfec289993d24c9e9786f19c6111e04390a899');
const SALT_DRAFT_23 = fromHex('c3eef712c72ebb5a11a7d2432bb46365bef9f502');
const SALT_DRAFT_22 = fromHex('7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a');

/** One direction's Initial keys. */
export interface InitialKeys {
  key: Uint8Array;
  iv: Uint8Array;
  hp: Uint8Array;
}

/** The draft number of a draft version (0xff0000NN), else 0. */
function draft(version: number): number {
  return version >>> 8 === 0xff0000 ? version & 0xff : 0;
}

/** Each version's salt; any other version (one forcing Version Negotiation) is protected as draft 29 was. */
function salt(version: number): Uint8Array {
  if (version === 1) return SALT_V1;
  if (version === QUIC_V2) return SALT_V2;
  const d = draft(version);
  if (d && d < 23) return SALT_DRAFT_22;
  if (d && d < 29) return SALT_DRAFT_23;
  return SALT_DRAFT_29;
}

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context. */
function expandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  const full = Uint8Array.from(`tls13 ${label}`, (c) => c.charCodeAt(0));
  const info = new Uint8Array(4 + full.length);
  info.set([length >> 8, length & 0xff, full.length]);
  info.set(full, 3);
  return expand(sha256, secret, info, length);
}

/** The client's and the server's Initial keys for a connection whose client first wrote to `dcid`. */
export function initialKeys(version: number, dcid: Uint8Array): { client: InitialKeys; server: InitialKeys } {
  const initial = extract(sha256, dcid, salt(version));
  const prefix = version === QUIC_V2 ? 'quicv2 ' : 'quic ';
  const keys = (label: string): InitialKeys => {
    const secret = expandLabel(initial, label, 32);
    return {
      key: expandLabel(secret, `${prefix}key`, 16),
      iv: expandLabel(secret, `${prefix}iv`, 12),
      hp: expandLabel(secret, `${prefix}hp`, 16),
    };
  };
  return { client: keys('client in'), server: keys('server in') };
}

/** The header protection mask for a 16-byte sample (RFC 9001 §5.4.3). */
export function headerMask(keys: InitialKeys, sample: Uint8Array): Uint8Array {
  return ecb(keys.hp, { disablePadding: true }).encrypt(sample);
}

/** Opens a payload sealed under packet number `pn` with `header` as associated data; undefined when it fails. */
export function openPayload(
  keys: InitialKeys,
  pn: number,
  header: Uint8Array,
  sealed: Uint8Array,
): Uint8Array | undefined {
  const nonce = keys.iv.slice();
  for (let i = 0, n = pn; i < 6; i++, n = Math.floor(n / 256)) nonce[11 - i] ^= n & 0xff;
  try {
    return gcm(keys.key, nonce, header).decrypt(sealed);
  } catch {
    return undefined;
  }
}
