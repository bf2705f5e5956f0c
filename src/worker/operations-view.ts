import type { Core } from '../core/core';
import { isPcapng } from '../core/source';
import { dissectFrames, type DissectedFrame } from '../passes/dissect-frames';
import { dissectSubset } from '../passes/dissect-subset';
import { subsetFrames } from '../passes/subset-plan';
import { OperationsBuilder } from '../operations/pairing';
import { operationFrames } from '../operations/operation-frames';
import type { Operation } from '../operations/types';
import type { LoadProgress, OperationsProgress } from '../api/capture-api';
import type { SessionContext } from './capture-state';
import type { BackgroundPasses } from './background-passes';
import type { Exports } from './exports';

/** Partial operations go to the view at most this often (the first ones sooner: a first screen fast). */
const PARTIAL_EVERY_MS = 1000;
const FIRST_PARTIAL_MS = 120;
/** While the Protocol/Info pass settles the rest, how often its progress is reported. */
const REST_EVERY_MS = 500;

/**
 * The Operations view's data: requests paired with responses. First the frames the index and the dissector tables
 * say can make operations (operations/operation-frames.ts: DNS, HTTP, FTP, SMTP, SMB2, MSNP, DHCP conversations by
 * their ports or heuristics, ICMP echo) are dissected alone, sliced out of the file when they stand alone, their
 * operations reported as they come (`onPartial`: so many of so many frames analysed). Conversations whose dissector
 * may add anything (TLS, which may decrypt HTTP) and frames the index cannot place are settled by the Protocol and
 * Info pass, which pairs every frame's operations as it goes: its result, once in, is the complete one. A capture
 * reopened from the library (no such pass) gets one field-mode pass on a core of its own. Kept until the next open,
 * Decode As or TLS keys change (reset()).
 */
export class OperationsView {
  private all?: Promise<Operation[]>;
  private core?: Promise<Core>;
  private queue: Promise<unknown> = Promise.resolve();
  /** The latest partial result of the pass under way, and who wants the next ones. */
  private partial?: OperationsProgress;
  private listeners = new Set<(progress: OperationsProgress) => void>();

  constructor(
    private readonly ctx: SessionContext,
    private readonly passes: BackgroundPasses,
    private readonly exports: Exports,
  ) {}

  reset(): void {
    this.all = undefined;
    this.partial = undefined;
    this.listeners = new Set();
  }

  /**
   * Every operation; with `displayed`, those whose request or response the display filter shows. `onPartial` gets
   * the operations found so far while the frames are analysed (the last one it gets before this resolves may still
   * be partial: the resolved list is the complete one).
   */
  async operations(
    displayed = false,
    onProgress?: (progress: LoadProgress) => void,
    onPartial?: (progress: OperationsProgress) => void,
  ): Promise<Operation[]> {
    const shown = displayed ? this.ctx.capture.filtered : undefined;
    const frames = shown ? new Set(shown) : undefined;
    const limit = (all: Operation[]) =>
      frames
        ? all.filter(
            (o) => frames.has(o.requestFrame) || (o.responseFrame !== undefined && frames.has(o.responseFrame)),
          )
        : all;
    const listeners = this.listeners;
    const listener =
      onPartial &&
      ((p: OperationsProgress) => onPartial({ ...p, ...(p.operations ? { operations: limit(p.operations) } : {}) }));
    if (listener) {
      listeners.add(listener);
      if (this.partial) listener(this.partial);
    }
    try {
      return limit(await this.pass(onProgress));
    } finally {
      if (listener) listeners.delete(listener);
    }
  }

  private publish(progress: OperationsProgress): void {
    const latest = { ...progress, operations: progress.operations ?? this.partial?.operations };
    this.partial = latest;
    for (const listener of this.listeners) listener(progress);
  }

  private async pass(onProgress?: (progress: LoadProgress) => void): Promise<Operation[]> {
    await this.ctx.capture.loading.catch(() => {});
    if (!this.all) {
      // One pass at a time on the core: one over a previous capture ends before this one starts.
      this.all = this.queue.then(() => this.analyse(onProgress));
      this.queue = this.all.catch(() => {});
    }
    return this.all;
  }

  private async analyse(onProgress?: (progress: LoadProgress) => void): Promise<Operation[]> {
    const done = this.passes.operationsIfPaired();
    if (done) return done;
    const capture = this.ctx.capture;
    const { blob, index, signal } = capture;
    const settings = this.ctx.settings;
    const plan = operationFrames(index, settings);
    const total = plan.first.length + plan.rest;
    let analysed = 0;
    const firstTime = index.count ? { sec: index.at('tsSec', 0), nsec: index.at('tsNsec', 0) } : undefined;
    let builder = new OperationsBuilder(firstTime);
    const started = performance.now();
    let published = started - PARTIAL_EVERY_MS + FIRST_PARTIAL_MS;
    const publish = (force = false) => {
      const now = performance.now();
      if (!force && now - published < PARTIAL_EVERY_MS) return;
      published = now;
      this.publish({ operations: builder.operations(), analysed, total });
    };
    /** Only the count moved (the rest is being settled): the operations found are not sent again. */
    const count = () => this.publish({ analysed, total });
    const wanted = new Uint8Array(index.count + 1);
    for (const n of plan.first) wanted[n] = 1;
    const onFrame = (frame: DissectedFrame) => {
      builder.add(frame);
      if (wanted[frame.number]) analysed++;
      publish();
    };
    if (plan.first.length) {
      await this.ctx.urgently(async () => {
        const core = await (this.core ??= this.ctx.newCore());
        const pcapng = await isPcapng(blob);
        const one = pcapng ? await this.exports.soleInterface() : { id: 0 };
        const alone = one ? subsetFrames(index, plan.first, blob.size) : undefined;
        const standing =
          alone &&
          one &&
          (await dissectSubset(core, blob, index, alone, onFrame, {
            settings,
            interfaceId: one.id,
            interfaceName: one.name,
            tls: this.ctx.tlsKeys.decryption(pcapng ? await this.exports.captureSecrets() : []),
            appFrames: plan.firstApp,
          }));
        if (standing) return;
        // They cannot stand alone, or are too many: the file is read through, those frames decoded.
        builder = new OperationsBuilder(firstTime);
        analysed = 0;
        await dissectFrames(core, blob, onFrame, {
          settings,
          signal,
          fieldFrames: plan.first,
          appFrames: plan.firstApp,
          tls: this.ctx.tlsKeys.decryption(),
        });
      });
    }
    if (plan.rest === 0 || signal.aborted) return builder.operations();
    // The rest: the Protocol/Info pass pairs every frame; meanwhile, how far it is through the rest's frames.
    analysed = plan.first.length;
    let counted = 0;
    const tick = () => {
      const upTo = Math.min(this.passes.columns.count, index.count);
      for (; counted < upTo; counted++) if (plan.restFrames[counted]) analysed++;
      count();
    };
    publish(true);
    const timer = setInterval(tick, REST_EVERY_MS);
    try {
      const paired = await this.passes.pairedOperations();
      if (paired) return paired;
    } finally {
      clearInterval(timer);
    }
    // No such pass (a capture reopened from the library, or the pass was replaced): one of its own.
    const core = await (this.core ??= this.ctx.newCore());
    const all = new OperationsBuilder();
    let dissected = 0;
    const frames = index.count;
    await dissectFrames(core, blob, (frame) => (all.add(frame), void dissected++), {
      settings,
      signal,
      tls: this.ctx.tlsKeys.decryption(),
      onProgress: (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames, dissected }),
    });
    return all.operations();
  }
}
