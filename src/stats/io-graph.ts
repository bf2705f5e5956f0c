import type { Value } from '../filter';

/** What one IO graph series counts per interval: packets, bytes, or a numeric field's SUM/MIN/MAX/AVG. */
export type IoMetric = 'packets' | 'bytes' | 'sum' | 'min' | 'max' | 'avg';
export const IO_METRICS: readonly IoMetric[] = ['packets', 'bytes', 'sum', 'min', 'max', 'avg'];

/** One series as the user defines it: the frames a display filter matches ('' for all), and what to count. */
export interface IoSeriesSpec {
  filter: string;
  metric: IoMetric;
  /** The field of SUM/MIN/MAX/AVG (a number or time field). */
  field?: string;
}

/** One series computed: a value per interval (null where a field metric saw no value) and its first frame. */
export interface IoGraphLine {
  values: (number | null)[];
  /** The first frame counted in each interval (0: none), where a click on the point goes. */
  firstFrames: number[];
}

/** The IO graph: interval starts in seconds since the first frame, and each series' line. */
export interface IoGraphData {
  intervalUs: number;
  /** Start of each interval, seconds since the capture's first frame. */
  starts: number[];
  lines: IoGraphLine[];
}

/** More intervals than this are refused: the series would not fit in memory, nor a graph be read. */
export const MAX_GRAPH_INTERVALS = 1_000_000;

/**
 * How many intervals of `intervalUs` the capture's duration reaches into (at least one), as io,stat counts them;
 * throws a RangeError when the interval is not positive or there would be too many.
 */
export function intervalCount(durationUs: number, intervalUs: number): number {
  if (!(intervalUs > 0)) throw new RangeError('the interval must be positive');
  if (durationUs / intervalUs >= MAX_GRAPH_INTERVALS) {
    throw new RangeError(`${Math.floor(durationUs / intervalUs) + 1} intervals are too many: choose a longer interval`);
  }
  return durationUs > 0 && durationUs % intervalUs === 0
    ? durationUs / intervalUs
    : Math.floor(durationUs / intervalUs) + 1;
}

/** The interval a frame `timeUs` after the first falls in. */
export function intervalOf(timeUs: number, intervalUs: number, count: number): number {
  return Math.min(count - 1, Math.max(0, Math.floor(timeUs / intervalUs)));
}

/** Frame times from the packet index's columns: microseconds since the first frame, rounded as io,stat does. */
export function frameMicros(tsSec: ArrayLike<number>, tsNsec: ArrayLike<number>, i: number): number {
  return Math.round((tsSec[i] - tsSec[0] + (tsNsec[i] - tsNsec[0]) / 1e9) * 1e6);
}

/** Adds up one series interval by interval. */
export class IoAccumulator {
  private readonly sums: Float64Array;
  private readonly counts: Uint32Array;
  private readonly extremes: Float64Array;
  readonly firstFrames: number[];

  constructor(
    readonly metric: IoMetric,
    readonly count: number,
  ) {
    this.sums = new Float64Array(count);
    this.counts = new Uint32Array(count);
    this.extremes = new Float64Array(count);
    this.firstFrames = new Array<number>(count).fill(0);
  }

  /** One frame in `interval`: its length for 'bytes', else its field's values (none: counted for 'packets' only). */
  add(interval: number, frame: number, value: number | readonly number[]): void {
    if (this.firstFrames[interval] === 0) this.firstFrames[interval] = frame;
    if (this.metric === 'packets') this.sums[interval]++;
    else if (this.metric === 'bytes') this.sums[interval] += value as number;
    else {
      for (const v of value as readonly number[]) {
        const seen = this.counts[interval]++ > 0;
        this.sums[interval] += v;
        if (this.metric === 'min') this.extremes[interval] = seen ? Math.min(this.extremes[interval], v) : v;
        if (this.metric === 'max') this.extremes[interval] = seen ? Math.max(this.extremes[interval], v) : v;
      }
    }
  }

  line(): IoGraphLine {
    const values: (number | null)[] = [];
    for (let k = 0; k < this.count; k++) {
      switch (this.metric) {
        case 'packets':
        case 'bytes':
        case 'sum':
          values.push(this.sums[k]);
          break;
        case 'min':
        case 'max':
          values.push(this.counts[k] ? this.extremes[k] : null);
          break;
        case 'avg':
          values.push(this.counts[k] ? this.sums[k] / this.counts[k] : null);
      }
    }
    return { values, firstFrames: this.firstFrames };
  }
}

/**
 * A field's values in one frame as numbers: integers as they are, times (nanoseconds) in seconds, as io,stat
 * prints them. Other kinds (addresses, strings, bytes) are no numbers: undefined.
 */
export function numericValues(values: readonly Value[], isTime: boolean): number[] | undefined {
  const out: number[] = [];
  for (const v of values) {
    if (typeof v === 'number') out.push(isTime ? v / 1e9 : v);
    else if (typeof v === 'bigint') out.push(isTime ? Number(v) / 1e9 : Number(v));
    else return undefined;
  }
  return out;
}

/** Field types a SUM/MIN/MAX/AVG series can use. */
export const NUMERIC_FIELD_TYPES: ReadonlySet<string> = new Set([
  'uint',
  'int',
  'framenum',
  'reltime',
  'hex8',
  'hex16',
  'hex24',
  'hex32',
  'bool',
]);

/** Interval starts in seconds. */
export function intervalStarts(count: number, intervalUs: number): number[] {
  return Array.from({ length: count }, (_, k) => (k * intervalUs) / 1e6);
}
