import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { readName } from './names';

/** EDNS option codes (IANA "DNS EDNS0 Option Codes"). */
export const EDNS_OPTIONS: Record<number, string> = {
  3: 'NSID',
  5: 'DAU',
  6: 'DHU',
  7: 'N3U',
  8: 'CSUBNET - Client subnet',
  9: 'EDNS EXPIRE',
  10: 'COOKIE',
  11: 'EDNS TCP KEEPALIVE',
  12: 'PADDING',
  13: 'CHAIN',
  14: 'EDNS KEY TAG',
  15: 'EXTENDED DNS ERROR',
};

/** DNSSEC algorithm numbers (RFC 8624 §3.1). */
export const DNSSEC_ALGORITHMS: Record<number, string> = {
  1: 'RSA/MD5',
  3: 'DSA/SHA1',
  5: 'RSA/SHA1',
  6: 'DSA-NSEC3-SHA1',
  7: 'RSASHA1-NSEC3-SHA1',
  8: 'RSA/SHA-256',
  10: 'RSA/SHA-512',
  13: 'ECDSA Curve P-256 with SHA-256',
  14: 'ECDSA Curve P-384 with SHA-384',
  15: 'Ed25519',
  16: 'Ed448',
};

/** DS digest types (RFC 4509, RFC 6605). */
export const DS_DIGESTS: Record<number, string> = { 1: 'SHA-1', 2: 'SHA-256', 3: 'GOST R 34.11-94', 4: 'SHA-384' };

/** Each option of an OPT record's data (RFC 6891 §6.1.2). */
export function optionsData(tree: TreeBuilder, msg: Bytes, at: number, length: number): void {
  for (let p = at; p + 4 <= at + length;) {
    const code = msg.u16(p);
    const len = Math.min(msg.u16(p + 2), at + length - p - 4);
    tree.openText(`Option: ${EDNS_OPTIONS[code] ?? 'Unknown'}`, msg.abs(p), 4 + len);
    tree.add('dns.opt.code', msg.abs(p), 2, code);
    tree.add('dns.opt.len', msg.abs(p + 2), 2, msg.u16(p + 2));
    if (len > 0) tree.add('dns.opt.data', msg.abs(p + 4), len, msg.bytes(p + 4, len));
    // A COOKIE option (RFC 7873): the client's 8 bytes, then the server's (none in a first query).
    if (code === 10 && len >= 8) {
      tree.add('dns.opt.cookie.client', msg.abs(p + 4), 8, msg.bytes(p + 4, 8));
      tree.add('dns.opt.cookie.server', msg.abs(p + 12), len - 8, len > 8 ? msg.bytes(p + 12, len - 8) : '<MISSING>');
    }
    tree.close();
    p += 4 + len;
  }
}

/** The key tag of a DNSKEY's RDATA (RFC 4034 Appendix B). */
export function keyTag(rdata: Uint8Array, algorithm: number): number {
  if (algorithm === 1) return rdata.length >= 4 ? (rdata[rdata.length - 3] << 8) | rdata[rdata.length - 2] : 0;
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i] : rdata[i] << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

/** RRSIG, DNSKEY and DS record data (RFC 4034 §3, §2, §5); false for other types. */
export function dnssecData(tree: TreeBuilder, msg: Bytes, type: number, at: number, length: number): boolean {
  if (type === 46 && length >= 18) {
    tree.add('dns.rrsig.type_covered', msg.abs(at), 2, msg.u16(at));
    tree.add('dns.rrsig.algorithm', msg.abs(at + 2), 1, msg.u8(at + 2));
    tree.add('dns.rrsig.labels', msg.abs(at + 3), 1, msg.u8(at + 3));
    tree.add('dns.rrsig.original_ttl', msg.abs(at + 4), 4, msg.u32(at + 4));
    tree.add('dns.rrsig.signature_expiration', msg.abs(at + 8), 4, BigInt(msg.u32(at + 8)) * 1_000_000_000n);
    tree.add('dns.rrsig.signature_inception', msg.abs(at + 12), 4, BigInt(msg.u32(at + 12)) * 1_000_000_000n);
    tree.add('dns.rrsig.key_tag', msg.abs(at + 16), 2, msg.u16(at + 16));
    const signer = readName(msg, at + 18);
    tree.add('dns.rrsig.signers_name', msg.abs(at + 18), signer.length, signer.text);
    const sig = at + 18 + signer.length;
    if (sig < at + length)
      tree.add('dns.rrsig.signature', msg.abs(sig), at + length - sig, msg.bytes(sig, at + length - sig));
    return true;
  }
  if (type === 48 && length >= 4) {
    const flags = msg.u16(at);
    tree.open('dns.dnskey.flags', msg.abs(at), 2, undefined, flags);
    tree.add('dns.dnskey.flags.zone_key', msg.abs(at), 2, (flags >> 8) & 1);
    tree.add('dns.dnskey.flags.key_revoked', msg.abs(at), 2, (flags >> 7) & 1);
    tree.add('dns.dnskey.flags.secure_entry_point', msg.abs(at), 2, flags & 1);
    tree.add('dns.dnskey.flags.reserved', msg.abs(at), 2, (flags & 0xfe7e) >> 1);
    tree.close();
    const algorithm = msg.u8(at + 3);
    tree.add('dns.dnskey.protocol', msg.abs(at + 2), 1, msg.u8(at + 2));
    tree.add('dns.dnskey.algorithm', msg.abs(at + 3), 1, algorithm);
    tree.add('dns.dnskey.key_id', 0, 0, keyTag(msg.bytes(at, length), algorithm));
    if (length > 4) tree.add('dns.dnskey.public_key', msg.abs(at + 4), length - 4, msg.bytes(at + 4, length - 4));
    return true;
  }
  if (type === 43 && length >= 4) {
    tree.add('dns.ds.key_id', msg.abs(at), 2, msg.u16(at));
    tree.add('dns.ds.algorithm', msg.abs(at + 2), 1, msg.u8(at + 2));
    tree.add('dns.ds.digest_type', msg.abs(at + 3), 1, msg.u8(at + 3));
    if (length > 4) tree.add('dns.ds.digest', msg.abs(at + 4), length - 4, msg.bytes(at + 4, length - 4));
    return true;
  }
  return false;
}
