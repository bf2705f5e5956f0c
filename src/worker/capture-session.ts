import { Core } from '../core/core';
import { ingest } from '../core/ingest';
import { PacketIndex } from '../core/packet-index';
import { isPcapng, openCapture } from '../core/source';
import { NO_STREAM, StreamRows, Transport } from '../core/stream-rows';
import { followChunks, notePayloadPieces, streamMapFromIndex, type PiecesByFrame } from '../core/streams';
import { dissectFrames, STOP, type DissectedFrame } from '../passes/dissect-frames';
import { addresses } from '../present/summary';
import { captureFacts } from '../store/metadata';
import { packAnalysisGently, unpackAnalysis } from '../store/packed-analysis';
import type {
  CaptureApi, CaptureSummary, DecodeAsTarget, ExpertEntry, ExportChoices, ExportedPackets, ExportPacketsRequest, ExportSelection, FilterProgress, FollowedStream, FollowKind, FrameDetail, IndexSnapshot,
  LoadProgress, ObjectEntry, PackedAnalysis, RowPage, StoredAnalysis, StreamRef,
} from '../api/capture-api';
import { scanObjects, type ObjectCatalog } from './object-scan';
import { chatReport, hasMsnpPort } from '../msn/capture';
import type { ChatReport } from '../msn/types';
import { ColumnTable } from './column-table';
import { DisplayFilterRunner } from './display-filter';
import { ExpertItems } from './expert-items';
import { FrameClock, frameDetail } from '../present/frame-detail';
import { dissectSubset } from '../passes/dissect-subset';
import { TlsKeys } from './tls-keys';
import { scanTlsSessions } from './tls-sessions';
import { followTls } from './follow-tls';
import type { TlsKeyEntry, TlsKeyFile, TlsKeyOutcome, TlsSessionRow } from '../api/tls';
import { frameBytes } from '../core/frame-bytes';
import { provisionalColumns, type StreamPlace } from './provisional-columns';
import { FrameAnnotations, Note, NOTE_BITS, type AnnotationSnapshot, type NoteKind } from '../present/annotations';
import { DerivedColumns } from './derived-columns';
import { byKey, compareText, rowOfFrame, sortFrames, type FrameCompare } from './row-order';
import { DEFAULT_RULES } from '../present/colouring';
import { difference, formatTime, REF_TEXT, referenceFrame, type Stamp, type TimeFormat } from '../present/time-format';
import { SideKind } from '../core/side-kinds';
import { exportPcapng, ExportSideData } from '../core/export-pcapng';
import { compileFilter, FilterError } from '../filter';
import { addFrame, FrameFacts, type TapKind } from '../stats/frame-facts';
import { conversations, endpoints, type ConversationRow, type EndpointRow } from '../stats/conversations';
import { protocolHierarchy, type HierarchyNode } from '../stats/hierarchy';
import { durationMicros, ioSeries } from '../stats/io-stat';
import type { DerivedConfig, FilterOutcome, IoGraphOutcome, SortSpec } from '../api/capture-api';
import { loadTablesForFields, loadVendorNames } from '../vendors/load';

/**
 * The background passes (Protocol and Info, colouring) read this much at a time: their per-frame work is heavy,
 * and the worker answers the list only between reads (~20 ms of dissection in a browser at this size).
 */
const DERIVED_CHUNK = 64 << 10;
import { decodeAsProtocols, defaultSettings, DissectorChoice, type DissectionSettings } from '../dissectors/decode-as';
import { TreeFrames } from './tree-frames';
import { dissectorNames, heuristicsFor } from '../dissectors/api';
import { allFields, isCoreField } from '../fields/registry';
import type { FieldDef } from '../fields/types';


class Superseded extends Error {}

/**
 * One open capture, worker side. The ingest core fills the packet index. Beside it, a dissection core runs the
 * field-mode pass with the application dissectors over the whole file (the path `loupe fields` takes) and keeps
 * each frame's Protocol and Info in a compact table, and the expert items; rows it has not reached yet get a
 * provisional guess from a lone-frame decode in a third core, so the list is usable at once. The protocol tree
 * is a field-mode pass up to the selected frame in a fourth core: application state depends on every earlier
 * frame. A fifth, made when first needed, runs the display filter's decoding pass. A capture reopened from the
 * library brings its index, table and expert items along, and none of these passes but the tree's runs.
 */
export class CaptureSession implements CaptureApi {
  private index = new PacketIndex();
  private streams = new StreamRows();
  /** Where IP-reassembled payloads lie in the file (not in a stored index: such a capture's Follow shows them empty). */
  private payloadPieces: PiecesByFrame = new Map();
  /** The TLS keys the user gave this capture (memory only); every application-layer pass decrypts with them. */
  private tlsKeys = new TlsKeys();
  /** The TLS keys dialog's session table: one pass, kept until the keys or the dissection change. */
  private tlsSessionRows?: Promise<TlsSessionRow[]>;
  private tlsCore?: Promise<Core>;
  private tlsQueue: Promise<unknown> = Promise.resolve();
  private followCore?: Promise<Core>;
  private followQueue: Promise<unknown> = Promise.resolve();
  /** Interfaces and secrets for exports; a capture reopened from the library gathers them when first asked. */
  private exportSide?: Promise<ExportSideData>;
  private columns = new ColumnTable();
  private expert = new ExpertItems();
  private dissecting: Promise<unknown> = Promise.resolve();
  private summary?: CaptureSummary;
  private blob: Blob = new Blob([]);
  /** MSN Messenger chats (src/msn), reconstructed when first asked for and kept until the next open. */
  private chatReport?: Promise<ChatReport>;
  private firstTime = { sec: 0, nsec: 0 };
  private generation = 0;
  private loading: Promise<unknown> = Promise.resolve();
  private objects?: Promise<ObjectCatalog>;
  private objectsCore?: Promise<Core>;
  private objectsQueue: Promise<unknown> = Promise.resolve();
  private detailQueue: Promise<unknown> = Promise.resolve();
  private detailWanted = 0;
  private filterCore?: Promise<Core>;
  private filters = new DisplayFilterRunner(() => (this.filterCore ??= Core.instantiate(this.module)));
  /** Frame numbers the display filter lets through, ascending; undefined: all of them. */
  private filtered?: Uint32Array;
  /** The displayed frames in list order (the filtered ones, sorted); undefined: all of them in frame order. */
  private view?: Uint32Array;
  private sortSpec?: SortSpec;
  /** The Time column's format, for sorting by it (rows() is told the format with each page). */
  private timeFormat: TimeFormat = 'relative';
  private notes = new FrameAnnotations();
  private derived = new DerivedColumns({ rules: DEFAULT_RULES.map((r) => ({ ...r })), fields: [] });
  private derivedCore?: Promise<Core>;
  private derivedQueue: Promise<unknown> = Promise.resolve();
  private onDerived?: (derived: number) => void;
  /** Decimals of the Time column: 9 for captures with nanosecond timestamps, else 6 (Wireshark's automatic precision). */
  private timeDigits?: number;
  private loaded = false;
  /** The statistics' per-frame facts: one pass on a core of its own, made when first asked for. */
  private facts?: Promise<FrameFacts>;
  private factsCore?: Promise<Core>;
  private factsQueue: Promise<unknown> = Promise.resolve();
  /** Which frames the protocol tree's pass dissects; remade when the Decode As rules change. */
  private treeFrames?: TreeFrames;
  /** Requests the user waits on, running now: the background passes wait between their reads until they are done. */
  private urgent = 0;
  private urgentDone?: { promise: Promise<void>; resolve: () => void };
  private readonly backgroundPause = () => (this.urgent > 0 ? this.urgentDone?.promise : undefined);
  /** The IO graph's own display filter, so it never cancels the packet list's. */
  private graphFilterCore?: Promise<Core>;
  private graphFilters = new DisplayFilterRunner(() => (this.graphFilterCore ??= Core.instantiate(this.module)));
  /** Decode As rules and protocol switches every application-layer pass runs under. */
  private settings: DissectionSettings = defaultSettings();

  private constructor(
    private module: WebAssembly.Module,
    private ingestCore: Core,
    private frameCore: Core,
    private passCore: Core,
    private detailCore: Core,
  ) {}

  static async create(wasm: BufferSource | WebAssembly.Module): Promise<CaptureSession> {
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    // Vendor names are a chunk of their own, fetched as the worker starts: trees, Source/Destination and
    // eth.*_resolved all need them.
    const [cores] = await Promise.all([Promise.all(Array.from({ length: 4 }, () => Core.instantiate(module))), loadVendorNames()]);
    return new CaptureSession(module, cores[0], cores[1], cores[2], cores[3]);
  }

  async open(file: Blob, name: string, onProgress?: (progress: LoadProgress) => void, stored?: StoredAnalysis): Promise<CaptureSummary> {
    const generation = ++this.generation;
    // Each core serves one capture at a time: let a superseded ingest and pass stop before reusing them.
    await Promise.all([this.loading.catch(() => {}), this.dissecting.catch(() => {})]);
    const check = () => {
      if (generation !== this.generation) throw new Superseded();
    };
    check();
    this.index = new PacketIndex();
    this.streams = new StreamRows();
    this.payloadPieces = new Map();
    this.exportSide = undefined;
    this.tlsSessionRows = undefined;
    this.columns = new ColumnTable();
    this.expert = new ExpertItems();
    this.summary = undefined;
    this.objects = undefined;
    this.chatReport = undefined;
    this.facts = undefined;
    this.graphFilters.cancel();
    this.filters.cancel();
    this.filtered = undefined;
    this.view = undefined;
    this.sortSpec = undefined;
    this.notes = new FrameAnnotations();
    this.treeFrames = undefined;
    this.timeDigits = undefined;
    this.loaded = false;
    this.derived = new DerivedColumns({ rules: this.derived.config.rules, fields: [] });
    this.blob = new Blob([]);
    const source = await openCapture(file);
    check();
    this.blob = source.blob;
    const progress = (bytesRead: number, bytesTotal: number) =>
      onProgress?.({ bytesRead, bytesTotal, frames: this.ingestCore.exports.frameCount(), dissected: this.columns.count, derived: this.derived.count });
    const unpacked = stored && (await unpackAnalysis(stored.packed));
    check();
    // The index comes first: run beside it, the dissection pass (far slower per byte) would hold the index back to
    // its own pace, and the list its count. Rows it has not reached yet get provisional columns meanwhile.
    let indexed!: () => void;
    const indexing = new Promise<void>((resolve) => (indexed = resolve));
    if (unpacked?.columns && unpacked.expert) {
      this.columns = ColumnTable.restore(unpacked.columns);
      this.expert = ExpertItems.restore(unpacked.expert);
      this.dissecting = Promise.resolve();
    } else {
      this.dissecting = indexing.then(() => {
        if (generation !== this.generation) return;
        return this.fillColumns(source.blob, () => {
          if (generation === this.generation) progress(this.blob.size, this.blob.size);
        });
      });
    }
    // Its failure shows as rows that stay provisional, and rejects columnsFilled(); nothing else waits on it.
    this.dissecting.catch(() => {});
    // Colours and field columns come in a pass of their own once Protocol and Info are in, so the first pass
    // (and the worker's answers while it runs) stay as quick as they can be.
    this.startDerivedPass(this.derived, this.dissecting);
    if (stored && unpacked) {
      this.payloadPieces = unpacked.pieces ?? new Map();
      indexed();
      return (this.summary = this.restore(unpacked.index, stored.summary, name));
    }
    const notes = this.notes;
    const exportSide = new ExportSideData();
    const run = ingest(this.ingestCore, source.blob, false, {
      onSide: (entry) => {
        exportSide.observe(entry);
        notePayloadPieces(this.payloadPieces, entry);
        if (entry.kind === SideKind.PacketComment) notes.addFileComment(entry.frame, new TextDecoder().decode(entry.bytes));
      },
      onRows: (batch) => {
        check();
        if (this.index.count === 0) this.firstTime = { sec: batch.tsSec[0], nsec: batch.tsNsec[0] };
        this.index.append(batch);
        this.streams.update(this.index);
      },
      onProgress: (bytesRead, bytesTotal) => {
        check();
        // The core has read more frames than the index holds until the rows are drained right after this.
        progress(bytesRead, bytesTotal);
      },
    });
    this.loading = run;
    run.then(indexed, indexed);
    const result = await run;
    this.exportSide = Promise.resolve(exportSide);
    this.loaded = true;
    this.prepareChats();
    return (this.summary = {
      name,
      frames: result.frames,
      format: result.format,
      compressed: source.gzip,
      problem: result.problem,
      warnings: source.warning ? [source.warning] : [],
    });
  }

  private restore(index: IndexSnapshot, summary: CaptureSummary, name: string): CaptureSummary {
    this.index = PacketIndex.restore(index.count, index.columns);
    this.loaded = true;
    this.streams.update(this.index);
    this.prepareChats();
    if (index.count) this.firstTime = { sec: this.index.at('tsSec', 0), nsec: this.index.at('tsNsec', 0) };
    return { ...summary, name };
  }

  async packedAnalysis(dissected: boolean): Promise<PackedAnalysis | undefined> {
    const generation = this.generation;
    try {
      await this.loading;
      // Decode As may start another pass meanwhile: only a pass that ran to its end under the current settings counts.
      for (let pass = this.dissecting; dissected; pass = this.dissecting) {
        await pass;
        if (pass === this.dissecting) break;
      }
    } catch {
      return undefined;
    }
    const summary = this.summary;
    if (generation !== this.generation || !summary || (summary.problem?.fatal && summary.frames === 0)) return undefined;
    const index = { count: this.index.count, columns: this.index.snapshot() };
    const pieces = this.payloadPieces;
    const packed = await packAnalysisGently(dissected ? { index, pieces, columns: this.columns.snapshot(), expert: this.expert.list() } : { index, pieces });
    return { summary, packed, facts: captureFacts(summary, this.index), dissected };
  }

  /** Resolves when the background pass has filled in every frame's Protocol and Info. */
  async columnsFilled(): Promise<void> {
    await this.loading;
    await this.dissecting;
  }

  async rows(from: number, count: number, timeFormat: TimeFormat = 'relative'): Promise<RowPage> {
    const index = this.index;
    const columns = this.columns;
    const derived = this.derived;
    const notes = this.notes;
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
    const digits = this.digits();
    // Only rows the background passes have not reached yet need their bytes read and decoded for a guess.
    const final = (i: number) => i < dissected && i < derivedCount;
    const guessed = at.filter((i) => !final(i) && !(notes.of(i + 1) & Note.Ignored));
    const read = guessed.length ? await this.urgently(() => this.readFrames(index, guessed)) : [];
    const bytesOf = new Map(guessed.map((i, k) => [i, read[k]]));
    const summaries = [];
    const times: string[] = [];
    const fields: string[][] = [];
    for (let k = 0; k < n; k++) {
      const i = at[k];
      length[k] = index.at('origLen', i);
      flags[k] = index.at('flags', i);
      noteBits[k] = notes.of(i + 1) | (notes.commentsOf(i + 1).length ? Note.Commented : 0);
      times.push(noteBits[k] & Note.TimeRef ? REF_TEXT : formatTime(timeFormat, this.stamp(i), this.timeBase(timeFormat, i), digits));
      if (noteBits[k] & Note.Ignored) {
        // Wireshark does not dissect an ignored frame: its columns say so and nothing else.
        summaries.push({ source: '', destination: '', protocol: '', info: '<Ignored>' });
        colours[k] = -1;
        fields.push(derived.config.fields.map(() => ''));
        continue;
      }
      const bytes = bytesOf.get(i);
      const records = bytes ? this.decode(index, i, bytes) : undefined;
      const [source, destination] = i < derivedCount ? [derived.sources.get(i), derived.destinations.get(i)] : addresses(records!, bytes);
      const { protocol, info } = i < dissected
        ? { protocol: columns.protocol(i), info: columns.info(i) }
        : provisionalColumns(records!, bytes!, this.streamPlace(i), this.settings);
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
    return { from, count: n, numbers, times, length, flags, notes: noteBits, dissected, derived: derivedCount, colours, summaries, fields };
  }

  /** Frame index i's timestamp. */
  private stamp(i: number): Stamp {
    return { sec: this.index.at('tsSec', i), nsec: this.index.at('tsNsec', i) };
  }

  /** What frame index i's time counts from in a relative format (Wireshark's semantics, refs included). */
  private timeBase(format: TimeFormat, i: number): Stamp {
    if (format === 'relative') {
      const refs = this.notes.timeRefs();
      return refs.length ? this.stamp(referenceFrame(i + 1, refs) - 1) : this.firstTime;
    }
    if (format === 'delta') return this.stamp(Math.max(0, i - 1));
    if (format === 'delta-displayed') return this.stamp(this.previousDisplayed(i + 1) - 1);
    return this.firstTime;
  }

  /** The displayed frame before frame `number` in frame order (itself when there is none). */
  private previousDisplayed(number: number): number {
    const shown = this.filtered;
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

  private digits(): number {
    if (this.timeDigits !== undefined) return this.timeDigits;
    const nsec = this.index.column('tsNsec');
    let digits = 6;
    for (let i = 0; i < nsec.length; i++) {
      if (nsec[i] % 1000) {
        digits = 9;
        break;
      }
    }
    // Settled once the whole capture is indexed; until then a later frame may still show nanoseconds.
    if (this.loaded) this.timeDigits = digits;
    return digits;
  }

  async filter(text: string, onProgress?: (progress: FilterProgress) => void): Promise<FilterOutcome> {
    await this.loading.catch(() => {});
    await loadTablesForFilter(text);
    const generation = this.generation;
    const outcome = await this.urgently(() => this.filters.apply(text, this.index, this.blob, onProgress, this.notes, this.settings, () => this.tlsKeys.decryption()));
    if (generation !== this.generation) return { kind: 'cancelled' };
    if (outcome.kind !== 'applied') return outcome;
    this.filtered = outcome.frames;
    this.view = await this.ordered();
    return { kind: 'applied', frames: this.view };
  }

  /** Sorts the displayed packets by a column (undefined: frame order); gives the new list order. */
  async sort(spec: SortSpec | undefined): Promise<Uint32Array | undefined> {
    this.sortSpec = spec;
    this.view = await this.ordered();
    return this.view;
  }

  /** The filtered frames in the order of the current sort. */
  private async ordered(): Promise<Uint32Array | undefined> {
    const spec = this.sortSpec;
    if (!spec || (spec.column === 'number' && !spec.descending)) return this.filtered;
    const generation = this.generation;
    await this.loading.catch(() => {});
    // Text columns are sorted by the background pass's values, so every frame must have them.
    if (spec.column.startsWith('field:') || spec.column === 'source' || spec.column === 'destination') await this.derivedFilled();
    else if (spec.column === 'protocol' || spec.column === 'info') await this.dissecting.catch(() => {});
    if (generation !== this.generation) return undefined;
    const frames = this.filtered ?? Uint32Array.from({ length: this.index.count }, (_, i) => i + 1);
    return sortFrames(frames, this.comparator(spec.column), spec.descending);
  }

  private comparator(column: string): FrameCompare {
    const index = this.index;
    const columns = this.columns;
    switch (column) {
      case 'number':
        return (a, b) => a - b;
      case 'length':
        return byKey(index.column('origLen'));
      case 'time':
        return this.timeComparator();
      case 'source':
        return byKey(this.derived.sources.ranks(compareText));
      case 'destination':
        return byKey(this.derived.destinations.ranks(compareText));
      case 'protocol':
        return byKey(columns.protocols.ranks(compareText));
      case 'info':
        return (a, b) => columns.infos.compare(a, b);
    }
    const derived = this.derived;
    const c = derived.config.fields.indexOf(column.slice('field:'.length));
    if (c < 0) return (a, b) => a - b;
    return (a, b) => compareText(derived.text(c, a), derived.text(c, b));
  }

  /** Orders by the Time column's value in the current format: seconds from its base, refs counting as 0. */
  private timeComparator(): FrameCompare {
    const format = this.timeFormat;
    const index = this.index;
    if (format === 'relative' || format === 'delta' || format === 'delta-displayed') {
      const key = new Float64Array(index.count);
      for (let i = 0; i < index.count; i++) {
        if (this.notes.of(i + 1) & Note.TimeRef) continue;
        const d = difference(this.stamp(i), this.timeBase(format, i));
        key[i] = d.sec + d.nsec / 1e9;
      }
      return byKey(key);
    }
    const sec = index.column('tsSec');
    const nsec = index.column('tsNsec');
    return (a, b) => sec[a] - sec[b] || nsec[a] - nsec[b];
  }

  /** The Time column's format changed: a sort by time follows it. Gives the list order. */
  async setTimeFormat(format: TimeFormat): Promise<Uint32Array | undefined> {
    this.timeFormat = format;
    if (this.sortSpec?.column !== 'time') return this.view;
    return this.sort(this.sortSpec);
  }

  /** Row of frame `number` in the list as displayed, or -1. */
  async rowOf(number: number): Promise<number> {
    return rowOfFrame(this.view, this.index.count, number);
  }

  /** The next (step 1) or previous (step -1) displayed row after `row` whose frame has a note; -1 when none. */
  async findNoted(kind: NoteKind, row: number, step: 1 | -1): Promise<number> {
    const count = this.view ? this.view.length : this.index.count;
    const bit = NOTE_BITS[kind];
    for (let r = row + step; r >= 0 && r < count; r += step) {
      if (this.notes.of(this.view ? this.view[r] : r + 1) & bit) return r;
    }
    return -1;
  }

  async annotate(kind: NoteKind, numbers: number[], set?: boolean): Promise<void> {
    this.notes.toggle(kind, numbers, set);
  }

  async setComments(number: number, comments: string[]): Promise<void> {
    this.notes.setComments(number, comments);
  }

  async annotations(): Promise<AnnotationSnapshot> {
    await this.loading.catch(() => {});
    return this.notes.snapshot();
  }

  /** Puts back what the library kept of the analyst's notes (the file's own comments are in the snapshot). */
  async restoreAnnotations(snapshot: AnnotationSnapshot): Promise<void> {
    await this.loading.catch(() => {});
    this.notes = FrameAnnotations.restore(snapshot);
  }

  /**
   * New colouring rules or field columns: a field-mode pass recomputes them for every frame (rows it has not
   * reached get a guess from a lone decode), reporting how many frames are final.
   */
  async configure(config: DerivedConfig, onProgress?: (derived: number) => void): Promise<void> {
    this.onDerived = onProgress;
    if (JSON.stringify(config) === JSON.stringify(this.derived.config)) {
      onProgress?.(this.derived.count);
      return;
    }
    this.derived = new DerivedColumns(structuredClone(config));
    await Promise.all([loadTablesForFields(this.derived.ids), ...config.rules.map((rule) => loadTablesForFilter(rule.filter))]);
    this.startDerivedPass(this.derived, this.loading);
  }

  /** Fills `derived` in a field-mode pass of its own, after `after` and any earlier such pass; stops once replaced. */
  private startDerivedPass(derived: DerivedColumns, after: Promise<unknown>): void {
    const core = (this.derivedCore ??= Core.instantiate(this.module));
    const run = Promise.all([this.derivedQueue, after.catch(() => {})]).then(async () => {
      if (derived !== this.derived) return;
      const blob = this.blob;
      const notes = this.notes;
      let reported = 0;
      await dissectFrames(await core, blob, (frame) => {
        if (derived !== this.derived) return STOP;
        if (derived.count === frame.number - 1) derived.push(frame, notes);
      }, {
        chunkBytes: DERIVED_CHUNK,
        settings: this.settings,
        tls: this.tlsKeys.decryption(),
        pause: this.backgroundPause,
        // Reported a few times a second: each report makes the list fetch the rows it shows again.
        onProgress: () => {
          if (derived !== this.derived || performance.now() - reported < 250) return;
          reported = performance.now();
          this.onDerived?.(derived.count);
        },
      });
      if (derived === this.derived) this.onDerived?.(derived.count);
    });
    this.derivedQueue = run.catch(() => {});
  }

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

  /** Resolves when every frame has its colour and field columns under the current configuration. */
  async derivedFilled(): Promise<void> {
    await this.loading.catch(() => {});
    await this.dissecting.catch(() => {});
    await this.derivedQueue;
  }


  async cancelFilter(): Promise<void> {
    this.filters.cancel();
  }

  /**
   * Decode As: from now on every application-layer pass (Protocol and Info, the tree, display filters) runs
   * under `settings`. With a capture open, its columns are dissected again from the start; the display filter
   * is left as it was for the caller to apply again.
   */
  async setDissection(settings: DissectionSettings, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    this.settings = structuredClone(settings);
    this.treeFrames = undefined;
    await this.redissect(onProgress);
  }

  /**
   * Dissects the open capture's Protocol and Info, expert items, colours and field columns again from the start
   * (under new Decode As settings or TLS keys); what was made from the old dissection is dropped.
   */
  private async redissect(onProgress?: (progress: LoadProgress) => void): Promise<void> {
    this.detailWanted++;
    this.tlsSessionRows = undefined;
    this.filters.cancel();
    if (this.blob.size === 0) return;
    const previous = this.dissecting;
    const columns = (this.columns = new ColumnTable()); // the running pass sees it is replaced and stops
    // Set at once, so whoever waits for the dissection waits for this pass, not the one it replaces.
    const pass = (this.dissecting = previous.catch(() => {}).then(() => {
      if (columns !== this.columns) return;
      this.expert = new ExpertItems();
      this.objects = undefined;
      this.facts = undefined;
      const size = this.blob.size;
      return this.fillColumns(this.blob, () => {
        if (columns === this.columns) onProgress?.({ bytesRead: size, bytesTotal: size, frames: this.index.count, dissected: columns.count });
      });
    }));
    pass.catch(() => {});
    await previous.catch(() => {});
    if (columns !== this.columns) return;
    // Colours and field columns read application fields too.
    this.derived = new DerivedColumns(structuredClone(this.derived.config));
    this.startDerivedPass(this.derived, this.dissecting);
  }

  /**
   * Frame `number` as the tree shows it: only the frames its application layer depends on (tree-frames.ts) are
   * dissected, sliced out of the file alone (dissect-subset.ts), or, when they cannot stand alone, in a pass from
   * the file's start that reads the others at index speed. A newer request ends an older one's pass; the
   * background passes give way while it runs.
   */
  async frame(number: number): Promise<FrameDetail | undefined> {
    const index = this.index;
    const i = number - 1;
    if (i < 0 || i >= index.count) return undefined;
    const wanted = ++this.detailWanted;
    const blob = this.blob;
    const flags = index.at('flags', i);
    const run = this.detailQueue.then(() => this.urgently(async () => {
      let detail: FrameDetail | undefined;
      if (wanted !== this.detailWanted) return undefined;
      const fieldFrames = (this.treeFrames ??= new TreeFrames(new DissectorChoice(this.settings))).of(number, index, this.streams);
      const pcapng = await isPcapng(blob);
      let clock = new FrameClock(pcapng);
      const onFrame = (frame: DissectedFrame) => {
        if (wanted !== this.detailWanted) return STOP;
        if (frame.number < number) return clock.observeStream(frame);
        // Times relative to other frames from the index (the pass skips most frames), as the list counts them.
        const refs = this.notes.timeRefs();
        clock.firstNs = timeNs(index, (refs.length ? referenceFrame(number, refs) : 1) - 1);
        clock.previousNs = timeNs(index, Math.max(0, i - 1));
        clock.previousDisplayedNs = timeNs(index, this.previousDisplayed(number) - 1);
        detail = frameDetail(frame, flags, { bits: this.notes.of(number), comments: this.notes.commentsOf(number) }, clock);
        return STOP;
      };
      // Those frames alone, sliced out by the index, when they stand alone; else the file read through up to it.
      const one = pcapng ? await this.soleInterface() : { id: 0 };
      const settings = this.settings;
      const tls = this.tlsKeys.decryption(pcapng ? (await this.sideData()).secrets : []);
      if (one && (await dissectSubset(this.detailCore, blob, index, fieldFrames, onFrame, { settings, interfaceId: one.id, interfaceName: one.name, tls }))) return detail;
      clock = new FrameClock(pcapng);
      await dissectFrames(this.detailCore, blob, onFrame, { settings, fieldFrames, tls: this.tlsKeys.decryption() });
      return detail;
    }));
    this.detailQueue = run.catch(() => {});
    return run;
  }

  /** Runs a request the user waits on; the background passes wait between their reads until it is done. */
  private async urgently<T>(work: () => Promise<T>): Promise<T> {
    if (this.urgent++ === 0) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.urgentDone = { promise, resolve };
    }
    try {
      return await work();
    } finally {
      if (--this.urgent === 0) this.urgentDone?.resolve();
    }
  }

  async exportChoices(): Promise<ExportChoices> {
    await this.loading.catch(() => {});
    const displayed = this.displayedFrames();
    let marked = 0;
    for (const n of displayed) if (this.notes.of(n) & Note.Marked) marked++;
    return { displayed: displayed.length, marked, hasTlsSecrets: (await this.sideData()).hasTlsSecrets || this.tlsKeys.keyLogBytes().length > 0 };
  }

  async exportPackets(request: ExportPacketsRequest): Promise<ExportedPackets> {
    await this.loading.catch(() => {});
    const side = await this.sideData();
    const frames = this.selectedFrames(request.selection);
    // Chunks become Blobs as they come, so the browser may keep them out of the worker's heap.
    const parts: Blob[] = [];
    const result = await exportPcapng({
      blob: this.blob,
      index: this.index,
      side,
      frames,
      commentsOf: (n) => this.notes.commentsOf(n),
      // The key logs given to this capture go with its own secrets, so the export decrypts as it does.
      tlsSecrets: request.tlsSecrets ? { fromCapture: true, keyLogs: [...this.tlsKeys.keyLogBytes(), ...(request.keyLogs ?? [])] } : undefined,
      sink: (bytes) => void parts.push(new Blob([bytes as BlobPart])),
    });
    return { file: new Blob(parts, { type: 'application/vnd.tcpdump.pcap' }), ...result };
  }

  /** Displayed frame numbers in frame order (an export keeps capture order whatever the list's sort). */
  private displayedFrames(): Uint32Array {
    return this.filtered ?? Uint32Array.from({ length: this.index.count }, (_, i) => i + 1);
  }

  private selectedFrames(selection: ExportSelection): Uint32Array {
    const displayed = this.displayedFrames();
    if (selection.kind === 'displayed') return displayed;
    if (selection.kind === 'marked') return displayed.filter((n) => (this.notes.of(n) & Note.Marked) !== 0);
    return displayed.filter((n) => n >= selection.first && n <= selection.last);
  }

  /**
   * The capture's interface when it has only one (a pcapng frame's interface is not in the index); undefined when
   * it has several or they are not known yet (a capture the library restored: they are gathered for next time).
   */
  private async soleInterface(): Promise<{ id: number; name?: string } | undefined> {
    if (!this.exportSide) {
      void this.sideData();
      return undefined;
    }
    const { interfaces } = await this.exportSide;
    return interfaces.length === 1 ? interfaces[0] : undefined;
  }

  /** The export side data: gathered while opening, or by a pass of its own for a capture the library restored. */
  private sideData(): Promise<ExportSideData> {
    if (!this.exportSide) {
      const side = new ExportSideData();
      const blob = this.blob;
      this.exportSide = isPcapng(blob).then(async (pcapng) => {
        // Only pcapng carries interfaces and secrets as blocks of their own.
        if (pcapng) await ingest(await Core.instantiate(this.module), blob, false, { onSide: (e) => side.observe(e) });
        return side;
      });
    }
    return this.exportSide;
  }

  async applicationFields(): Promise<FieldDef[]> {
    return allFields().filter((_, i) => !isCoreField(i + 1));
  }

  async decodeAsTarget(number: number): Promise<DecodeAsTarget | undefined> {
    const i = number - 1;
    const index = this.index;
    if (i < 0 || i >= index.count || index.at('stream', i) === NO_STREAM) return undefined;
    const transport = index.at('transport', i) & Transport.Udp ? 'udp' : 'tcp';
    return {
      transport,
      ports: [index.at('srcPort', i), index.at('dstPort', i)],
      stream: index.at('stream', i),
      protocols: decodeAsProtocols(`${transport}.port`),
      allProtocols: dissectorNames(),
      heuristics: (['tcp', 'udp'] as const).flatMap((t) => heuristicsFor(t).map((h) => ({ name: h.name, enabledByDefault: h.enabledByDefault }))),
    };
  }

  async streamsOf(number: number): Promise<StreamRef[]> {
    const i = number - 1;
    if (i < 0 || i >= this.index.count || this.index.at('stream', i) === NO_STREAM) return [];
    const stream = this.index.at('stream', i);
    if (this.index.at('transport', i) & Transport.Udp) return [{ kind: 'udp', stream }];
    return this.carriesTls(stream) ? [{ kind: 'tls', stream }, { kind: 'tcp', stream }] : [{ kind: 'tcp', stream }];
  }

  /** Whether a TCP conversation carries TLS, by the Protocol column of its frames (dissected so far). */
  private carriesTls(stream: number): boolean {
    const columns = this.columns;
    return this.streams.of('tcp', stream).some((row) => row < columns.count && /^(TLS|SSL)/.test(columns.protocol(row)));
  }

  async streamCount(kind: FollowKind): Promise<number> {
    // A TLS stream is numbered as the TCP conversation it runs in.
    return this.streams.count(kind === 'tls' ? 'tcp' : kind);
  }

  /** Follow sources by kind: TCP and UDP from the index's segment map, TLS decrypted by a pass over its frames. */
  private followSources: Record<FollowKind, (stream: number) => Promise<FollowedStream | undefined>> = {
    tcp: (stream) => this.followTransport('tcp', stream),
    udp: (stream) => this.followTransport('udp', stream),
    tls: (stream) => this.followTlsStream(stream),
  };

  private async followTlsStream(stream: number): Promise<FollowedStream | undefined> {
    const tcp = await this.followTransport('tcp', stream);
    if (!tcp) return undefined;
    const frames = Uint32Array.from(this.streams.of('tcp', stream), (row) => row + 1);
    const core = await (this.followCore ??= Core.instantiate(this.module));
    const blob = this.blob;
    const run = this.followQueue.then(() => this.urgently(() => followTls(core, blob, stream, frames, this.tlsKeys.decryption(), this.settings)));
    this.followQueue = run.catch(() => {});
    return { ...tcp, kind: 'tls', chunks: await run };
  }

  /**
   * Adds a key file the user gave (key log, PEM or PKCS#12 RSA key) and, when it holds keys, dissects the capture
   * again with them; says what the file held, or why it cannot be used (a password is needed or wrong).
   */
  async addTlsKey(file: TlsKeyFile, onProgress?: (progress: LoadProgress) => void): Promise<TlsKeyOutcome> {
    const outcome = this.tlsKeys.add(file);
    if (outcome.kind === 'keylog' || outcome.kind === 'rsa') await this.redissect(onProgress);
    return outcome;
  }

  async removeTlsKey(name: string, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    if (this.tlsKeys.remove(name)) await this.redissect(onProgress);
  }

  /**
   * Replaces every key the capture has (the library's kept keys, set before the capture is opened); with a
   * capture open, dissects it again.
   */
  async setTlsKeys(files: TlsKeyFile[], onProgress?: (progress: LoadProgress) => void): Promise<TlsKeyOutcome[]> {
    this.tlsKeys.clear();
    const outcomes = files.map((file) => this.tlsKeys.add(file));
    await this.redissect(onProgress);
    return outcomes;
  }

  async tlsKeyEntries(): Promise<TlsKeyEntry[]> {
    return this.tlsKeys.entries();
  }

  async tlsKeyFiles(): Promise<TlsKeyFile[]> {
    return this.tlsKeys.files();
  }

  /** Every TLS conversation with its endpoints, SNI, version, suite and decryption outcome (one pass, kept). */
  async tlsSessions(onProgress?: (progress: LoadProgress) => void): Promise<TlsSessionRow[]> {
    await this.loading.catch(() => {});
    if (!this.tlsSessionRows) {
      const core = (this.tlsCore ??= Core.instantiate(this.module));
      const blob = this.blob;
      const frames = this.index.count;
      const tls = this.tlsKeys.decryption();
      const settings = this.settings;
      const run = this.tlsQueue.then(async () =>
        scanTlsSessions(await core, blob, tls, { settings, onProgress: (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames }) }));
      this.tlsQueue = run.catch(() => {});
      this.tlsSessionRows = run;
    }
    return this.tlsSessionRows;
  }

  async follow(ref: StreamRef): Promise<FollowedStream | undefined> {
    return this.followSources[ref.kind](ref.stream);
  }

  private async followTransport(kind: 'tcp' | 'udp', stream: number): Promise<FollowedStream | undefined> {
    const rows = this.streams.of(kind, stream);
    if (rows.length === 0) return undefined;
    // Payload is sliced from the file per segment: nothing but the stream's own bytes is read.
    const map = streamMapFromIndex(this.ingestCore, this.index, rows, kind, stream, this.payloadPieces);
    const first = map.segments[0].side;
    const chunks = (await followChunks(this.blob, map)).map((c) => ({ fromServer: c.side !== first, frame: c.frame, bytes: c.bytes }));
    return { kind, stream, client: map.endpoints[first], server: map.endpoints[first ^ 1], chunks };
  }

  async expertInfo(): Promise<ExpertEntry[]> {
    const expert = this.expert;
    await this.loading.catch(() => {});
    await this.dissecting;
    return expert.list();
  }

  /** Every MSN Messenger conversation, login and presence change, from the index's TCP streams. */
  async chats(): Promise<ChatReport> {
    await this.loading.catch(() => {});
    // The user waits on it: background passes hold their reads meanwhile.
    this.chatReport ??= this.urgently(() => this.reconstructChats());
    return this.chatReport;
  }

  /** A capture with MSN Messenger on its port has its chats ready before they are asked for (the demo's show at once). */
  private prepareChats(): void {
    if (!this.chatReport && hasMsnpPort(this.index)) this.chatReport = this.reconstructChats();
  }

  private reconstructChats(): Promise<ChatReport> {
    return chatReport({ core: this.ingestCore, blob: this.blob, index: this.index, streams: this.streams, pieces: this.payloadPieces });
  }

  async exportObjects(onProgress?: (progress: LoadProgress) => void): Promise<ObjectEntry[]> {
    return (await this.objectCatalog(onProgress)).entries;
  }

  async exportObject(id: number): Promise<Uint8Array | undefined> {
    return (await this.objectCatalog()).objects[id]?.bytes;
  }

  /** One pass over the capture for its objects, made when first asked for and kept until the next open. */
  private async objectCatalog(onProgress?: (progress: LoadProgress) => void): Promise<ObjectCatalog> {
    await this.loading.catch(() => {});
    if (!this.objects) {
      const core = (this.objectsCore ??= Core.instantiate(this.module));
      const blob = this.blob;
      const frames = this.index.count;
      // One core, one pass at a time: a scan of the previous capture finishes before this one starts.
      this.objects = this.objectsQueue.then(async () =>
        scanObjects(await core, blob, (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames }), this.tlsKeys.decryption()));
      this.objectsQueue = this.objects.catch(() => {});
    }
    return this.objects;
  }

  async conversations(kind: TapKind, displayed = false, onProgress?: (progress: LoadProgress) => void): Promise<ConversationRow[]> {
    const facts = await this.frameFacts(onProgress);
    return conversations(facts, kind, displayed ? this.filtered : undefined);
  }

  async endpoints(kind: TapKind, displayed = false, onProgress?: (progress: LoadProgress) => void): Promise<EndpointRow[]> {
    const facts = await this.frameFacts(onProgress);
    return endpoints(facts, kind, displayed ? this.filtered : undefined);
  }

  async protocolHierarchy(displayed = false, onProgress?: (progress: LoadProgress) => void): Promise<HierarchyNode[]> {
    const facts = await this.frameFacts(onProgress);
    return protocolHierarchy(facts, displayed ? this.filtered : undefined);
  }

  async ioGraph(intervalUs: number, options: { displayed?: boolean; filter?: string } = {}, onProgress?: (progress: LoadProgress) => void): Promise<IoGraphOutcome> {
    const generation = this.generation;
    const displayed = options.displayed ? this.filtered : undefined;
    const facts = await this.frameFacts(onProgress);
    let frames = displayed;
    if (options.filter?.trim()) {
      const outcome = await this.graphFilters.apply(options.filter, this.index, this.blob, undefined, this.notes, this.settings, () => this.tlsKeys.decryption());
      if (outcome.kind === 'invalid') return { kind: 'invalid', message: outcome.message };
      if (outcome.kind === 'cancelled' || generation !== this.generation) return { kind: 'cancelled' };
      frames = outcome.frames && displayed ? intersect(outcome.frames, displayed) : (outcome.frames ?? displayed);
    }
    try {
      return { kind: 'applied', series: ioSeries(facts, Math.max(1, Math.round(intervalUs)), frames, durationMicros(facts)) };
    } catch (e) {
      if (e instanceof RangeError) return { kind: 'invalid', message: e.message };
      throw e;
    }
  }

  /** Every frame's statistics facts, from one field-mode pass kept until the next open or Decode As change. */
  private async frameFacts(onProgress?: (progress: LoadProgress) => void): Promise<FrameFacts> {
    await this.loading.catch(() => {});
    if (!this.facts) {
      const core = (this.factsCore ??= Core.instantiate(this.module));
      const blob = this.blob;
      const settings = this.settings;
      const frames = this.index.count;
      // One core, one pass at a time: a pass over the previous capture finishes before this one starts.
      this.facts = this.factsQueue.then(async () => {
        const facts = new FrameFacts();
        await dissectFrames(await core, blob, (frame) => addFrame(facts, frame), {
          settings,
          tls: this.tlsKeys.decryption(),
          onProgress: (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames, dissected: facts.count }),
        });
        return facts;
      });
      this.factsQueue = this.facts.catch(() => {});
    }
    return this.facts;
  }

  /** The background pass: every frame's Protocol and Info into the column table, and its expert items. */
  private async fillColumns(blob: Blob, onProgress: () => void): Promise<void> {
    const columns = this.columns;
    const expert = this.expert;
    await dissectFrames(this.passCore, blob, ({ number, input, app }) => {
      if (columns !== this.columns) return STOP;
      columns.push(app.protocol, app.info);
      expert.add(number, input.records, input.start, input.end);
    }, { onProgress, settings: this.settings, tls: this.tlsKeys.decryption(), chunkBytes: DERIVED_CHUNK, pause: this.backgroundPause });
    if (columns === this.columns) onProgress();
  }

  /** Row i's place in its TCP stream, from the index; undefined for anything else. */
  private streamPlace(i: number): StreamPlace | undefined {
    const index = this.index;
    const stream = index.at('stream', i);
    if (stream === NO_STREAM || index.at('transport', i) & Transport.Udp) return undefined;
    return { stream, seq: index.at('relSeq', i), ack: index.at('relAck', i), analysis: index.at('analysis', i) };
  }

  /** Captured bytes of the given rows, in their order: one read for rows near each other in the file. */
  private async readFrames(index: PacketIndex, rows: number[]): Promise<Uint8Array[]> {
    const read: Uint8Array[] = [];
    for await (const batch of frameBytes(this.blob, index, rows)) read.push(...batch.map((b) => b.bytes));
    return read;
  }

  /** Field records of row i, a copy (the core's buffer is reused by the next decode). */
  private decode(index: PacketIndex, i: number, bytes: Uint8Array): Uint32Array {
    const core = this.frameCore;
    const x = core.exports;
    core.u8(x.scratch(bytes.length), bytes.length).set(bytes);
    x.decodeOne(bytes.length, i + 1, index.at('origLen', i), index.at('tsSec', i), index.at('tsNsec', i), index.at('linkType', i));
    return core.fieldRecords().slice();
  }
}

/** Capture time of row i in nanoseconds. */
const timeNs = (index: PacketIndex, i: number) => BigInt(index.at('tsSec', i)) * 1_000_000_000n + BigInt(index.at('tsNsec', i));

/** Frame numbers in both ascending lists. */
function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return Uint32Array.from(out);
}

/** Loads the vendor tables a display filter's fields need (a filter that does not compile needs none). */
async function loadTablesForFilter(text: string): Promise<void> {
  let ids: readonly number[] = [];
  try {
    ids = text.trim() ? compileFilter(text).fieldIds : [];
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
  }
  await loadTablesForFields(ids);
}
