import { fieldById } from '../fields/registry';
import { absTimeUtc, ether, hexBytes, ipv4, ipv6 } from '../fields/format';
import type { FieldItem } from './tree';

/** An application item's value as `tshark -T fields` prints it (the counterpart of fields/format.ts). */
export function formatItem(item: FieldItem): string {
  const def = fieldById(item.id)!;
  const v = item.value;
  switch (def.type) {
    case 'uint':
    case 'int':
    case 'framenum':
    case 'double':
      return String(v ?? '');
    case 'bool':
      return v ? '1' : '0';
    case 'float':
      // Wireshark prints FT_FLOAT with %g: six significant digits, no trailing zeros.
      return typeof v === 'number' ? String(Number(v.toPrecision(6))) : '';
    case 'none':
      return '1';
    case 'hex8':
    case 'hex16':
    case 'hex24':
    case 'hex32': {
      const width = { hex8: 2, hex16: 4, hex24: 6, hex32: 8 }[def.type];
      return '0x' + (Number(v) >>> 0).toString(16).padStart(width, '0');
    }
    case 'ipv4':
      return ipv4(Number(v));
    case 'ipv6':
      return v instanceof Uint8Array ? ipv6(words(v)) : '';
    case 'ether':
      return v instanceof Uint8Array
        ? ether(((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0, (v[4] << 8) | v[5])
        : '';
    case 'string':
      return typeof v === 'string' ? escapeFieldText(v) : '';
    case 'expert':
    case 'expert-message':
      return typeof v === 'string' ? v : '';
    case 'abstime':
      // No value: a protocol's "no time" (an NTP timestamp of zero), which tshark prints as NULL.
      return typeof v === 'bigint' ? absTimeUtc(v) : 'NULL';
    case 'reltime':
      return typeof v === 'number' ? relativeTime(v) : '';
    case 'bytes':
      // A text value stands for what tshark prints instead of bytes (an empty BER OCTET STRING's "<MISSING>").
      if (typeof v === 'string') return v;
      return hexBytes(v instanceof Uint8Array ? v : item.data.subarray(item.start, item.start + item.length));
    default:
      return '';
  }
}

/** A duration in nanoseconds as tshark prints FT_RELATIVE_TIME: seconds, '.', nine digits, '-' when negative. */
export function relativeTime(ns: number): string {
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(Math.round(ns));
  return `${sign}${Math.floor(abs / 1e9)}.${String(abs % 1e9).padStart(9, '0')}`;
}

const C_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** tshark writes the C-escapable control characters of a string field as escapes ("\r\n"), others as they are. */
export function escapeControls(s: string): string {
  return s.replace(/[\x07\b\f\n\r\t\v]/g, (c) => C_ESCAPES[c]);
}

/** A string field's value as `tshark -T fields` writes it: only \b, \f, \n, \r and \t escaped (\a, \v stay bytes). */
export function escapeFieldText(s: string): string {
  return s.replace(/[\b\f\n\r\t]/g, (c) => C_ESCAPES[c]);
}

export function words(b: Uint8Array): number[] {
  const view = new DataView(b.buffer, b.byteOffset, 16);
  return [0, 4, 8, 12].map((i) => view.getUint32(i));
}
