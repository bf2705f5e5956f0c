/**
 * The vendor tables built by scripts/gen-oui.mjs from the IEEE registry: prefixes (MA-L 24 bits, MA-M 28,
 * MA-S 36) to names. The text is made to be small yet a plain JavaScript string:
 * - first line: the names in sorted order, '|'-separated, each front-coded (one character saying how many
 *   leading characters it shares with the previous name, then the rest);
 * - then one line per prefix length: the length in bits, a space, then for each prefix in order its distance
 *   from the previous one and its name's index, as variable-length numbers (see DIGITS).
 */
export interface VendorTable {
  /** Name by prefix value, one map per prefix length in bits, longest first. */
  readonly byLength: ReadonlyArray<{ bits: number; names: ReadonlyMap<number, string> }>;
}

/**
 * 90 printable ASCII characters that need no escaping in a string literal ('#' to '~' without '\'). A number
 * is written in base 45, most significant digit first: every digit but the last from the upper 45 characters.
 */
const DIGITS = [...Array(92).keys()]
  .map((i) => String.fromCharCode(0x23 + i))
  .filter((c) => c !== '\\')
  .join('');
const BASE = 45;
const digitValue = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) digitValue[DIGITS.charCodeAt(i)] = i;

/** Front-coding's shared-length character: '0' + n, n at most 43 (so never '\\' or '|'). */
const SHARED_BASE = 0x30;
const MAX_SHARED = 43;

export function parseVendorTable(text: string): VendorTable {
  const [namesLine, ...lengthLines] = text.split('\n');
  const names: string[] = [];
  let previous = '';
  for (const coded of namesLine.split('|')) {
    previous = previous.slice(0, coded.charCodeAt(0) - SHARED_BASE) + coded.slice(1);
    names.push(previous);
  }
  const byLength = lengthLines.filter(Boolean).map((line) => {
    const space = line.indexOf(' ');
    const map = new Map<number, string>();
    let prefix = 0;
    let value = 0;
    let second = false;
    for (let i = space + 1; i < line.length; i++) {
      const digit = digitValue[line.charCodeAt(i)];
      if (digit >= BASE) {
        value = value * BASE + (digit - BASE);
        continue;
      }
      value = value * BASE + digit;
      if (second) map.set(prefix, names[value]);
      else prefix += value;
      second = !second;
      value = 0;
    }
    return { bits: Number(line.slice(0, space)), names: map };
  });
  byLength.sort((a, b) => b.bits - a.bits);
  return { byLength };
}

function encodeNumber(value: number): string {
  let out = DIGITS[value % BASE];
  for (value = Math.floor(value / BASE); value > 0; value = Math.floor(value / BASE))
    out = DIGITS[BASE + (value % BASE)] + out;
  return out;
}

/** The inverse of parseVendorTable (for scripts/gen-oui.mjs). `entries` are [prefix bits, prefix value, name]. */
export function serializeVendorTable(entries: ReadonlyArray<readonly [number, number, string]>): string {
  const names = [...new Set(entries.map(([, , name]) => name))].sort();
  const unstorable = names.find((n) => /[|\n]/.test(n));
  if (unstorable !== undefined) throw new Error(`a vendor name holds a separator: ${unstorable}`);
  const index = new Map(names.map((n, i) => [n, i]));
  let previous = '';
  const coded = names.map((name) => {
    let shared = 0;
    while (shared < MAX_SHARED && shared < previous.length && shared < name.length && previous[shared] === name[shared])
      shared++;
    previous = name;
    return String.fromCharCode(SHARED_BASE + shared) + name.slice(shared);
  });
  const lines = [coded.join('|')];
  for (const bits of [...new Set(entries.map(([b]) => b))].sort((a, b) => a - b)) {
    const rows = entries.filter(([b]) => b === bits).sort((a, b) => a[1] - b[1]);
    let last = 0;
    let line = `${bits} `;
    for (const [, prefix, name] of rows) {
      line += encodeNumber(prefix - last) + encodeNumber(index.get(name)!);
      last = prefix;
    }
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** The 48-bit address as a number (exact: below 2^53). */
export const etherValue = (hi: number, lo: number) => (hi >>> 0) * 0x10000 + (lo & 0xffff);

/** The longest registered prefix covering the address: its name and length in bits. */
export function lookupPrefix(table: VendorTable, address: number): { name: string; bits: number } | undefined {
  for (const { bits, names } of table.byLength) {
    const name = names.get(Math.floor(address / 2 ** (48 - bits)));
    if (name !== undefined) return { name, bits };
  }
  return undefined;
}
