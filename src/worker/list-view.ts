import type { PacketIndex } from '../core/packet-index';
import { frameBytes } from '../core/frame-bytes';
import { NO_STREAM, Transport } from '../abi/core-constants';
import { compileFilter, FilterError } from '../filter';
import { Note, NOTE_BITS, type NoteKind } from '../present/annotations';
import { addresses } from '../present/summary';
import { difference, formatTime, REF_TEXT, referenceFrame, type Stamp, type TimeFormat } from '../present/time-format';
import type { FilterOutcome, FilterProgress, RowPage, SortSpec } from '../api/capture-api';
import type { BackgroundPasses } from './background-passes';
import type { CaptureState, SessionContext } from './capture-state';
import { DisplayFilterRunner } from './display-filter';
import { sliceSource } from './filter-slicing';
import { loadTablesForFilter } from './filter-tables';
import { provisionalColumns, type StreamPlace } from './provisional-columns';
import { byKey, compareText, rowOfFrame, sortFrames, type FrameCompare } from './row-order';

/**
 * The packet list, worker side: the displayed frames (the display filter's) in the order of the sort, and the
 * rows of any part of it, with the background passes' columns where they have got to and a guess from a lone
 * decode where they have not.
 */
export class ListView {
  /** The displayed frames in list order (the filtered ones, sorted); undefined: all of them in frame order. */
  private view?: Uint32Array;
  private sortSpec?: SortSpec;
  /** The Time column's format, for sorting by it (rows() is told the format with each page). */
  private timeFormat: TimeFormat = 'relative';
  /** Decimals of the Time column: 9 for captures with nanosecond timestamps, else 6 (Wireshark's automatic precision). */
  private timeDigits?: number;
  private filterCore?: ReturnType<SessionContext['newCore']>;
  private readonly filters = new DisplayFilterRunner(() => (this.filterCore ??= this.ctx.newCore()));

  constructor(
    private readonly ctx: SessionContext,
    private readonly passes: BackgroundPasses,
  ) {}

  /** A new capture: every frame shown, in frame order. */
  reset(): void {
    this.filters.cancel();
    this.view = undefined;
    this.sortSpec = undefined;
    this.timeDigits = undefined;
  }

  async rows(from: number, count: number, timeFormat: TimeFormat = 'relative'): Promise<RowPage> {
    const capture = this.ctx.capture;
    const { index, notes } = capture;
    const { columns, derived } = this.passes;
    const view = this.view;
    const n = Math.max(0, Math.min(count, (view ? view.length : index.count) - from));
    const at = Array.from({ length: n }, (_, k) => (view ? view[from + k] - 1 : from + k));
    const numbers = Uint32Array.from(at, (i) => i + 1);
    const length = new Uint32Array(n);
    const flags = new Uint32Array(n);
    const noteBits = new Uint8Array(n);
    const colours = new Int16Array(n);
    const dissected = columns.count;
    const derivedCount = derived.count;
    const digits = this.digits(capture);
    // Only rows the background passes have not reached yet need their bytes read and decoded for a guess.
    const final = (i: number) => i < dissected && i < derivedCount;
    const guessed = at.filter((i) => !final(i) && !(notes.of(i + 1) & Note.Ignored));
    const read = guessed.length ? await this.ctx.urgently(() => readFrames(capture.blob, index, guessed)) : [];
    const bytesOf = new Map(guessed.map((i, k) => [i, read[k]]));
    const summaries = [];
    const times: string[] = [];
    const fields: string[][] = [];
    for (let k = 0; k < n; k++) {
      const i = at[k];
      length[k] = index.at('origLen', i);
      flags[k] = index.at('flags', i);
      noteBits[k] = notes.of(i + 1) | (notes.commentsOf(i + 1).length ? Note.Commented : 0);
      times.push(
        noteBits[k] & Note.TimeRef
          ? REF_TEXT
          : formatTime(timeFormat, capture.stamp(i), timeBase(capture, timeFormat, i), digits),
      );
      if (noteBits[k] & Note.Ignored) {
        // Wireshark does not dissect an ignored frame: its columns say so and nothing else.
        summaries.push({ source: '', destination: '', protocol: '', info: '<Ignored>' });
        colours[k] = -1;
        fields.push(derived.config.fields.map(() => ''));
        continue;
      }
      const bytes = bytesOf.get(i);
      const records = bytes ? this.decode(index, i, bytes) : undefined;
      const [source, destination] =
        i < derivedCount ? [derived.sources.get(i), derived.destinations.get(i)] : addresses(records!, bytes);
      const { protocol, info } =
        i < dissected
          ? { protocol: columns.protocol(i), info: columns.info(i) }
          : provisionalColumns(records!, bytes!, streamPlace(index, i), this.ctx.settings);
      summaries.push({ source, destination, protocol, info });
      if (i < derivedCount) {
        colours[k] = derived.colour(i);
        fields.push(derived.config.fields.map((_, c) => derived.text(c, i)));
      } else {
        const guess = derived.provisional(records!, bytes!, i + 1, notes);
        colours[k] = guess.colour;
        fields.push(guess.texts);
      }
    }
    return {
      from,
      count: n,
      numbers,
      times,
      length,
      flags,
      notes: noteBits,
      dissected,
      derived: derivedCount,
      colours,
      summaries,
      fields,
    };
  }

  private digits(capture: CaptureState): number {
    if (this.timeDigits !== undefined) return this.timeDigits;
    const nsec = capture.index.column('tsNsec');
    let digits = 6;
    for (let i = 0; i < nsec.length; i++) {
      if (nsec[i] % 1000) {
        digits = 9;
        break;
      }
    }
    // Settled once the whole capture is indexed; until then a later frame may still show nanoseconds.
    if (capture.loaded) this.timeDigits = digits;
    return digits;
  }

  /**
   * Applies a display filter once the capture is loaded; from then on rows() serves only the frames it matches. A
   * filter replaced by a newer one, or by cancelFilter(), resolves as cancelled.
   */
  async filter(text: string, onProgress?: (progress: FilterProgress) => void): Promise<FilterOutcome> {
    await this.ctx.capture.loading.catch(() => {});
    await loadTablesForFilter(text);
    const capture = this.ctx.capture;
    const outcome = await this.ctx.urgently(() =>
      this.filters.apply(
        text,
        capture.index,
        capture.blob,
        onProgress,
        capture.notes,
        this.ctx.settings,
        () => this.ctx.tlsKeys.decryption(),
        () => sliceSource(this.ctx),
      ),
    );
    if (capture.signal.aborted) return { kind: 'cancelled' };
    if (outcome.kind !== 'applied') return outcome;
    capture.filtered = outcome.frames;
    this.view = await this.ordered();
    return { kind: 'applied', frames: this.view };
  }

  async cancelFilter(): Promise<void> {
    this.filters.cancel();
  }

  /** Why each display filter is refused ('' when it compiles). */
  async checkFilters(texts: string[]): Promise<string[]> {
    return texts.map((text) => {
      try {
        compileFilter(text);
        return '';
      } catch (e) {
        if (e instanceof FilterError) return e.message;
        throw e;
      }
    });
  }

  /** Sorts the displayed packets by a column (undefined: frame order); gives the new list order. */
  async sort(spec: SortSpec | undefined): Promise<Uint32Array | undefined> {
    this.sortSpec = spec;
    this.view = await this.ordered();
    return this.view;
  }

  /** The Time column's format changed: a sort by time follows it. Gives the list order. */
  async setTimeFormat(format: TimeFormat): Promise<Uint32Array | undefined> {
    this.timeFormat = format;
    if (this.sortSpec?.column !== 'time') return this.view;
    return this.sort(this.sortSpec);
  }

  /** Row of frame `number` in the list as displayed, or -1. */
  async rowOf(number: number): Promise<number> {
    return rowOfFrame(this.view, this.ctx.capture.index.count, number);
  }

  /** The next (step 1) or previous (step -1) displayed row after `row` whose frame has a note; -1 when none. */
  async findNoted(kind: NoteKind, row: number, step: 1 | -1): Promise<number> {
    const { index, notes } = this.ctx.capture;
    const count = this.view ? this.view.length : index.count;
    const bit = NOTE_BITS[kind];
    for (let r = row + step; r >= 0 && r < count; r += step) {
      if (notes.of(this.view ? this.view[r] : r + 1) & bit) return r;
    }
    return -1;
  }

  /** The filtered frames in the order of the current sort. */
  private async ordered(): Promise<Uint32Array | undefined> {
    const spec = this.sortSpec;
    const capture = this.ctx.capture;
    if (!spec || (spec.column === 'number' && !spec.descending)) return capture.filtered;
    await capture.loading.catch(() => {});
    // Text columns are sorted by the background pass's values, so every frame must have them.
    if (spec.column.startsWith('field:') || spec.column === 'source' || spec.column === 'destination')
      await this.passes.derivedFilled();
    else if (spec.column === 'protocol' || spec.column === 'info') await this.passes.dissecting.catch(() => {});
    if (capture.signal.aborted) return undefined;
    return sortFrames(capture.displayedFrames(), this.comparator(capture, spec.column), spec.descending);
  }

  private comparator(capture: CaptureState, column: string): FrameCompare {
    const { columns, derived } = this.passes;
    switch (column) {
      case 'number':
        return (a, b) => a - b;
      case 'length':
        return byKey(capture.index.column('origLen'));
      case 'time':
        return timeComparator(capture, this.timeFormat);
      case 'source':
        return byKey(derived.sources.ranks(compareText));
      case 'destination':
        return byKey(derived.destinations.ranks(compareText));
      case 'protocol':
        return byKey(columns.protocols.ranks(compareText));
      case 'info':
        return (a, b) => columns.infos.compare(a, b);
    }
    const c = derived.config.fields.indexOf(column.slice('field:'.length));
    if (c < 0) return (a, b) => a - b;
    return (a, b) => compareText(derived.text(c, a), derived.text(c, b));
  }

  /** Field records of row i, a copy (the core's buffer is reused by the next decode). */
  private decode(index: PacketIndex, i: number, bytes: Uint8Array): Uint32Array {
    const core = this.ctx.cores.frame;
    const x = core.exports;
    core.u8(x.scratch(bytes.length), bytes.length).set(bytes);
    x.decodeOne(
      bytes.length,
      i + 1,
      index.at('origLen', i),
      index.at('tsSec', i),
      index.at('tsNsec', i),
      index.at('linkType', i),
      this.ctx.capture.format,
    );
    return core.fieldRecords().slice();
  }
}

/** What frame index i's time counts from in a relative format (Wireshark's semantics, refs included). */
function timeBase(capture: CaptureState, format: TimeFormat, i: number): Stamp {
  if (format === 'relative') {
    const refs = capture.notes.timeRefs();
    return refs.length ? capture.stamp(referenceFrame(i + 1, refs) - 1) : capture.firstTime;
  }
  if (format === 'delta') return capture.stamp(Math.max(0, i - 1));
  if (format === 'delta-displayed') return capture.stamp(previousDisplayed(capture.filtered, i + 1) - 1);
  return capture.firstTime;
}

/** Orders by the Time column's value in the format: seconds from its base, refs counting as 0. */
function timeComparator(capture: CaptureState, format: TimeFormat): FrameCompare {
  const index = capture.index;
  if (format === 'relative' || format === 'delta' || format === 'delta-displayed') {
    const key = new Float64Array(index.count);
    for (let i = 0; i < index.count; i++) {
      if (capture.notes.of(i + 1) & Note.TimeRef) continue;
      const d = difference(capture.stamp(i), timeBase(capture, format, i));
      key[i] = d.sec + d.nsec / 1e9;
    }
    return byKey(key);
  }
  const sec = index.column('tsSec');
  const nsec = index.column('tsNsec');
  return (a, b) => sec[a] - sec[b] || nsec[a] - nsec[b];
}

/** The displayed frame before frame `number` in frame order (itself when there is none). */
export function previousDisplayed(shown: Uint32Array | undefined, number: number): number {
  if (!shown) return Math.max(1, number - 1);
  let lo = 0;
  let hi = shown.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (shown[mid] < number) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? shown[lo - 1] : number;
}

/** Row i's place in its TCP stream, from the index; undefined for anything else. */
function streamPlace(index: PacketIndex, i: number): StreamPlace | undefined {
  const stream = index.at('stream', i);
  if (stream === NO_STREAM || index.at('transport', i) & Transport.Udp) return undefined;
  return { stream, seq: index.at('relSeq', i), ack: index.at('relAck', i), analysis: index.at('analysis', i) };
}

/** Captured bytes of the given rows, in their order: one read for rows near each other in the file. */
async function readFrames(blob: Blob, index: PacketIndex, rows: number[]): Promise<Uint8Array[]> {
  const read: Uint8Array[] = [];
  for await (const batch of frameBytes(blob, index, rows)) read.push(...batch.map((b) => b.bytes));
  return read;
}
