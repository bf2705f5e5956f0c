/**
 * One piece of a parallel ingest, read by a core of its own (a worker thread in Node, a Web Worker in the
 * browser): the file's layout prefix first (header, or section and interface blocks), then the piece from its
 * first record to the first record at or after its end. Its conversations are not tracked but logged
 * (assembly/tcp/transport-log.ts) for the join (parallel-ingest.ts) to replay after the pieces before it.
 */
import type { Core } from '../core';
import { LOG_WORDS, pump, type RowBatch, type SideEntry } from '../ingest';
import type { ColumnName } from '../packet-index';
import { readSlice } from '../source';

export interface PieceTask {
  prefixEnd: number;
  /** Section and interface blocks in the prefix: a piece that reads more has changed what the next one assumes. */
  layoutBlocks: number;
  start: number;
  /** The piece ends before the first record starting at or after this offset (-1: at the end of the file). */
  end: number;
}

/** One batch of a piece's rows (copies, transferable), with the log entries and side data of their frames. */
export interface PieceBatch {
  count: number;
  /** Frames of the piece before this batch's rows (log entries name frames from 1 within the piece). */
  firstFrame: number;
  columns: Record<ColumnName, ArrayLike<number> & { buffer: ArrayBufferLike; subarray(a: number, b?: number): any }>;
  log: Uint32Array;
  sides: SideEntry[];
}

export interface PieceEnd {
  frames: number;
  /** Where the reader stopped: the next piece's first byte when the cut was a true boundary. */
  stoppedAt: number;
  /** The state carried across frames is a fresh reader's (nothing in reassembly, no new interfaces). */
  clean: boolean;
  /** The core's problem (code, offset, value), 0 for none: the pass stops there. */
  problem: { code: number; offset: number; value: number };
}

const COLUMN_NAMES: ColumnName[] = [
  'tsSec',
  'tsNsec',
  'fileOffset',
  'capLen',
  'origLen',
  'linkType',
  'flags',
  'top',
  'l3Offset',
  'l4Offset',
  'stream',
  'analysis',
  'relSeq',
  'payloadLen',
  'payloadOffset',
  'transport',
  'expert',
  'relAck',
  'shape',
  'ipSrc',
  'ipDst',
  'ipProto',
  'srcPort',
  'dstPort',
];

/** Reads the piece; each batch goes to onBatch as it is made (its arrays are the receiver's). */
export async function readPiece(
  core: Core,
  blob: Blob,
  task: PieceTask,
  onBatch: (batch: PieceBatch) => void,
): Promise<PieceEnd> {
  const x = core.exports;
  x.open(blob.size, false);
  // The prefix sets the reader's state (byte order, link type, interfaces); what it reports is the first piece's.
  const prefix = await readSlice(blob, 0, task.prefixEnd);
  core.write(prefix);
  x.feed(prefix.length, false);
  x.clearSideData();
  x.clearRows();
  x.deferTracking(true);
  x.seekTo(task.start);
  x.stopAt(task.end);
  let log = new Uint32Array(0);
  let sides: SideEntry[] = [];
  await pump(
    core,
    blob,
    {
      onSide: (entry) => sides.push(entry),
      onTransportLog: (entries) => {
        log = entries.slice();
      },
      onRows: (rows: RowBatch) => {
        const columns = {} as PieceBatch['columns'];
        for (const name of COLUMN_NAMES) columns[name] = rows[name].slice(0, rows.count);
        onBatch({ count: rows.count, firstFrame: x.frameCount() - rows.count, columns, log, sides });
        log = new Uint32Array(0);
        sides = [];
      },
    },
    {},
  );
  if (sides.length > 0 || log.length > 0)
    onBatch({ count: 0, firstFrame: x.frameCount(), columns: emptyColumns(), log, sides });
  return {
    frames: x.frameCount(),
    stoppedAt: x.position(),
    clean: x.pieceBoundaryClean(task.layoutBlocks) !== 0,
    problem: { code: x.problemCode(), offset: x.problemOffset(), value: x.problemValue() },
  };
}

function emptyColumns(): PieceBatch['columns'] {
  const columns = {} as PieceBatch['columns'];
  for (const name of COLUMN_NAMES) columns[name] = new Uint32Array(0);
  return columns;
}

export { LOG_WORDS };
