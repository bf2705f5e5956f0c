/**
 * A Web Worker reading one piece of a capture for the capture worker's parallel ingest (src/core/parallel/): the
 * capture worker hands it the file (a Blob crosses without its bytes) and its compiled core, and gets each batch
 * back with its arrays transferred.
 */
import * as Comlink from 'comlink';
import { Core } from '../../core/core';
import { readPiece, type PieceBatch, type PieceEnd, type PieceTask } from '../../core/parallel/piece';

export interface PieceWorkerApi {
  read(
    module: WebAssembly.Module,
    blob: Blob,
    task: PieceTask,
    onBatch: (batch: PieceBatch) => void | Promise<void>,
  ): Promise<PieceEnd>;
}

const api: PieceWorkerApi = {
  async read(module, blob, task, onBatch) {
    const core = await Core.instantiate(module);
    const sent: Promise<void>[] = [];
    const end = await readPiece(core, blob, task, (batch) => {
      const buffers = [...Object.values(batch.columns), batch.log, ...batch.sides.map((s) => s.bytes)].map(
        (a) => a.buffer as ArrayBuffer,
      );
      sent.push(Promise.resolve(onBatch(Comlink.transfer(batch, [...new Set(buffers)]))));
    });
    // Every batch arrives before the end does.
    await Promise.all(sent);
    return end;
  },
};

Comlink.expose(api);
