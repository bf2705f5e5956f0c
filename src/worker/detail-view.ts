import type { PacketIndex } from '../core/packet-index';
import { isPcapng } from '../core/source';
import { DissectorChoice } from '../dissectors/decode-as';
import { dissectFrames, STOP, type DissectedFrame } from '../passes/dissect-frames';
import { dissectSubset } from '../passes/dissect-subset';
import { FrameClock, frameDetail } from '../present/frame-detail';
import { referenceFrame } from '../present/time-format';
import type { FrameDetail } from '../api/capture-api';
import type { SessionContext } from './capture-state';
import type { Exports } from './exports';
import { previousDisplayed } from './list-view';
import { TreeFrames } from './tree-frames';

/**
 * The selected frame's detail for the protocol tree and hex view. Only the frames its application layer depends
 * on (tree-frames.ts) are dissected, sliced out of the file alone (dissect-subset.ts), or, when they cannot stand
 * alone, in a pass from the file's start that reads the others at index speed. A newer request aborts an older
 * one's pass; the background passes give way while it runs.
 */
export class DetailView {
  private queue: Promise<unknown> = Promise.resolve();
  private request = new AbortController();
  /** Which frames the tree's pass dissects; remade when the Decode As rules change. */
  private treeFrames?: TreeFrames;

  constructor(
    private readonly ctx: SessionContext,
    private readonly exports: Exports,
  ) {}

  /** New capture or Decode As rules: the request under way stops, and which frames a tree needs is worked out anew. */
  reset(): void {
    this.request.abort();
    this.treeFrames = undefined;
  }

  /** Frame `number` (1-based) for the protocol tree and hex view. */
  async frame(number: number): Promise<FrameDetail | undefined> {
    const capture = this.ctx.capture;
    const { index, blob } = capture;
    const i = number - 1;
    if (i < 0 || i >= index.count) return undefined;
    this.request.abort();
    const request = (this.request = new AbortController());
    const signal = AbortSignal.any([request.signal, capture.signal]);
    const flags = index.at('flags', i);
    const run = this.queue.then(() =>
      this.ctx.urgently(async () => {
        let detail: FrameDetail | undefined;
        if (signal.aborted) return undefined;
        const settings = this.ctx.settings;
        const fieldFrames = (this.treeFrames ??= new TreeFrames(new DissectorChoice(settings))).of(
          number,
          index,
          capture.streams,
        );
        const pcapng = await isPcapng(blob);
        let clock = new FrameClock(pcapng);
        const onFrame = (frame: DissectedFrame) => {
          if (signal.aborted) return STOP;
          if (frame.number < number) return clock.observeStream(frame);
          // Times relative to other frames from the index (the pass skips most frames), as the list counts them.
          const refs = capture.notes.timeRefs();
          clock.firstNs = timeNs(index, (refs.length ? referenceFrame(number, refs) : 1) - 1);
          clock.previousNs = timeNs(index, Math.max(0, i - 1));
          clock.previousDisplayedNs = timeNs(index, previousDisplayed(capture.filtered, number) - 1);
          detail = frameDetail(
            frame,
            flags,
            { bits: capture.notes.of(number), comments: capture.notes.commentsOf(number) },
            clock,
          );
          return STOP;
        };
        const core = this.ctx.cores.detail;
        // Those frames alone, sliced out by the index, when they stand alone; else the file read through up to it.
        const one = pcapng ? await this.exports.soleInterface() : { id: 0 };
        const tls = this.ctx.tlsKeys.decryption(pcapng ? await this.exports.captureSecrets() : []);
        if (
          one &&
          (await dissectSubset(core, blob, index, fieldFrames, onFrame, {
            settings,
            interfaceId: one.id,
            interfaceName: one.name,
            tls,
          }))
        )
          return detail;
        clock = new FrameClock(pcapng);
        await dissectFrames(core, blob, onFrame, { settings, fieldFrames, signal, tls: this.ctx.tlsKeys.decryption() });
        return detail;
      }),
    );
    this.queue = run.catch(() => {});
    return run;
  }
}

/** Capture time of row i in nanoseconds. */
const timeNs = (index: PacketIndex, i: number) =>
  BigInt(index.at('tsSec', i)) * 1_000_000_000n + BigInt(index.at('tsNsec', i));
