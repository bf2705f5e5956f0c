import { Core } from '../core/core';
import { ingest } from '../core/ingest';
import { PacketIndex } from '../core/packet-index';
import { openCapture, readSlice } from '../core/source';
import { NO_STREAM, StreamRows, Transport } from '../core/stream-rows';
import { followChunks, streamMapFromIndex } from '../core/streams';
import { summarize } from '../ui/packet-list/summary';
import type {
  CaptureApi, CaptureSummary, ExpertEntry, FilterProgress, FollowedStream, FollowKind, FrameDetail, LoadProgress, RowPage,
  StreamRef,
} from './api';
import { DisplayFilterRunner, type FilterOutcome } from './display-filter';
import { scanExpert } from './expert-scan';
import { TcpNumberer } from './tcp-numbers';
import { withTcpNumbers } from './tcp-records';

/** Reading frames for a page of rows in one slice is worth it while they lie this close together in the file. */
const MAX_SPAN_READ = 8 << 20;

class Superseded extends Error {}

/**
 * One open capture, worker side: the ingest core fills the packet index; a second core decodes single frames
 * for the list's columns and the protocol tree, so a capture can be browsed while it still loads. A third,
 * made when first needed, runs the field-mode pass the expert view asks for; a fourth, the display filter's.
 */
export class CaptureSession implements CaptureApi {
  private index = new PacketIndex();
  private streams = new StreamRows();
  private tcp = this.numberer();
  private blob: Blob = new Blob([]);
  private firstTime = { sec: 0, nsec: 0 };
  private generation = 0;
  private loading: Promise<unknown> = Promise.resolve();
  private expert?: Promise<ExpertEntry[]>;
  private expertCore?: Promise<Core>;
  private expertQueue: Promise<unknown> = Promise.resolve();
  private filterCore?: Promise<Core>;
  private filters = new DisplayFilterRunner(() => (this.filterCore ??= Core.instantiate(this.module)));
  /** Frame numbers the display filter lets through; undefined: all of them. */
  private view?: Uint32Array;

  private constructor(private module: WebAssembly.Module, private ingestCore: Core, private frameCore: Core) {}

  static async create(wasm: BufferSource | WebAssembly.Module): Promise<CaptureSession> {
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    return new CaptureSession(module, await Core.instantiate(module), await Core.instantiate(module));
  }

  async open(file: Blob, name: string, onProgress?: (progress: LoadProgress) => void): Promise<CaptureSummary> {
    const generation = ++this.generation;
    // The ingest core serves one capture at a time: let a superseded ingest stop before reusing it.
    await this.loading.catch(() => {});
    const check = () => {
      if (generation !== this.generation) throw new Superseded();
    };
    check();
    this.index = new PacketIndex();
    this.streams = new StreamRows();
    this.tcp = this.numberer();
    this.expert = undefined;
    this.filters.cancel();
    this.view = undefined;
    this.blob = new Blob([]);
    const source = await openCapture(file);
    check();
    this.blob = source.blob;
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
        onProgress?.({ bytesRead, bytesTotal, frames: this.ingestCore.exports.frameCount() });
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

  async rows(from: number, count: number): Promise<RowPage> {
    const index = this.index;
    const view = this.view;
    const n = Math.max(0, Math.min(count, (view ? view.length : index.count) - from));
    const at = Array.from({ length: n }, (_, k) => (view ? view[from + k] - 1 : from + k));
    const numbers = Uint32Array.from(at, (i) => i + 1);
    const time = new Float64Array(n);
    const length = new Uint32Array(n);
    const flags = new Uint32Array(n);
    const analysis = new Uint32Array(n);
    const transport = new Uint8Array(n);
    const frames = await this.readFrames(index, at);
    const tcp = this.tcp;
    const summaries = [];
    for (let k = 0; k < n; k++) {
      const i = at[k];
      time[k] = index.at('tsSec', i) - this.firstTime.sec + (index.at('tsNsec', i) - this.firstTime.nsec) / 1e9;
      length[k] = index.at('origLen', i);
      flags[k] = index.at('flags', i);
      analysis[k] = index.at('analysis', i);
      transport[k] = index.at('transport', i);
      const records = this.decode(index, i, frames[k]);
      summaries.push(summarize(records, frames[k], await tcp.numbers(i, frames[k])));
    }
    return { from, count: n, numbers, time, length, flags, analysis, transport, summaries };
  }

  async filter(text: string, onProgress?: (progress: FilterProgress) => void): Promise<FilterOutcome> {
    await this.loading.catch(() => {});
    const generation = this.generation;
    const outcome = await this.filters.apply(text, this.index, this.blob, onProgress);
    if (generation !== this.generation) return { kind: 'cancelled' };
    if (outcome.kind === 'applied') this.view = outcome.frames;
    return outcome;
  }

  async cancelFilter(): Promise<void> {
    this.filters.cancel();
  }

  async frame(number: number): Promise<FrameDetail | undefined> {
    const index = this.index;
    const i = number - 1;
    if (i < 0 || i >= index.count) return undefined;
    const [bytes] = await this.readFrames(index, [i]);
    // The lone-frame decode has no stream state: the index's transport columns supply it.
    const records = this.decode(index, i, bytes);
    const tcp = await this.tcp.numbers(i, bytes);
    return { number, bytes, records: tcp ? withTcpNumbers(records, tcp) : records, flags: index.at('flags', i) };
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

  private numberer(): TcpNumberer {
    return new TcpNumberer(this.index, this.streams, (offset, length) => readSlice(this.blob, offset, length));
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
