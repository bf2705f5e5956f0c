/**
 * The capture worker's index pass over every core: Web Workers of its own (piece-worker.ts) read pieces of the
 * file while it reads the first (src/core/parallel/parallel-ingest.ts); one pass for a gzip-compressed capture
 * (inflated in memory here) or where workers cannot start.
 */
import * as Comlink from 'comlink';
import type { Core } from '../../core/core';
import { ingest, type IngestHandlers, type IngestResult } from '../../core/ingest';
import { parallelIngest, type PieceRun, type PieceSpawner } from '../../core/parallel/parallel-ingest';
import type { PieceBatch } from '../../core/parallel/piece';
import type { PieceWorkerApi } from './piece-worker';

export async function indexInPieces(
  core: Core,
  blob: Blob,
  compressed: boolean,
  handlers: IngestHandlers,
): Promise<IngestResult> {
  const cores = Math.min(globalThis.navigator?.hardwareConcurrency ?? 1, 8);
  if (compressed || cores < 2 || !core.module || typeof Worker === 'undefined') {
    return ingest(core, blob, false, handlers);
  }
  return parallelIngest(core, blob, handlers, {
    spawn: spawner(blob, core.module),
    pieces: cores,
    firstShare: 0.8 / cores,
  });
}

function spawner(blob: Blob, module: WebAssembly.Module): PieceSpawner {
  return (task): PieceRun => {
    const worker = new Worker(new URL('./piece-worker.ts', import.meta.url), { type: 'module', name: 'loupe-piece' });
    const api = Comlink.wrap<PieceWorkerApi>(worker);
    const batches: PieceBatch[] = [];
    const end = api.read(
      module,
      blob,
      task,
      Comlink.proxy((batch: PieceBatch) => {
        batches.push(batch);
      }),
    );
    end.then(
      () => worker.terminate(),
      () => worker.terminate(),
    );
    return { batches, end, cancel: () => worker.terminate() };
  };
}
