import { chatReport, hasMsnpPort } from '../msn/capture';
import type { ChatReport } from '../msn/types';
import type { CaptureState, SessionContext } from './capture-state';

/** MSN Messenger chats (src/msn), reconstructed from the index's TCP streams when first asked for and kept until the next open. */
export class Chats {
  private report?: Promise<ChatReport>;

  constructor(private readonly ctx: SessionContext) {}

  reset(): void {
    this.report = undefined;
  }

  /** Every MSN Messenger conversation, login and presence change. */
  async chats(): Promise<ChatReport> {
    await this.ctx.capture.loading.catch(() => {});
    // The user waits on it: background passes hold their reads meanwhile.
    this.report ??= this.ctx.urgently(() => this.reconstruct(this.ctx.capture));
    return this.report;
  }

  /** A capture with MSN Messenger on its port has its chats ready before they are asked for (the demo's show at once). */
  prepare(capture: CaptureState): void {
    if (!this.report && hasMsnpPort(capture.index)) this.report = this.reconstruct(capture);
  }

  private reconstruct(capture: CaptureState): Promise<ChatReport> {
    return chatReport({
      core: this.ctx.cores.ingest,
      blob: capture.blob,
      index: capture.index,
      streams: capture.streams,
      pieces: capture.payloadPieces,
    });
  }
}
