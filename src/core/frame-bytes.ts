import type { PacketIndex } from './packet-index';
import { readSlice } from './source';

/** Frames are read in one slice of the file while they lie within this many bytes, and at most this many. */
const SPAN_BYTES = 8 << 20;
const SPAN_FRAMES = 2048;
/** A row this far from the span read so far starts a read of its own: skipping the gap costs less than reading it. */
const GAP_BYTES = 32 << 10;

/**
 * The captured bytes of the given rows (0-based, in any order), a batch at a time in that order: each batch is the
 * rows that one slice of the file holds, so rows near each other cost one read (rows far apart one each, the gaps
 * between them unread), and a long list is never all in memory at once. The bytes are views into the batch's slice.
 */
export async function* frameBytes(
  blob: Blob,
  index: PacketIndex,
  rows: ArrayLike<number>,
): AsyncGenerator<{ row: number; bytes: Uint8Array }[]> {
  for (let from = 0; from < rows.length;) {
    let lo = index.at('fileOffset', rows[from]);
    let hi = lo + index.at('capLen', rows[from]);
    let to = from + 1;
    for (; to < rows.length && to - from < SPAN_FRAMES; to++) {
      const start = index.at('fileOffset', rows[to]);
      const end = start + index.at('capLen', rows[to]);
      if (Math.max(hi, end) - Math.min(lo, start) > SPAN_BYTES) break;
      if (start > hi + GAP_BYTES || end + GAP_BYTES < lo) break;
      lo = Math.min(lo, start);
      hi = Math.max(hi, end);
    }
    const span = await readSlice(blob, lo, hi - lo);
    const batch = [];
    for (let k = from; k < to; k++) {
      const at = index.at('fileOffset', rows[k]) - lo;
      batch.push({ row: rows[k], bytes: span.subarray(at, at + index.at('capLen', rows[k])) });
    }
    yield batch;
    from = to;
  }
}
