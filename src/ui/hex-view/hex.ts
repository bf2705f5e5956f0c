export const BYTES_PER_LINE = 16;

/** One line of the hex view, each column split around the highlighted bytes: [before, highlighted, after]. */
export interface HexLine {
  offset: string;
  hex: [string, string, string];
  ascii: [string, string, string];
}

const h2 = (b: number) => b.toString(16).padStart(2, '0');
const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** The line starting at byte `start`, highlighting bytes [markStart, markEnd). */
export function hexLine(bytes: Uint8Array, start: number, markStart = 0, markEnd = 0): HexLine {
  const end = Math.min(start + BYTES_PER_LINE, bytes.length);
  const a = Math.max(start, Math.min(markStart, end));
  const b = Math.max(a, Math.min(markEnd, end));
  const hex = (from: number, to: number) => Array.from(bytes.subarray(from, to), h2).join(' ');
  const ascii = (from: number, to: number) => Array.from(bytes.subarray(from, to), printable).join('');
  // The spaces around the highlight stay outside it, so it covers exactly its bytes.
  const before = hex(start, a) + (a > start && a < end ? ' ' : '');
  const after = (b > a && b < end ? ' ' : '') + hex(b, end);
  return {
    offset: start.toString(16).padStart(4, '0'),
    hex: [before, hex(a, b), after],
    ascii: [ascii(start, a), ascii(a, b), ascii(b, end)],
  };
}
