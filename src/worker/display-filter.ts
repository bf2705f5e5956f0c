import type { FilterOutcome } from '../api/capture-api';
import type { Core } from '../core/core';
import type { PacketIndex } from '../core/packet-index';
import { compileFilter, FilterError } from '../filter';
import { framesWith, NO, UNDECIDED, YES } from '../filter/columns';
import type { FrameFieldSource } from '../filter/source';
import { planQuery } from '../passes/query-plan';
import { settleByDecoding, type DecodeProgress } from '../passes/filter-pass';
import type { Value } from '../filter';
import { fieldId } from '../fields/registry';
import { AnnotatedSource, FrameAnnotations, Note } from '../present/annotations';
import { settleAlone } from '../passes/filter-subset';
import type { SliceSource } from './filter-slicing';

const FRAME = fieldId('frame')!;
const FRAME_NUMBER = fieldId('frame.number')!;
const FRAME_LEN = fieldId('frame.len')!;
const FRAME_CAP_LEN = fieldId('frame.cap_len')!;

/** What the filter reads of an ignored frame: Wireshark does not dissect it, so only the frame's own fields. */
function ignoredFrameFields(index: PacketIndex, number: number): (id: number) => readonly Value[] | undefined {
  return (id) =>
    id === FRAME
      ? [new Uint8Array(0)]
      : id === FRAME_NUMBER
        ? [number]
        : id === FRAME_LEN
          ? [index.at('origLen', number - 1)]
          : id === FRAME_CAP_LEN
            ? [index.at('capLen', number - 1)]
            : undefined;
}
import type { DissectionSettings } from '../dissectors/decode-as';
import type { TlsDecryption } from '../tls/decryption';

class Cancelled extends Error {}

/**
 * Display filters, worker side: the query planner (passes/query-plan.ts, shared with `loupe fields`) decides what
 * the index can at once; the frames it leaves undecided are settled by one field-mode pass over the capture on a
 * core of its own, which decodes only the frames the plan names (dissecting only the conversations that can hold
 * the filter's application fields), reports progress and stops as soon as the filter is cancelled or replaced.
 */
export class DisplayFilterRunner {
  private run = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly core: () => Promise<Core>) {}

  cancel(): void {
    this.run++;
  }

  /**
   * `settings`: the Decode As rules the application fields are dissected under; `tls`: a decryption state with
   * the user's TLS keys, made for the pass; `alone`: whether the capture's frames may be decoded alone, sliced out
   * by the index (see filter-slicing.ts), which makes an application-field filter read only its conversations.
   */
  apply(
    text: string,
    index: PacketIndex,
    blob: Blob,
    onProgress?: (progress: DecodeProgress) => void,
    notes = new FrameAnnotations(),
    settings?: DissectionSettings,
    tls?: () => TlsDecryption,
    alone?: () => Promise<SliceSource | undefined>,
  ): Promise<FilterOutcome> {
    const run = ++this.run;
    // One pass at a time on the filter's core: a replaced pass stops at its next frame, then this one starts.
    const outcome = this.queue.then(() =>
      this.evaluate(run, text, index, blob, notes, onProgress, settings, tls, alone),
    );
    this.queue = outcome.catch(() => {});
    return outcome;
  }

  private async evaluate(
    run: number,
    text: string,
    index: PacketIndex,
    blob: Blob,
    notes: FrameAnnotations,
    onProgress?: (progress: DecodeProgress) => void,
    settings?: DissectionSettings,
    tls?: () => TlsDecryption,
    alone?: () => Promise<SliceSource | undefined>,
  ): Promise<FilterOutcome> {
    if (run !== this.run) return { kind: 'cancelled' };
    if (text.trim() === '') return { kind: 'applied', frames: undefined };
    let filter;
    try {
      filter = compileFilter(text);
    } catch (e) {
      if (e instanceof FilterError) return { kind: 'invalid', message: e.message, start: e.start, length: e.length };
      throw e;
    }
    // The planner decides what the index can, and narrows decoding to the conversations that can hold the fields.
    // A capture whose frames may be decoded alone has no TLS keys nor secrets: TLS then decrypts nothing.
    const slice = await alone?.();
    if (run !== this.run) return { kind: 'cancelled' };
    const plan = planQuery(index, { filter, settings, decrypts: !slice });
    const verdicts = plan.verdicts;
    // Ignored frames are decided here, from their frame fields alone, so the decoding pass skips them.
    for (const n of notes.frames('ignored')) {
      if (n <= verdicts.length)
        verdicts[n - 1] = filter.matches(new AnnotatedSource(undefined, n, notes, ignoredFrameFields(index, n)))
          ? YES
          : NO;
    }
    // The index's columns know nothing of marks and comments: frames they let through are decided again by decoding.
    const checkCancelled = () => {
      if (run !== this.run) throw new Cancelled();
    };
    const wrap = (source: FrameFieldSource, n: number) => new AnnotatedSource(source, n, notes);
    try {
      // Few frames to decode (a DNS filter over bulk transfers): their conversations alone, the rest unread.
      if (slice && verdicts.includes(UNDECIDED)) {
        const settled = await settleAlone(await this.core(), blob, index, filter, verdicts, plan, {
          ...slice,
          settings,
          wrap,
          onProgress,
          checkCancelled,
        });
        if (settled) return { kind: 'applied', frames: framesWith(verdicts, YES) };
      }
      await settleByDecoding(await this.core(), blob, filter, verdicts, {
        onProgress,
        wrap,
        settings,
        tls: tls?.(),
        plan,
        checkCancelled,
      });
    } catch (e) {
      if (e instanceof Cancelled) return { kind: 'cancelled' };
      throw e;
    }
    return { kind: 'applied', frames: framesWith(verdicts, YES) };
  }
}
