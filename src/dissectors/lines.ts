import type { Bytes } from './bytes';

/**
 * Where the line starting at `from` ends: `end` before its CRLF or LF (or at the data's end when there is
 * none), `next` after it.
 */
export function lineEnd(data: Bytes, from: number): { end: number; next: number } {
  const lf = data.indexOf(0x0a, from);
  if (lf < 0) return { end: data.length, next: data.length };
  return { end: lf > from && data.u8(lf - 1) === 0x0d ? lf - 1 : lf, next: lf + 1 };
}
