import type { FieldDef } from './types';
import { expertInfo, expertMessage } from './expert';

/**
 * Prints one field record's value the way `tshark -T fields` prints it. `bytes` is the record's source (frame
 * bytes or reassembled payload) for byte-range types.
 */
export function formatValue(def: FieldDef, rec: Uint32Array, at: number, bytes?: Uint8Array): string {
  const v0 = rec[at + 4];
  switch (def.type) {
    case 'uint':
    case 'framenum':
      return String(v0);
    case 'none':
      return '1';
    case 'reltime':
      return `${rec[at + 6] ? '-' : ''}${v0}.${String(rec[at + 5]).padStart(9, '0')}`;
    case 'expert':
      return expertInfo(v0, rec[at + 5], rec[at + 6], rec[at + 7]);
    case 'expert-message':
      return expertMessage(v0, rec[at + 7]);
    case 'int':
      return String(v0 | 0);
    case 'uint64':
      return String((BigInt(rec[at + 5]) << 32n) | BigInt(v0));
    case 'float':
      return String(floatOf(v0));
    case 'double':
      return String(doubleOf(v0, rec[at + 5]));
    case 'bool':
      return v0 ? '1' : '0';
    case 'hex8':
      return '0x' + v0.toString(16).padStart(2, '0');
    case 'hex16':
      return '0x' + v0.toString(16).padStart(4, '0');
    case 'hex24':
      return '0x' + v0.toString(16).padStart(6, '0');
    case 'hex32':
      return '0x' + v0.toString(16).padStart(8, '0');
    case 'ipv4':
      return ipv4(v0);
    case 'ipv6':
      return ipv6([rec[at + 4], rec[at + 5], rec[at + 6], rec[at + 7]]);
    case 'ether':
      return ether(v0, rec[at + 5]);
    case 'epoch':
      return epoch(v0, rec[at + 5], rec[at + 6]);
    case 'abstime':
      if (def.localTime) return absoluteTime(v0, rec[at + 5], rec[at + 6]);
      return absTimeUtc((BigInt(rec[at + 5] | 0) * 2n ** 32n + BigInt(v0)) * 1_000_000_000n + BigInt(rec[at + 6]));
    case 'bytes':
      return hexBytes(slice(rec, at, bytes));
    case 'string': {
      // Wireshark's strings end at a NUL, whatever the field's length.
      const text = slice(rec, at, bytes);
      const nul = text.indexOf(0);
      return new TextDecoder().decode(nul >= 0 ? text.subarray(0, nul) : text);
    }
    case 'protocol':
      return '';
  }
}

const floatBits = new Uint32Array(1);
const floatView = new Float32Array(floatBits.buffer);

/** A float field's value from its record word (IEEE 754 single precision). */
export function floatOf(bits: number): number {
  floatBits[0] = bits;
  return floatView[0];
}

const doubleWords = new Uint32Array(2);
const doubleView = new Float64Array(doubleWords.buffer);

/** A double field's value from its record's two words (low, high), as the core wrote its bits. */
export function doubleOf(low: number, high: number): number {
  doubleWords[0] = low;
  doubleWords[1] = high;
  return doubleView[0];
}

function slice(rec: Uint32Array, at: number, bytes?: Uint8Array): Uint8Array {
  if (!bytes) return new Uint8Array(0);
  return bytes.subarray(rec[at + 2], rec[at + 2] + rec[at + 3]);
}

export function ipv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

const h2 = (b: number) => b.toString(16).padStart(2, '0');

export function ether(hi: number, lo: number): string {
  return [hi >>> 24, (hi >>> 16) & 255, (hi >>> 8) & 255, hi & 255, (lo >>> 8) & 255, lo & 255].map(h2).join(':');
}

/** RFC 5952 text: lowercase, longest run of two or more zero groups as '::' (leftmost on ties). */
export function ipv6(words: readonly number[]): string {
  const groups: number[] = [];
  for (const w of words) groups.push(w >>> 16, w & 0xffff);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return text(0, 8);
  return `${text(0, bestStart)}::${text(bestStart + bestLen, 8)}`;
}

/**
 * Seconds are a signed 64-bit count, nanoseconds a signed 32-bit one (as tshark keeps them: a pcap microsecond
 * field above 2147483 wraps negative). A negative fraction is printed as its magnitude, with a '-' in front
 * unless the seconds already carry one.
 */
export function epoch(secLo: number, secHi: number, nsec: number): string {
  const sec = (secHi | 0) * 2 ** 32 + (secLo >>> 0);
  const frac = nsec | 0;
  const sign = frac < 0 && sec >= 0 ? '-' : '';
  return `${sign}${sec}.${String(Math.abs(frac)).padStart(9, '0')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Nanoseconds since 1970 as tshark prints an absolute time in UTC: "Nov  4, 2023 10:55:46.500000000 UTC". */
export function absTimeUtc(ns: bigint): string {
  let sec = ns / 1_000_000_000n;
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    sec -= 1n;
  }
  const d = new Date(Number(sec) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(frac).padStart(9, '0')} UTC`;
}

/** tshark's local date and time ("%b %e, %Y %H:%M:%S.<ns> <zone>"), in the time zone of the host (TZ). */
export function absoluteTime(secLo: number, secHi: number, nsec: number): string {
  const date = new Date(((secHi | 0) * 2 ** 32 + (secLo >>> 0)) * 1000);
  if (Number.isNaN(date.getTime())) return epoch(secLo, secHi, nsec);
  const two = (n: number) => String(n).padStart(2, '0');
  const zone =
    new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(nsec | 0).padStart(9, '0')}`;
  return `${MONTHS[date.getMonth()]} ${String(date.getDate()).padStart(2, ' ')}, ${date.getFullYear()} ${time} ${zone}`.trimEnd();
}

export function hexBytes(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += h2(x);
  return s;
}

/** Bytes as the protocol tree shows them (tshark -V): hex, cut after 36 bytes with '…'. */
export function treeBytes(b: Uint8Array): string {
  return b.length > 36 ? hexBytes(b.subarray(0, 36)) + '…' : hexBytes(b);
}
