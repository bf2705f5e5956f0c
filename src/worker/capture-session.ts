import { Core } from '../core/core';
import { ingest } from '../core/ingest';
import { PacketIndex } from '../core/packet-index';
import { openCapture, readSlice } from '../core/source';
import { summarize } from '../ui/packet-list/summary';
import type { CaptureApi, CaptureSummary, FrameDetail, LoadProgress, RowPage } from './api';

/** Reading frames for a page of rows in one slice is worth it while they lie this close together in the file. */
const MAX_SPAN_READ = 8 << 20;

class Superseded extends Error {}

/**
 * One open capture, worker side: the ingest core fills the packet index; a second core decodes single frames
 * for the list's columns and the protocol tree, so a capture can be browsed while it still loads.
 */
export class CaptureSession implements CaptureApi {
  private index = new PacketIndex();
  private blob: Blob = new Blob([]);
  private firstTime = { sec: 0, nsec: 0 };
  private generation = 0;
  private loading: Promise<unknown> = Promise.resolve();

  private constructor(private ingestCore: Core, private frameCore: Core) {}

  static async create(wasm: BufferSource | WebAssembly.Module): Promise<CaptureSession> {
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    return new CaptureSession(await Core.instantiate(module), await Core.instantiate(module));
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
    this.blob = new Blob([]);
    const source = await openCapture(file);
    check();
    this.blob = source.blob;
    const run = ingest(this.ingestCore, source.blob, false, {
      onRows: (batch) => {
        check();
        if (this.index.count === 0) this.firstTime = { sec: batch.tsSec[0], nsec: batch.tsNsec[0] };
        this.index.append(batch);
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
    const n = Math.max(0, Math.min(count, index.count - from));
    const time = new Float64Array(n);
    const length = new Uint32Array(n);
    const flags = new Uint32Array(n);
    const frames = await this.readFrames(index, from, n);
    const summaries = [];
    for (let k = 0; k < n; k++) {
      const i = from + k;
      time[k] = index.at('tsSec', i) - this.firstTime.sec + (index.at('tsNsec', i) - this.firstTime.nsec) / 1e9;
      length[k] = index.at('origLen', i);
      flags[k] = index.at('flags', i);
      summaries.push(summarize(this.decode(index, i, frames[k]), frames[k]));
    }
    return { from, count: n, time, length, flags, summaries };
  }

  async frame(number: number): Promise<FrameDetail | undefined> {
    const index = this.index;
    const i = number - 1;
    if (i < 0 || i >= index.count) return undefined;
    const [bytes] = await this.readFrames(index, i, 1);
    return { number, bytes, records: this.decode(index, i, bytes), flags: index.at('flags', i) };
  }

  /** Captured bytes of rows [from, from + n): one read when they are near each other in the file. */
  private async readFrames(index: PacketIndex, from: number, n: number): Promise<Uint8Array[]> {
    if (n === 0) return [];
    const blob = this.blob;
    let lo = Infinity;
    let hi = 0;
    for (let i = from; i < from + n; i++) {
      lo = Math.min(lo, index.at('fileOffset', i));
      hi = Math.max(hi, index.at('fileOffset', i) + index.at('capLen', i));
    }
    const frame = (buf: Uint8Array, base: number, i: number) =>
      buf.subarray(index.at('fileOffset', i) - base, index.at('fileOffset', i) - base + index.at('capLen', i));
    if (hi - lo <= MAX_SPAN_READ) {
      const span = await readSlice(blob, lo, hi - lo);
      return Array.from({ length: n }, (_, k) => frame(span, lo, from + k));
    }
    return Promise.all(Array.from({ length: n }, async (_, k) => {
      const i = from + k;
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
