/** Orders two frames by 0-based frame index. */
export type FrameCompare = (a: number, b: number) => number;

/**
 * The displayed frames (frame numbers, ascending) reordered by a column: a permutation in a typed array, no
 * per-row objects. A stable bottom-up merge sort (typed arrays' own sort with a comparator is far slower), so
 * equal keys keep frame order in both directions, as Wireshark's list does.
 */
export function sortFrames(frames: Uint32Array, compare: FrameCompare, descending: boolean): Uint32Array {
  const n = frames.length;
  let from = frames.slice();
  let to = new Uint32Array(n);
  const sign = descending ? -1 : 1;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) to[k++] = sign * compare(from[j] - 1, from[i] - 1) < 0 ? from[j++] : from[i++];
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Compares by a numeric key per frame index. */
export const byKey =
  (key: ArrayLike<number>): FrameCompare =>
  (a, b) =>
    key[a] - key[b];

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
