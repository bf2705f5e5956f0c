/**
 * A worker thread reading one piece of a capture for a parallel ingest (src/core/parallel/): it opens the file
 * itself, reads its piece with a core of its own and posts each batch (its arrays transferred, not copied), then
 * the piece's end. Bundled apart (dist/cli/ingest-worker.mjs) so a worker starts without the CLI's bundle.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Core } from '../core/core';
import { loadCoreForNode } from '../core/load-node';
import { readPiece, type PieceTask } from '../core/parallel/piece';
import { FileBlob } from './file-blob';

const { path, size, task, module } = workerData as {
  path: string;
  size: number;
  task: PieceTask;
  /** The CLI's compiled core, shared rather than compiled again. */
  module?: WebAssembly.Module;
};
const port = parentPort!;
try {
  const core = module ? await Core.instantiate(module) : await loadCoreForNode();
  const blob = await FileBlob.open(path, size);
  const end = await readPiece(core, blob, task, (batch) => {
    const buffers = [...Object.values(batch.columns), batch.log, ...batch.sides.map((s) => s.bytes)].map(
      (a) => a.buffer as ArrayBuffer,
    );
    port.postMessage({ batch }, [...new Set(buffers)]);
  });
  port.postMessage({ end });
} catch (e) {
  port.postMessage({ error: String((e as Error)?.stack ?? e) });
}
