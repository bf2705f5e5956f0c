/**
 * The CLI's index pass: over every core (worker threads, src/core/parallel/) when the capture is a file large
 * enough, else one pass. Either way the index is the same.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Core } from '../core/core';
import { ingest, type IngestHandlers, type IngestResult } from '../core/ingest';
import { parallelIngest, type PieceRun, type PieceSpawner } from '../core/parallel/parallel-ingest';
import type { PieceBatch, PieceEnd } from '../core/parallel/piece';

/** LOUPE_THREADS=1 reads in one pass; any other number caps the pieces. */
function pieces(): number {
  const wanted = Number(process.env.LOUPE_THREADS);
  const cores = availableParallelism();
  return Number.isInteger(wanted) && wanted > 0 ? wanted : cores;
}

export async function indexCapture(core: Core, blob: Blob, handlers: IngestHandlers): Promise<IngestResult> {
  const path = (blob as { path?: string }).path;
  const n = pieces();
  if (!path || n < 2) return ingest(core, blob, false, handlers);
  return parallelIngest(core, blob, handlers, {
    spawn: workerSpawner(path, blob.size, core.module),
    pieces: n,
    firstShare: firstShare(n),
  });
}

/** This thread also tracks conversations, fills the index and joins the others' pieces: it reads a smaller one. */
function firstShare(n: number): number {
  const env = Number(process.env.LOUPE_FIRST_SHARE);
  return env > 0 && env < 1 ? env : 0.8 / n;
}

function workerSpawner(path: string, size: number, module: WebAssembly.Module | undefined): PieceSpawner {
  const script = new URL('./ingest-worker.mjs', import.meta.url);
  return (task): PieceRun => {
    const batches: PieceBatch[] = [];
    const worker = new Worker(script, { workerData: { path, size, task, module } });
    let settled = false;
    const end = new Promise<PieceEnd>((resolve, reject) => {
      worker.on('message', (m: { batch?: PieceBatch; end?: PieceEnd; error?: string }) => {
        if (m.batch) batches.push(m.batch);
        else if (m.end) {
          settled = true;
          resolve(m.end);
          void worker.terminate();
        } else if (m.error) reject(new Error(m.error));
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        if (!settled) reject(new Error('an ingest worker stopped before its piece ended'));
      });
    });
    // A piece not taken is read here instead: its failure is no error of the pass.
    end.catch(() => {});
    // Waiting for a piece keeps the process alive; a finished or cancelled worker does not.
    return {
      batches,
      end,
      cancel: () => {
        if (!settled) void worker.terminate();
      },
    };
  };
}
