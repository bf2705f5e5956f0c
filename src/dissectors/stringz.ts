import type { Bytes } from './bytes';

/** A NUL-terminated ASCII string and its size with the NUL. */
export function stringz(data: Bytes, at: number): { text: string; length: number } {
  let end = at;
  while (data.u8(end) !== 0) end++;
  return { text: data.text(at, end - at), length: end + 1 - at };
}

/** A NUL-terminated UTF-16LE string and its size with the NUL. */
export function stringz16(data: Bytes, at: number): { text: string; length: number } {
  let end = at;
  while (data.u16le(end) !== 0) end += 2;
  return { text: data.utf16le(at, end - at), length: end + 2 - at };
}
