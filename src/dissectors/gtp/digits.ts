import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';

/** Telephony BCD (3GPP TS 29.002, TS 24.008 §10.5.1.4): two digits a byte, the low nibble first; 0xf ends it. */
export function bcdDigits(data: Bytes, at: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const b = data.u8(at + i);
    for (const nibble of [b & 0x0f, b >> 4]) {
      if (nibble === 0x0f) return s;
      s += nibble < 10 ? String(nibble) : '?';
    }
  }
  return s;
}

/** An APN (TS 23.003 §9.1): length-prefixed labels, shown joined by dots. */
export function apnText(data: Bytes, at: number, n: number): string {
  const labels: string[] = [];
  for (let p = at; p < at + n;) {
    const len = data.u8(p);
    labels.push(data.latin1(p + 1, Math.min(len, at + n - p - 1)));
    p += len + 1;
  }
  return labels.join('.');
}

/**
 * An IMSI (TS 23.003 §2.2) as e212 shows it: the digits, the association IMSI, then MCC and MNC. Without an operator
 * table the MNC is taken as three digits, as Wireshark takes it for an MCC/MNC pair its table does not hold.
 */
export function imsi(tree: TreeBuilder, data: Bytes, at: number, n: number): string {
  const digits = bcdDigits(data, at, n);
  tree.add('e212.imsi', data.abs(at), n, digits, `IMSI: ${digits}`);
  tree.open('e212.assoc.imsi', data.abs(at), n, `[Association IMSI: ${digits}]`, digits);
  tree.add('e212.mcc', data.abs(at), 2, Number(digits.slice(0, 3)));
  tree.add('e212.mnc', data.abs(at + 1), 2, Number(digits.slice(3, 6)));
  tree.close();
  return digits;
}

/** MCC and MNC of a location identity (TS 24.008 §10.5.1.3): MCC2 MCC1, MNC3 MCC3, MNC2 MNC1. */
export function mccMnc(data: Bytes, at: number): { mcc: number; mnc: number } {
  const [a, b, c] = [data.u8(at), data.u8(at + 1), data.u8(at + 2)];
  const mcc = (a & 0x0f) * 100 + (a >> 4) * 10 + (b & 0x0f);
  const mnc3 = b >> 4;
  const mnc = (c & 0x0f) * 10 + (c >> 4);
  return { mcc, mnc: mnc3 === 0x0f ? mnc : mnc * 10 + mnc3 };
}

// ITU-T E.164 country codes of one and two digits (the rest have three).
const ONE_DIGIT = new Set(['1', '7']);
const TWO_DIGITS = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

/** An E.164 number (an MSISDN) as e164 shows it: the digits and its country code. */
export function msisdn(tree: TreeBuilder, data: Bytes, at: number, n: number): void {
  const digits = bcdDigits(data, at, n);
  tree.open('e164.msisdn', data.abs(at), n, `E.164 number (MSISDN): ${digits}`, digits);
  const cc = ONE_DIGIT.has(digits.slice(0, 1))
    ? digits.slice(0, 1)
    : TWO_DIGITS.has(digits.slice(0, 2))
      ? digits.slice(0, 2)
      : digits.slice(0, 3);
  if (cc) tree.add('e164.country_code', data.abs(at), Math.ceil(cc.length / 2), Number(cc));
  tree.close();
}
