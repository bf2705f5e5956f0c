/** The packet list's sort: a column id ('number', 'time', ..., or 'field:<name>') and its direction. */
export interface SortSpec {
  column: string;
  descending: boolean;
}

/** Orders two frames by 0-based frame index. */
export type FrameCompare = (a: number, b: number) => number;

/**
 * The displayed frames (frame numbers) reordered by a column: a permutation in a typed array, no per-row
 * objects. Equal keys keep frame order, in both directions, as Wireshark's list does.
 */
export function sortFrames(frames: Uint32Array, compare: FrameCompare, descending: boolean): Uint32Array {
  const out = frames.slice();
  const sign = descending ? -1 : 1;
  out.sort((a, b) => sign * compare(a - 1, b - 1) || a - b);
  return out;
}

/** Compares by a numeric key per frame index. */
export const byKey = (key: ArrayLike<number>): FrameCompare => (a, b) => key[a] - key[b];

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function ipv4Value(s: string): number | undefined {
  const m = IPV4.exec(s);
  return m ? ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0 : undefined;
}

/**
 * Orders column texts as a reader expects: numbers by value, IPv4 addresses by address, anything else by code
 * point; an empty cell sorts first.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '' || b === '') return a === '' ? -1 : 1;
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b) || (a < b ? -1 : 1);
  const [x, y] = [ipv4Value(a), ipv4Value(b)];
  if (x !== undefined && y !== undefined) return x - y;
  return a < b ? -1 : 1;
}

/** The row of frame `number` in a display order (frame numbers per row), or -1 when it is not displayed. */
export function rowOfFrame(order: Uint32Array | undefined, total: number, number: number): number {
  if (!order) return number >= 1 && number <= total ? number - 1 : -1;
  return order.indexOf(number);
}
