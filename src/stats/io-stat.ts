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
  // A duration of whole intervals ends exactly where an interval would start: the frame there falls outside
  // every row, as in tshark (unless one interval spans the whole capture).
  const last = intervalUs < durationUs ? count : count - 1;
  eachFrame(facts, frames, (i) => {
    const k = Math.min(last, Math.max(0, Math.floor(frameMicros(facts, i) / intervalUs)));
    if (k >= count) return;
    series.frames[k]++;
    series.bytes[k] += facts.length(i);
  });
  return series;
}

/** tshark's io,stat column functions over a field's values. */
export const AGGREGATES = ['SUM', 'MIN', 'MAX', 'AVG', 'COUNT'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** One io,stat column as written: a display filter, or `FUNC(field)filter`. */
export type IoColumnSpec = { filter: string } | { aggregate: Aggregate; field: string; filter: string };

/** Parses one io,stat column; a string says what is wrong. */
export function parseIoColumn(text: string): IoColumnSpec | string {
  const m = /^\s*([A-Z]+)\s*\(\s*([^)]*?)\s*\)\s*(.*)$/.exec(text);
  if (!m) return { filter: text };
  const [, name, field, filter] = m;
  if (!(AGGREGATES as readonly string[]).includes(name))
    return `io,stat: unknown function ${name}() (${AGGREGATES.join(', ')})`;
  if (!field) return `io,stat: ${name}() needs a field`;
  return { aggregate: name as Aggregate, field, filter };
}

/**
 * A field's values per frame for one aggregate column: frame index → the values of every occurrence of the
 * field in that frame (times in nanoseconds).
 */
export type FieldValues = Map<number, number[]>;

/** One aggregate column's value per interval; `float` columns are times in nanoseconds (printed as seconds). */
export interface AggregateSeries {
  aggregate: Aggregate;
  float: boolean;
  values: number[];
  /**
   * The largest value an interval held while its frames were counted (a MIN starts at its interval's first value),
   * which tshark sizes the column by.
   */
  widest: number;
}

/** Applies `aggregate` to the values of the frames in each interval of `shape` (an ioSeries of the capture). */
export function aggregateSeries(
  facts: FrameFacts,
  shape: IoSeries,
  aggregate: Aggregate,
  values: FieldValues,
  float: boolean,
): AggregateSeries {
  const count = shape.frames.length;
  const last = shape.intervalUs < shape.durationUs ? count : count - 1;
  const sums = new Array<number>(count).fill(0);
  const counts = new Array<number>(count).fill(0);
  const mins = new Array<number>(count).fill(Infinity);
  const maxs = new Array<number>(count).fill(-Infinity);
  let widest = 0;
  for (const [i, list] of values) {
    const k = Math.min(last, Math.max(0, Math.floor(frameMicros(facts, i) / shape.intervalUs)));
    if (k >= count) continue;
    for (const v of list) {
      sums[k] += v;
      counts[k]++;
      mins[k] = Math.min(mins[k], v);
      maxs[k] = Math.max(maxs[k], v);
      widest = Math.max(widest, pick(k));
    }
  }
  return {
    aggregate,
    float: float && aggregate !== 'COUNT',
    values: Array.from({ length: count }, (_, k) => pick(k)),
    widest,
  };
  function pick(k: number): number {
    if (aggregate === 'COUNT') return counts[k];
    if (counts[k] === 0) return 0;
    if (aggregate === 'SUM') return sums[k];
    if (aggregate === 'MIN') return mins[k];
    if (aggregate === 'MAX') return maxs[k];
    return float ? sums[k] / counts[k] : Math.floor(sums[k] / counts[k]);
  }
}
