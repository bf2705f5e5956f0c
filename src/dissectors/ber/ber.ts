import type { Bytes } from '../bytes';
import { Malformed } from '../bytes';
import { integerValue, oidText, parseDer, type Der } from '../tls/der';

/**
 * BER helpers shared by the ASN.1 protocols (SNMP, LDAP, Kerberos): asn1js parses (tls/der.ts), these read
 * the values back as the fields want them. Positions stay absolute in the buffer the tree points into.
 */
export type { Der } from '../tls/der';
export { oidText } from '../tls/der';

export const APPLICATION = 2;
export const CONTEXT_CLASS = 3;

/** Tags of the universal class (X.680 §8.4). */
export const BER = {
  BOOLEAN: 1,
  INTEGER: 2,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  ENUMERATED: 10,
  SEQUENCE: 16,
  SET: 17,
  GENERALIZED_TIME: 24,
  GENERAL_STRING: 27,
} as const;

/** The BER element at the start of `data` (with whatever follows it ignored). */
export function parseBer(data: Bytes): Der {
  return parseDer(data.bytes(0, data.length), data.abs(0));
}

/** The length of the BER element starting `data` (header and content), or undefined if the header is not all here. */
export function berElementLength(data: Bytes): number | undefined {
  if (data.length < 2) return undefined;
  let at = 1;
  if ((data.u8(0) & 0x1f) === 0x1f) {
    while (at < data.length && data.u8(at) & 0x80) at++;
    at++;
  }
  if (at >= data.length) return undefined;
  const first = data.u8(at++);
  if (first < 0x80) return at + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4) throw new Malformed('BER length not definite or too long');
  if (at + n > data.length) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + data.u8(at + i);
  return at + n + length;
}

export function integer(e: Der): number {
  return integerValue(e.content);
}

/** An INTEGER of up to 53 bits read unsigned (request ids, counters). */
export function unsigned(e: Der): number {
  let v = 0;
  for (const b of e.content) v = v * 256 + b;
  return v;
}

export function oid(e: Der): string {
  return oidText(e.content);
}

const utf8 = new TextDecoder();
export function text(e: Der): string {
  return utf8.decode(e.content);
}

/** The children of a constructed element, or Malformed when it has none where some are needed. */
export function need(e: Der | undefined, what: string): Der {
  if (!e) throw new Malformed(`missing ${what}`);
  return e;
}

/** An OCTET STRING's value as tshark prints an empty FT_BYTES field. */
export function bytesValue(e: Der): Uint8Array | string {
  return e.content.length ? e.content : '<MISSING>';
}
