import type { Core } from '../core/core';
import { RECORD_WORDS } from '../core/core';
import { frameSpans } from '../core/frame-records';
import { ingest } from '../core/ingest';
import { SideKind } from '../core/side-kinds';
import { fieldId } from '../fields/registry';
import { UNDECIDED, YES, NO } from './columns';
import type { CompiledFilter } from './index';
import { RecordFieldSource, type FrameRecords } from './record-source';
import type { FrameFieldSource } from './source';

export interface DecodeProgress {
  /** Bytes of the capture decoded so far, of `bytesTotal`. */
  bytesRead: number;
  bytesTotal: number;
}

/** Thrown out of the ingest to stop it once no frame is left undecided. */
class Settled extends Error {}

const FRAME_NUMBER = fieldId('frame.number')!;

/**
 * The slow path: decodes the capture with field records (cross-frame state such as TCP analysis needs the whole
 * sequence) and settles each UNDECIDED verdict with the per-frame evaluator, in place. Stops reading after the
 * last undecided frame. `cancelled` is asked at every batch; when it says yes the promise rejects with its error.
 */
export async function settleByDecoding(
  core: Core,
  blob: Blob,
  filter: CompiledFilter,
  verdicts: Uint8Array,
  options: {
    onProgress?(progress: DecodeProgress): void;
    checkCancelled?(): void;
    /** What the filter reads of a decoded frame (default: its records); the app adds its annotations here. */
    source?(frame: FrameRecords, number: number): FrameFieldSource;
  } = {},
): Promise<void> {
  let remaining = verdicts.reduce((n, v) => n + (v === UNDECIDED ? 1 : 0), 0);
  if (remaining === 0) return;
  const undecided = (n: number) => n >= 1 && n <= verdicts.length && verdicts[n - 1] === UNDECIDED;
  const frameBytes = new Map<number, Uint8Array>();
  const reassembled = new Map<number, Uint8Array>();
  try {
    await ingest(core, blob, true, {
      onSide(entry) {
        if (!undecided(entry.frame)) return;
        (entry.kind === SideKind.FrameBytes ? frameBytes : entry.kind === SideKind.Reassembled ? reassembled : undefined)?.set(entry.frame, entry.bytes);
      },
      onFields(records) {
        options.checkCancelled?.();
        for (const span of frameSpans(records)) {
          const n = frameNumber(records, span.start, span.end);
          if (!undecided(n)) continue;
          const frame = { records, ...span, frameBytes: frameBytes.get(n), reassembled: reassembled.get(n) };
          verdicts[n - 1] = filter.matches(options.source?.(frame, n) ?? new RecordFieldSource(frame)) ? YES : NO;
          remaining--;
        }
        frameBytes.clear();
        reassembled.clear();
        if (remaining === 0) throw new Settled();
      },
      onProgress: (bytesRead, bytesTotal) => options.onProgress?.({ bytesRead, bytesTotal }),
    });
  } catch (e) {
    if (!(e instanceof Settled)) throw e;
  }
}

function frameNumber(records: Uint32Array, start: number, end: number): number {
  for (let at = start; at < end; at += RECORD_WORDS) if (records[at] === FRAME_NUMBER) return records[at + 4];
  return 0;
}
