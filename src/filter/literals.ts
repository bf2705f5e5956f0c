import type { FieldDef } from '../fields/types';
import { FilterError } from './errors';
import type { Network, Value, ValueKind } from './compiled';
import type { Span } from './syntax';
import { parseAbsoluteTime } from './absolute-time';

/** What a literal is being converted to: the kind, and the field when there is one (value names, booleans). */
export interface Target {
  kind: ValueKind;
  field?: FieldDef;
  /** How the other side is named in messages ("ip.src is an IPv4 address"). */
  name: string;
}

export type Literal = Span &
  ({ kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'char'; code: number });

const KIND_WORDS: Record<ValueKind, string> = {
  number: 'a number',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  ether: 'an Ethernet address',
  time: 'a time offset',
  bytes: 'a byte sequence',
  string: 'a character string',
  none: 'a label',
};

export function describeKind(target: Target): string {
  if (target.field?.type === 'bool') return 'a boolean';
  if (target.field?.type === 'abstime') return 'a date and time';
  if (target.field?.type === 'protocol') return 'a protocol';
  return KIND_WORDS[target.kind];
}

/** Converts a literal to a constant of the target's kind, or says in words why it is not one. */
export function convertLiteral(lit: Literal, target: Target): Value {
  const value = tryConvert(lit, target);
  if (value !== undefined) return value;
  const shown =
    lit.kind === 'char' ? `'${String.fromCharCode(lit.code)}'` : lit.kind === 'string' ? `"${lit.text}"` : lit.text;
  if (
    (target.kind === 'ipv4' || target.kind === 'ipv6') &&
    lit.kind === 'word' &&
    /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/i.test(lit.text)
  ) {
    // tshark would look the name up; Loupe never resolves names (nothing leaves the machine), like tshark with
    // name resolution unavailable.
    const version = target.kind === 'ipv4' ? 'IPv4' : 'IPv6';
    throw new FilterError(
      `"${lit.text}" is not a valid ${version} address: host names are not resolved; write the address.`,
      lit.start,
      lit.end - lit.start,
    );
  }
  throw new FilterError(
    `${target.name} is ${describeKind(target)}; ${lit.kind === 'word' ? `"${shown}"` : shown} is not.`,
    lit.start,
    lit.end - lit.start,
  );
}

function tryConvert(lit: Literal, target: Target): Value | undefined {
  switch (target.kind) {
    case 'number':
      return toNumber(lit, target);
    case 'ipv4':
      return lit.kind === 'word' ? parseIpv4Network(lit) : undefined;
    case 'ipv6':
      return lit.kind === 'word' ? parseIpv6Network(lit) : undefined;
    case 'ether': {
      if (lit.kind !== 'word') return undefined;
      const b = parseBytes(lit.text) ?? parseDottedMac(lit.text);
      return b?.length === 6 ? b : undefined;
    }
    case 'bytes':
      if (lit.kind === 'string') return latin1Bytes(lit.text);
      if (lit.kind === 'char') return Uint8Array.of(lit.code & 0xff);
      return /^0x[0-9a-f]{1,2}$/i.test(lit.text)
        ? Uint8Array.of(parseInt(lit.text.slice(2), 16))
        : parseBytes(lit.text);
    case 'string':
      // Unquoted words compare as their text (deprecated but accepted by tshark, except for `matches`).
      return lit.kind === 'char' ? String.fromCharCode(lit.code) : lit.text;
    case 'time': {
      if (target.field?.type !== 'abstime') return lit.kind === 'word' ? parseSeconds(lit.text) : undefined;
      if (lit.kind === 'char') return undefined;
      const time = parseAbsoluteTime(lit.text);
      if ('error' in time) throw new FilterError(time.error, lit.start, lit.end - lit.start);
      return time.ns;
    }
    case 'none':
      return undefined;
  }
}

function toNumber(lit: Literal, target: Target): number | undefined {
  if (lit.kind === 'char') return lit.code;
  const text = lit.text;
  const field = target.field;
  if (field?.type === 'bool') {
    if (lit.kind === 'word' && (text === 'True' || text === 'TRUE')) return 1;
    if (lit.kind === 'word' && (text === 'False' || text === 'FALSE')) return 0;
    // Its own names, quoted or not, in any case: "tcp.flags.syn == Set", 'ip.flags.df == "not set"'.
    const named = field.boolLabels?.findIndex((name) => name.toLowerCase() === text.toLowerCase()) ?? -1;
    if (named >= 0) return named;
  }
  // Value names, as the tree shows them ("ip.proto == TCP"); tshark matches them case-insensitively.
  if (field?.values) {
    const wanted = text.toLowerCase();
    for (const [n, name] of Object.entries(field.values)) if (name.toLowerCase() === wanted) return Number(n);
  }
  if (lit.kind !== 'word') return undefined;
  const n = parseInteger(text);
  if (n === undefined) return undefined;
  if (field?.type === 'bool') return n === 0 ? 0 : 1;
  const max = field && maxOf(field);
  if (max !== undefined && n > max)
    throw new FilterError(`"${text}" is too big for ${target.name}, maximum ${max}.`, lit.start, lit.end - lit.start);
  return n;
}

const BITS_BY_TYPE: Partial<Record<FieldDef['type'], number>> = {
  uint: 32,
  framenum: 32,
  hex8: 8,
  hex16: 16,
  hex24: 24,
  hex32: 32,
  int: 32,
};

/** The largest literal an integer field accepts: its width's maximum, as tshark refuses "too big" values. */
function maxOf(field: FieldDef): number | undefined {
  const bits = field.bits ?? BITS_BY_TYPE[field.type];
  if (bits === undefined) return undefined;
  return field.type === 'int' ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
}

/** Decimal, 0x hex, 0b binary or 0-prefixed octal. */
export function parseInteger(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^0b[01]+$/i.test(text)) return parseInt(text.slice(2), 2);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  if (/^[1-9][0-9]*$/.test(text)) return Number(text);
  return undefined;
}

/** Seconds with up to nine decimals, as nanoseconds. */
function parseSeconds(text: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d{0,9}))?$/.exec(text);
  if (!m) return undefined;
  return BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

function splitPrefix(text: string, max: number): { address: string; bits: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return { address: text, bits: max };
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return undefined;
  return { address: text.slice(0, slash), bits: Number(bits) };
}

function parseIpv4Network(lit: Literal & { kind: 'word' }): Network | undefined {
  const parts = splitPrefix(lit.text, 32);
  const address = parts && parseIpv4(parts.address);
  return address === undefined ? undefined : { address, bits: parts!.bits };
}

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

function parseIpv6Network(lit: Literal & { kind: 'word' }): Network | undefined {
  const parts = splitPrefix(lit.text, 128);
  const address = parts && parseIpv6(parts.address);
  return address === undefined ? undefined : { address, bits: parts!.bits };
}

/** RFC 4291 text: eight groups, one '::', an optional dotted IPv4 tail. */
export function parseIpv6(text: string): Uint8Array | undefined {
  let body = text;
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    // A dotted IPv4 tail stands for the last two groups.
    const a = parseIpv4(v4[2]);
    if (a === undefined) return undefined;
    body = `${v4[1]}${(a >>> 16).toString(16)}:${(a & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const words = [...head.map((g) => parseInt(g, 16)), ...Array(8 - total).fill(0), ...rest.map((g) => parseInt(g, 16))];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >>> 8;
    out[2 * i + 1] = w & 255;
  });
  return out;
}

/** Hex bytes separated by ':', '-' or '.' (one or two digits each), or an even run of hex digits. */
export function parseBytes(text: string): Uint8Array | undefined {
  if (/^[0-9a-f]+$/i.test(text)) {
    // tshark reads an odd-length run too (the first digit alone); a run of digits is still a byte string here.
    const padded = text.length % 2 ? '0' + text : text;
    return Uint8Array.from(padded.match(/../g)!, (h) => parseInt(h, 16));
  }
  const sep = /[:.\-]/.exec(text)?.[0];
  if (!sep) return undefined;
  const pieces = text.split(sep);
  if (pieces.some((p) => !/^[0-9a-f]{1,2}$/i.test(p))) return undefined;
  return Uint8Array.from(pieces, (h) => parseInt(h, 16));
}

/** Cisco style MAC: 0016.ce6e.8b24. */
function parseDottedMac(text: string): Uint8Array | undefined {
  return /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(text) ? parseBytes(text.replace(/\./g, '')) : undefined;
}

export function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}
