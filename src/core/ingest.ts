import { FeedStatus } from '../abi/core-constants';
import { Core, captureFormatName } from './core';
import { describeProblem, type Problem } from './problems';
import { directSource, readSlice } from './source';

/** One batch of index rows, as views over wasm memory: copy what you keep before the next call into the core. */
export interface RowBatch {
  count: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  fileOffset: Float64Array;
  capLen: Uint32Array;
  origLen: Uint32Array;
  linkType: Uint16Array;
  flags: Uint32Array;
  top: Uint8Array;
  l3Offset: Uint16Array;
  l4Offset: Uint16Array;
  /** tcp.stream or udp.stream (0xffffffff: none); see assembly/rows.ts for these transport columns. */
  stream: Uint32Array;
  analysis: Uint32Array;
  relSeq: Uint32Array;
  payloadLen: Uint32Array;
  payloadOffset: Uint16Array;
  transport: Uint8Array;
  expert: Uint8Array;
  relAck: Uint32Array;
  /** Display-filter columns (assembly/rows.ts: SHAPE_* bits say which of the others hold). */
  shape: Uint8Array;
  ipSrc: Uint32Array;
  ipDst: Uint32Array;
  ipProto: Uint8Array;
  srcPort: Uint16Array;
  dstPort: Uint16Array;
}

export interface SideEntry {
  kind: number;
  frame: number;
  bytes: Uint8Array;
}

export interface IngestHandlers {
  /** Field records of the frames decoded since the last call (only with `withFields`). */
  onFields?(records: Uint32Array): void;
  onRows?(rows: RowBatch): void;
  /** A piece of a parallel ingest: its transport log entries (assembly/tcp/transport-log.ts), before its rows. */
  onTransportLog?(entries: Uint32Array): void;
  onSide?(entry: SideEntry): void;
  /** Bytes of the file consumed so far, for progress bars. */
  onProgress?(offset: number, size: number): void;
  /** Asked before each read: a promise holds the pass there (a background pass giving way to a user's request). */
  pause?(): Promise<void> | undefined;
}

export interface IngestOptions {
  /** Bytes read at a time; a pass sharing its thread reads less, to yield more often. */
  chunkBytes?: number;
  /** Field mode: only these frames (ascending numbers) get field records; the others are read at index speed. */
  fieldFrames?: Uint32Array;
  /**
   * Field mode: only the records of these field ids are emitted, and every depth-0 record (each protocol's own,
   * so a frame's layers still show); for a pass that reads few fields, which then costs far less per frame.
   */
  keepFields?: readonly number[];
  /**
   * Side entries' bytes are views into one copy of each batch's side data instead of a copy each: far fewer
   * allocations (a frame's bytes are a side entry), but whatever keeps an entry's bytes keeps its whole batch,
   * so only for small chunks (a batch then holds about `chunkBytes` of frames).
   */
  sideBatchCopy?: boolean;
}

export interface IngestResult {
  frames: number;
  format: string;
  problem?: Problem;
  /** A parallel ingest (src/core/parallel/): the pieces read by other cores that it joined. */
  piecesJoined?: number;
}

export const CHUNK = 4 << 20;

/** u32 words per transport log entry (assembly/tcp/transport-log.ts). */
export const LOG_WORDS = 28;

/**
 * Streams a capture through the core: reads CHUNK-sized slices from wherever the core asks, feeds them, and
 * drains rows, field records and side data after each feed.
 */
export async function ingest(
  core: Core,
  blob: Blob,
  withFields: boolean,
  handlers: IngestHandlers,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const x = core.exports;
  x.open(blob.size, withFields);
  if (options.fieldFrames) {
    const at = x.wantFieldFrames(options.fieldFrames.length);
    new Uint32Array(x.memory.buffer, at, options.fieldFrames.length).set(options.fieldFrames);
  }
  if (options.keepFields && withFields) {
    const size = Math.max(0, ...options.keepFields) + 1;
    const at = x.keepFields(size);
    const table = new Uint8Array(x.memory.buffer, at, size);
    for (const id of options.keepFields) table[id] = 1;
  }
  await pump(core, blob, handlers, options);
  const frames = x.frameCount();
  return {
    frames,
    format: captureFormatName(x.captureFormat()),
    problem: describeProblem(x.problemCode(), x.problemOffset(), x.problemValue(), frames),
  };
}

/**
 * Feeds the opened core from wherever it reads next until it is done (at the end, a problem or its stopAt
 * limit), draining its output after each feed.
 */
export async function pump(
  core: Core,
  blob: Blob,
  handlers: IngestHandlers,
  options: Pick<IngestOptions, 'chunkBytes' | 'sideBatchCopy'> = {},
): Promise<void> {
  const x = core.exports;
  const size = blob.size;
  const chunkBytes = options.chunkBytes ?? CHUNK;
  const direct = directSource(blob);
  let status: number = FeedStatus.NeedInput;
  let offset = 0;
  while (status !== FeedStatus.Done) {
    if (status === FeedStatus.OutputFull) {
      status = x.feed(0, offset >= size);
    } else {
      await handlers.pause?.();
      offset = x.readOffset();
      const length = Math.max(0, Math.min(chunkBytes, size - offset));
      let got: number;
      if (direct) {
        got = direct.readInto(offset, core.u8(x.reserve(length), length));
      } else {
        const chunk = length > 0 ? await readSlice(blob, offset, length) : new Uint8Array(0);
        core.write(chunk);
        got = chunk.length;
      }
      // A file that ends before its size said ends here.
      offset = got < length ? size : offset + got;
      status = x.feed(got, offset >= size);
      handlers.onProgress?.(offset, size);
    }
    drain(core, handlers, options.sideBatchCopy === true);
  }
}

function drain(core: Core, handlers: IngestHandlers, batchCopy: boolean): void {
  // Side data first: in field mode it carries each frame's bytes, which the field records refer to.
  const x = core.exports;
  const sideLength = x.sideDataLength();
  if (sideLength > 0) {
    if (handlers.onSide) {
      const base = x.sideData();
      const view = new DataView(x.memory.buffer, base, sideLength);
      const copy = batchCopy ? core.u8(base, sideLength).slice() : undefined;
      for (let p = 0; p + 12 <= sideLength;) {
        const kind = view.getUint32(p, true);
        const frame = view.getUint32(p + 4, true);
        const length = view.getUint32(p + 8, true);
        const bytes = copy ? copy.subarray(p + 12, p + 12 + length) : core.u8(base + p + 12, length).slice();
        handlers.onSide({ kind, frame, bytes });
        p += 12 + ((length + 3) & ~3);
      }
    }
    x.clearSideData();
  }
  if (x.fieldRecordCount() > 0) {
    handlers.onFields?.(core.fieldRecords());
    x.clearFieldRecords();
  }
  if (x.transportLogCount() > 0) {
    handlers.onTransportLog?.(
      new Uint32Array(x.memory.buffer, x.transportLogEntries(), x.transportLogCount() * LOG_WORDS),
    );
    x.clearTransportLog();
  }
  if (x.rowCount() > 0) {
    handlers.onRows?.(rowBatch(core));
    x.clearRows();
  }
}

function rowBatch(core: Core): RowBatch {
  const x = core.exports;
  const n = x.rowCount();
  const buf = x.memory.buffer;
  const col = (i: number) => x.rowColumn(i);
  return {
    count: n,
    tsSec: new Float64Array(buf, col(0), n),
    tsNsec: new Uint32Array(buf, col(1), n),
    fileOffset: new Float64Array(buf, col(2), n),
    capLen: new Uint32Array(buf, col(3), n),
    origLen: new Uint32Array(buf, col(4), n),
    linkType: new Uint16Array(buf, col(5), n),
    flags: new Uint32Array(buf, col(6), n),
    top: new Uint8Array(buf, col(7), n),
    l3Offset: new Uint16Array(buf, col(8), n),
    l4Offset: new Uint16Array(buf, col(9), n),
    stream: new Uint32Array(buf, col(10), n),
    analysis: new Uint32Array(buf, col(11), n),
    relSeq: new Uint32Array(buf, col(12), n),
    payloadLen: new Uint32Array(buf, col(13), n),
    payloadOffset: new Uint16Array(buf, col(14), n),
    transport: new Uint8Array(buf, col(15), n),
    expert: new Uint8Array(buf, col(16), n),
    relAck: new Uint32Array(buf, col(17), n),
    shape: new Uint8Array(buf, col(18), n),
    ipSrc: new Uint32Array(buf, col(19), n),
    ipDst: new Uint32Array(buf, col(20), n),
    ipProto: new Uint8Array(buf, col(21), n),
    srcPort: new Uint16Array(buf, col(22), n),
    dstPort: new Uint16Array(buf, col(23), n),
  };
}
