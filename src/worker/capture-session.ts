import { Core } from '../core/core';
import { ingest } from '../core/ingest';
import { PacketIndex } from '../core/packet-index';
import { openCapture, readSlice } from '../core/source';
import { NO_STREAM, StreamRows, Transport } from '../core/stream-rows';
import { followChunks, streamMapFromIndex } from '../core/streams';
import { dissectFrames, STOP } from '../core/dissect-frames';
import { addresses } from '../ui/packet-list/summary';
import type {
  CaptureApi, CaptureSummary, DecodeAsTarget, ExpertEntry, FilterProgress, FollowedStream, FollowKind, FrameDetail, IndexSnapshot,
  LoadProgress, RowPage, StoredAnalysis, StreamRef,
} from './api';
import { ColumnTable } from './column-table';
import { DisplayFilterRunner, type FilterOutcome } from './display-filter';
import { scanExpert } from './expert-scan';
import { frameDetail } from './frame-detail';
import { provisionalColumns, type StreamPlace } from './provisional-columns';
import { decodeAsProtocols, defaultSettings, type DissectionSettings } from '../dissectors/decode-as';
import { dissectorNames, heuristicsFor } from '../dissectors/api';
import { allFields, isCoreField } from '../fields/registry';
import type { FieldDef } from '../fields/types';

/** Reading frames for a page of rows in one slice is worth it while they lie this close together in the file. */
const MAX_SPAN_READ = 8 << 20;

class Superseded extends Error {}

/**
 * One open capture, worker side. The ingest core fills the packet index. Beside it, a dissection core runs the
 * field-mode pass with the application dissectors over the whole file (the path `loupe fields` takes) and keeps
 * each frame's Protocol and Info in a compact table; rows it has not reached yet get a provisional guess from a
 * lone-frame decode in a third core, so the list is usable at once. The protocol tree is a field-mode pass up
 * to the selected frame in a fourth core: application state depends on every earlier frame. A fifth, made
 * when first needed, runs the pass the expert view asks for; a sixth, the display filter's decoding pass.
 */
export class CaptureSession implements CaptureApi {
  private index = new PacketIndex();
  private streams = new StreamRows();
  private columns = new ColumnTable();
  private dissecting: Promise<unknown> = Promise.resolve();
  private blob: Blob = new Blob([]);
  private firstTime = { sec: 0, nsec: 0 };
  private generation = 0;
  private loading: Promise<unknown> = Promise.resolve();
  private expert?: Promise<ExpertEntry[]>;
  private expertCore?: Promise<Core>;
  private expertQueue: Promise<unknown> = Promise.resolve();
  private detailQueue: Promise<unknown> = Promise.resolve();
  private detailWanted = 0;
  private filterCore?: Promise<Core>;
  private filters = new DisplayFilterRunner(() => (this.filterCore ??= Core.instantiate(this.module)));
  /** Frame numbers the display filter lets through; undefined: all of them. */
  private view?: Uint32Array;
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
    const cores = await Promise.all(Array.from({ length: 4 }, () => Core.instantiate(module)));
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
    this.columns = new ColumnTable();
    this.expert = undefined;
    this.filters.cancel();
    this.view = undefined;
    this.blob = new Blob([]);
    const source = await openCapture(file);
    check();
    this.blob = source.blob;
    const progress = (bytesRead: number, bytesTotal: number) =>
      onProgress?.({ bytesRead, bytesTotal, frames: this.ingestCore.exports.frameCount(), dissected: this.columns.count });
    this.dissecting = this.fillColumns(source.blob, () => {
      if (generation === this.generation) progress(this.blob.size, this.blob.size);
    });
    // Its failure shows as rows that stay provisional, and rejects columnsFilled(); nothing else waits on it.
    this.dissecting.catch(() => {});
    if (stored) return this.restore(stored, name);
    const run = ingest(this.ingestCore, source.blob, false, {
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
    const result = await run;
    return {
      name,
      frames: result.frames,
      format: result.format,
      compressed: source.gzip,
      problem: result.problem,
      warnings: source.warning ? [source.warning] : [],
    };
  }

  private restore({ index, summary }: StoredAnalysis, name: string): CaptureSummary {
    this.index = PacketIndex.restore(index.count, index.columns);
    this.streams.update(this.index);
    if (index.count) this.firstTime = { sec: this.index.at('tsSec', 0), nsec: this.index.at('tsNsec', 0) };
    return { ...summary, name };
  }

  async indexSnapshot(): Promise<IndexSnapshot> {
    await this.loading.catch(() => {});
    return { count: this.index.count, columns: this.index.snapshot() };
  }

  /** Resolves when the background pass has filled in every frame's Protocol and Info. */
  async columnsFilled(): Promise<void> {
    await this.loading;
    await this.dissecting;
  }

  async rows(from: number, count: number): Promise<RowPage> {
    const index = this.index;
    const columns = this.columns;
    const view = this.view;
    const n = Math.max(0, Math.min(count, (view ? view.length : index.count) - from));
    const at = Array.from({ length: n }, (_, k) => (view ? view[from + k] - 1 : from + k));
    const numbers = Uint32Array.from(at, (i) => i + 1);
    const time = new Float64Array(n);
    const length = new Uint32Array(n);
    const flags = new Uint32Array(n);
    const analysis = new Uint32Array(n);
    const transport = new Uint8Array(n);
    const dissected = columns.count;
    // Provisional rows need their bytes decoded; final ones only their addresses, which the lone decode gives.
    const frames = await this.readFrames(index, at);
    const summaries = [];
    for (let k = 0; k < n; k++) {
      const i = at[k];
      time[k] = index.at('tsSec', i) - this.firstTime.sec + (index.at('tsNsec', i) - this.firstTime.nsec) / 1e9;
      length[k] = index.at('origLen', i);
      flags[k] = index.at('flags', i);
      analysis[k] = index.at('analysis', i);
      transport[k] = index.at('transport', i);
      const records = this.decode(index, i, frames[k]);
      const [source, destination] = addresses(records, frames[k]);
      const { protocol, info } = i < dissected
        ? { protocol: columns.protocol(i), info: columns.info(i) }
        : provisionalColumns(records, frames[k], this.streamPlace(i), this.settings);
      summaries.push({ source, destination, protocol, info });
    }
    return { from, count: n, numbers, time, length, flags, dissected, analysis, transport, summaries };
  }

  async filter(text: string, onProgress?: (progress: FilterProgress) => void): Promise<FilterOutcome> {
    await this.loading.catch(() => {});
    const generation = this.generation;
    const outcome = await this.filters.apply(text, this.index, this.blob, onProgress, this.settings);
    if (generation !== this.generation) return { kind: 'cancelled' };
    if (outcome.kind === 'applied') this.view = outcome.frames;
    return outcome;
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
    this.detailWanted++;
    this.filters.cancel();
    if (this.blob.size === 0) return;
    const previous = this.dissecting;
    const columns = (this.columns = new ColumnTable()); // the running pass sees it is replaced and stops
    await previous.catch(() => {});
    if (columns !== this.columns) return;
    const size = this.blob.size;
    this.dissecting = this.fillColumns(this.blob, () => {
      if (columns === this.columns) onProgress?.({ bytesRead: size, bytesTotal: size, frames: this.index.count, dissected: columns.count });
    });
    this.dissecting.catch(() => {});
  }

  /**
   * Frame `number` as the tree shows it: a field-mode pass from the start of the file up to it, since its
   * application layer depends on every earlier frame. A newer request ends an older one's pass.
   */
  async frame(number: number): Promise<FrameDetail | undefined> {
    const index = this.index;
    const i = number - 1;
    if (i < 0 || i >= index.count) return undefined;
    const wanted = ++this.detailWanted;
    const blob = this.blob;
    const flags = index.at('flags', i);
    const run = this.detailQueue.then(async () => {
      let detail: FrameDetail | undefined;
      if (wanted !== this.detailWanted) return undefined;
      await dissectFrames(this.detailCore, blob, (frame) => {
        if (wanted !== this.detailWanted) return STOP;
        if (frame.number < number) return;
        detail = frameDetail(frame, flags);
        return STOP;
      }, { settings: this.settings });
      return detail;
    });
    this.detailQueue = run.catch(() => {});
    return run;
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
    return [{ kind: this.index.at('transport', i) & Transport.Udp ? 'udp' : 'tcp', stream: this.index.at('stream', i) }];
  }

  async streamCount(kind: FollowKind): Promise<number> {
    return this.streams.count(kind);
  }

  /** Follow sources by kind: TCP and UDP from the index's segment map; TLS and HTTP add theirs here. */
  private followSources: Record<FollowKind, (stream: number) => Promise<FollowedStream | undefined>> = {
    tcp: (stream) => this.followTransport('tcp', stream),
    udp: (stream) => this.followTransport('udp', stream),
  };

  async follow(ref: StreamRef): Promise<FollowedStream | undefined> {
    return this.followSources[ref.kind](ref.stream);
  }

  private async followTransport(kind: 'tcp' | 'udp', stream: number): Promise<FollowedStream | undefined> {
    const rows = this.streams.of(kind, stream);
    if (rows.length === 0) return undefined;
    // Payload is sliced from the file per segment: nothing but the stream's own bytes is read.
    const map = streamMapFromIndex(this.ingestCore, this.index, rows, kind, stream);
    const first = map.segments[0].side;
    const chunks = (await followChunks(this.blob, map)).map((c) => ({ fromServer: c.side !== first, frame: c.frame, bytes: c.bytes }));
    return { kind, stream, client: map.endpoints[first], server: map.endpoints[first ^ 1], chunks };
  }

  async expertInfo(onProgress?: (progress: LoadProgress) => void): Promise<ExpertEntry[]> {
    await this.loading.catch(() => {});
    if (!this.expert) {
      const core = (this.expertCore ??= Core.instantiate(this.module));
      const blob = this.blob;
      const frames = this.index.count;
      // One core, one pass at a time: a scan of the previous capture finishes before this one starts.
      const previous = this.expertQueue;
      this.expert = previous.then(async () =>
        scanExpert(await core, blob, (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames })));
      this.expertQueue = this.expert.catch(() => {});
    }
    return this.expert;
  }

  /** The background pass: every frame's Protocol and Info into the column table, reporting as it goes. */
  private async fillColumns(blob: Blob, onProgress: () => void): Promise<void> {
    const columns = this.columns;
    await dissectFrames(this.passCore, blob, ({ app }) => {
      if (columns !== this.columns) return STOP;
      columns.push(app.protocol, app.info);
    }, { onProgress, settings: this.settings });
    if (columns === this.columns) onProgress();
  }

  /** Row i's place in its TCP stream, from the index; undefined for anything else. */
  private streamPlace(i: number): StreamPlace | undefined {
    const index = this.index;
    const stream = index.at('stream', i);
    if (stream === NO_STREAM || index.at('transport', i) & Transport.Udp) return undefined;
    return { stream, seq: index.at('relSeq', i), ack: index.at('relAck', i), analysis: index.at('analysis', i) };
  }

  /** Captured bytes of the given rows: one read when they are near each other in the file. */
  private async readFrames(index: PacketIndex, rows: number[]): Promise<Uint8Array[]> {
    if (rows.length === 0) return [];
    const blob = this.blob;
    let lo = Infinity;
    let hi = 0;
    for (const i of rows) {
      lo = Math.min(lo, index.at('fileOffset', i));
      hi = Math.max(hi, index.at('fileOffset', i) + index.at('capLen', i));
    }
    const frame = (buf: Uint8Array, base: number, i: number) =>
      buf.subarray(index.at('fileOffset', i) - base, index.at('fileOffset', i) - base + index.at('capLen', i));
    if (hi - lo <= MAX_SPAN_READ) {
      const span = await readSlice(blob, lo, hi - lo);
      return rows.map((i) => frame(span, lo, i));
    }
    return Promise.all(rows.map(async (i) => {
      return frame(await readSlice(blob, index.at('fileOffset', i), index.at('capLen', i)), index.at('fileOffset', i), i);
    }));
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
