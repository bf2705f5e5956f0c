/**
 * Bytes per stored chunk. IndexedDB copies each Blob it is given in one go; slices this size keep a gigabyte
 * capture to a few dozen writes without any one of them needing much memory.
 */
export const CHUNK_SIZE = 16 << 20;

/** [start, end) byte ranges covering `size` bytes in chunks; one empty chunk for an empty file. */
export function chunkRanges(size: number, chunkSize = CHUNK_SIZE): [number, number][] {
  if (chunkSize <= 0) throw new RangeError('chunk size must be positive');
  const ranges: [number, number][] = [];
  for (let start = 0; start < size; start += chunkSize) ranges.push([start, Math.min(size, start + chunkSize)]);
  return ranges.length ? ranges : [[0, 0]];
}
