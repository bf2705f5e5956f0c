/**
 * Pieces read on this thread by cores of their own, one after another: what a host without workers uses, and
 * what tests use to compare a cut capture's index with one pass's without threads.
 */
import type { Core } from '../core';
import type { PieceSpawner } from './parallel-ingest';
import { readPiece, type PieceBatch } from './piece';

export function inProcessSpawner(blob: Blob, newCore: () => Promise<Core>): PieceSpawner {
  return (task) => {
    const batches: PieceBatch[] = [];
    const end = newCore().then((core) => readPiece(core, blob, task, (batch) => batches.push(batch)));
    return { batches, end, cancel: () => {} };
  };
}
