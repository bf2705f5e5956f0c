/**
 * Parallel ingest: the capture cut at record boundaries (cut-points.ts), its first piece read here as one pass
 * reads it, the others by cores of their own at the same time (piece.ts), which decode and check every frame but
 * leave conversation tracking to this core: it replays each piece's transport log after the pieces before it, so
 * stream numbers, TCP analysis and the whole index are exactly those of one pass. A piece is taken only when the
 * reading before it stopped exactly at its first byte with nothing carried over (no IP datagram in reassembly,
 * no new interface); otherwise this core reads it itself, as one pass would.
 */
import type { Core } from '../core';
import { captureFormatName } from '../core';
import { ingest, pump, LOG_WORDS, type IngestHandlers, type IngestResult, type RowBatch } from '../ingest';
import { describeProblem } from '../problems';
import { planPieces } from './cut-points';
import type { PieceBatch, PieceEnd, PieceTask } from './piece';

/** A piece being read elsewhere: its batches as they came, and its end. */
export interface PieceRun {
  batches: PieceBatch[];
  end: Promise<PieceEnd>;
  /** Stops the reading (its results are not needed). */
  cancel(): void;
}

export type PieceSpawner = (task: PieceTask) => PieceRun;

export interface ParallelOptions {
  /** Starts reading a piece on another core. */
  spawn: PieceSpawner;
  /** Pieces, this core's included (usually the number of cores). */
  pieces: number;
  /** Files smaller than this are read in one pass (starting workers costs more than it saves). */
  minBytes?: number;
  /** The first piece's share of the file: this core also tracks conversations and fills the index. */
  firstShare?: number;
}

/** Transport log words the join reads (assembly/tcp/transport-log.ts). */
const FRAME = 0;
const PROTO = 1;
const STREAM = 23;
const ANALYSIS = 24;
const REL_SEQ = 25;
const REL_ACK = 26;
const SEVERITY = 27;
const PROTO_TCP = 6;

export const MIN_PARALLEL_BYTES = 32 << 20;

/** An index-mode ingest (rows and side data, no field records) over several cores when the file allows. */
export async function parallelIngest(
  core: Core,
  blob: Blob,
  handlers: IngestHandlers,
  options: ParallelOptions,
): Promise<IngestResult> {
  const plan =
    blob.size >= (options.minBytes ?? MIN_PARALLEL_BYTES)
      ? await planPieces(blob, options.pieces, options.firstShare)
      : undefined;
  if (!plan) return ingest(core, blob, false, handlers);
  const { starts } = plan;
  const endOf = (k: number) => (k + 1 < starts.length ? starts[k + 1] : -1);
  const runs: (PieceRun | undefined)[] = starts.map((start, k) =>
    k === 0
      ? undefined
      : options.spawn({ prefixEnd: plan.prefixEnd, layoutBlocks: plan.layoutBlocks, start, end: endOf(k) }),
  );
  const x = core.exports;
  try {
    x.open(blob.size, false);
    x.stopAt(endOf(0));
    await pump(core, blob, handlers);
    let frames = x.frameCount();
    let joined = 0;
    for (let k = 1; k < starts.length && x.problemCode() === 0; k++) {
      const run = runs[k]!;
      const exact = x.position() === starts[k] && x.pieceBoundaryClean(plan.layoutBlocks) !== 0;
      const end = exact ? await run.end.catch(() => undefined) : undefined;
      const last = k === starts.length - 1;
      if (end && (end.clean || last || end.problem.code !== 0)) {
        for (const batch of run.batches) join(core, batch, frames, handlers);
        joined++;
        run.batches.length = 0;
        frames += end.frames;
        x.setFrameCount(frames);
        x.seekTo(end.stoppedAt);
        handlers.onProgress?.(end.stoppedAt, blob.size);
        if (end.problem.code !== 0) {
          return {
            frames,
            format: plan.format,
            problem: describeProblem(end.problem.code, end.problem.offset, end.problem.value, frames),
            piecesJoined: joined,
          };
        }
        if (last) break;
        // Clean: this core's reader may take up where the piece ended, should the next piece not be usable.
        x.stopAt(endOf(k));
      } else {
        run.cancel();
        run.batches.length = 0;
        x.stopAt(endOf(k));
        await pump(core, blob, handlers);
        frames = x.frameCount();
      }
    }
    frames = x.frameCount();
    return {
      frames,
      format: captureFormatName(x.captureFormat()),
      problem: describeProblem(x.problemCode(), x.problemOffset(), x.problemValue(), frames),
      piecesJoined: joined,
    };
  } finally {
    for (const run of runs) run?.cancel();
  }
}

/** One batch of a piece after the frames before it (`before`): its log replayed, its rows and side data handed on. */
function join(core: Core, batch: PieceBatch, before: number, handlers: IngestHandlers): void {
  for (const entry of batch.sides) handlers.onSide?.({ ...entry, frame: entry.frame + before });
  const x = core.exports;
  const entries = batch.log.length / LOG_WORDS;
  const columns = batch.columns as unknown as RowBatch;
  if (entries > 0) {
    const at = x.transportLogReserve(entries);
    new Uint32Array(x.memory.buffer, at, batch.log.length).set(batch.log);
    x.replayTransport(entries, before);
    const log = new Uint32Array(x.memory.buffer, at, batch.log.length);
    for (let e = 0; e < log.length; e += LOG_WORDS) {
      const row = log[e + FRAME] - batch.firstFrame - 1;
      columns.stream[row] = log[e + STREAM];
      columns.analysis[row] = log[e + ANALYSIS];
      columns.relSeq[row] = log[e + REL_SEQ];
      if ((log[e + PROTO] & 0xff) === PROTO_TCP) {
        columns.relAck[row] = log[e + REL_ACK];
        if (log[e + SEVERITY] > columns.expert[row]) columns.expert[row] = log[e + SEVERITY];
      }
    }
  }
  if (batch.count > 0) handlers.onRows?.({ ...columns, count: batch.count });
}
