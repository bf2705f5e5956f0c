import { RECORD_WORDS } from './core';
import { fieldId } from '../fields/registry';

/** The id of the depth-0 `frame` record that opens each frame's records. */
export const FRAME_ID = fieldId('frame')!;

/** One frame's slice of a field-record batch: records [start, end) in words. */
export interface FrameSpan {
  start: number;
  end: number;
}

/** Splits a batch of field records into frames; a frame starts at each depth-0 `frame` record. */
export function* frameSpans(records: Uint32Array): Generator<FrameSpan> {
  let start = -1;
  for (let at = 0; at < records.length; at += RECORD_WORDS) {
    if (records[at] === FRAME_ID && (records[at + 1] & 0xff) === 0) {
      if (start >= 0) yield { start, end: at };
      start = at;
    }
  }
  if (start >= 0) yield { start, end: records.length };
}
