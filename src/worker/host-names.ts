import type { Core } from '../core/core';
import { dissectFrames } from '../passes/dissect-frames';
import { CapturedNames } from '../present/captured-names';
import type { SessionContext } from './capture-state';

/** Ports DNS answers come from: DNS, mDNS, LLMNR. */
const NAME_PORTS = new Set([53, 5353, 5355]);

/**
 * Host names learnt from the capture's own DNS answers (never a live lookup): one pass over the frames to or from
 * a name service port, made when first asked for and kept until the next open.
 */
export class HostNames {
  private core?: Promise<Core>;
  private names?: { capture: object; result: Promise<[string, string][]> };

  constructor(private readonly ctx: SessionContext) {}

  /** Every address named by a DNS answer in the capture, with its name, in order of learning. */
  capturedNames(): Promise<[string, string][]> {
    const capture = this.ctx.capture;
    if (this.names?.capture !== capture) this.names = { capture, result: this.collect() };
    return this.names.result;
  }

  private async collect(): Promise<[string, string][]> {
    const capture = this.ctx.capture;
    await capture.loading.catch(() => {});
    const { index } = capture;
    const src = index.column('srcPort');
    const dst = index.column('dstPort');
    const frames: number[] = [];
    for (let i = 0; i < index.count; i++) if (NAME_PORTS.has(src[i]) || NAME_PORTS.has(dst[i])) frames.push(i + 1);
    const names = new CapturedNames();
    if (frames.length) {
      await dissectFrames(await (this.core ??= this.ctx.newCore()), capture.blob, (f) => names.addFrame(f.app.items), {
        settings: this.ctx.settings,
        fieldFrames: Uint32Array.from(frames),
        signal: capture.signal,
        tls: this.ctx.tlsKeys.decryption(),
      });
    }
    return [...names.byAddress];
  }
}
