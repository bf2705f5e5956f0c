import type { Core } from '../core/core';
import { dissectFrames } from '../passes/dissect-frames';
import { OperationsBuilder } from '../operations/pairing';
import type { Operation } from '../operations/types';
import type { LoadProgress } from '../api/capture-api';
import type { SessionContext } from './capture-state';
import type { BackgroundPasses } from './background-passes';

/**
 * The Operations view's data: requests paired with responses. The Protocol and Info pass pairs them as it dissects
 * every frame; a capture reopened from the library (no such pass) gets one field-mode pass on a core of its own.
 * Either is kept until the next open, Decode As or TLS keys change (reset()).
 */
export class OperationsView {
  private all?: Promise<Operation[]>;
  private core?: Promise<Core>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: SessionContext,
    private readonly passes: BackgroundPasses,
  ) {}

  reset(): void {
    this.all = undefined;
  }

  /** Every operation; with `displayed`, those whose request or response the display filter shows. */
  async operations(displayed = false, onProgress?: (progress: LoadProgress) => void): Promise<Operation[]> {
    const all = await this.pass(onProgress);
    const shown = displayed ? this.ctx.capture.filtered : undefined;
    if (!shown) return all;
    const frames = new Set(shown);
    return all.filter(
      (o) => frames.has(o.requestFrame) || (o.responseFrame !== undefined && frames.has(o.responseFrame)),
    );
  }

  private async pass(onProgress?: (progress: LoadProgress) => void): Promise<Operation[]> {
    await this.ctx.capture.loading.catch(() => {});
    if (!this.all) {
      const core = (this.core ??= this.ctx.newCore());
      const { blob, index, signal } = this.ctx.capture;
      const settings = this.ctx.settings;
      const frames = index.count;
      // One pass at a time on the core: one over a previous capture ends before this one starts.
      this.all = this.queue.then(async () => {
        const paired = await this.passes.pairedOperations();
        if (paired) return paired;
        const builder = new OperationsBuilder();
        let dissected = 0;
        await dissectFrames(await core, blob, (frame) => (builder.add(frame), void dissected++), {
          settings,
          signal,
          tls: this.ctx.tlsKeys.decryption(),
          onProgress: (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames, dissected }),
        });
        return builder.operations();
      });
      this.queue = this.all.catch(() => {});
    }
    return this.all;
  }
}
