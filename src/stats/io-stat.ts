import { eachFrame } from './conversations';
import type { FrameFacts } from './frame-facts';

/** Frames and bytes per interval: Wireshark's IO graph and `-z io,stat`. */
export interface IoSeries {
  /** Interval length, microseconds (tshark's unit for io,stat). */
  intervalUs: number;
  /** The capture's duration in microseconds: its last frame's time since its first. */
  durationUs: number;
  frames: number[];
  bytes: number[];
}

/** More intervals than this are refused: the series would not fit in memory, nor a graph be read. */
export const MAX_INTERVALS = 1_000_000;

/** Microseconds since the first frame, rounded as tshark rounds a timestamp to its io,stat unit. */
export function frameMicros(facts: FrameFacts, i: number): number {
  return Math.round(facts.time(i) * 1e6);
}

/** The capture's duration: the latest frame's time since the first, in microseconds. */
export function durationMicros(facts: FrameFacts): number {
  let latest = 0;
  for (let i = 0; i < facts.count; i++) latest = Math.max(latest, frameMicros(facts, i));
  return latest;
}

/**
 * Counts `frames` (all when undefined) into intervals of `intervalUs` from the first frame of the capture to
 * its last: one bucket per interval the capture's duration reaches into, so every series of a capture has as
 * many buckets whatever frames it counts.
 */
export function ioSeries(
  facts: FrameFacts,
  intervalUs: number,
  frames?: Uint32Array,
  durationUs = durationMicros(facts),
): IoSeries {
  if (!(intervalUs > 0)) throw new RangeError('the interval must be positive');
  if (durationUs / intervalUs >= MAX_INTERVALS) {
    throw new RangeError(`${Math.floor(durationUs / intervalUs) + 1} intervals are too many: choose a longer interval`);
  }
  // The last frame opens an interval of its own, unless the duration is a whole number of intervals.
  const count =
    durationUs > 0 && durationUs % intervalUs === 0 ? durationUs / intervalUs : Math.floor(durationUs / intervalUs) + 1;
  const series: IoSeries = {
    intervalUs,
    durationUs,
    frames: new Array(count).fill(0),
    bytes: new Array(count).fill(0),
  };
  eachFrame(facts, frames, (i) => {
    const k = Math.min(count - 1, Math.max(0, Math.floor(frameMicros(facts, i) / intervalUs)));
    series.frames[k]++;
    series.bytes[k] += facts.length(i);
  });
  return series;
}
