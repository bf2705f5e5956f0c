import type { Core } from '../core/core';
import { dissectFrames, STOP } from './dissect-frames';
import { DissectedFrameSource } from '../dissectors';
import type { DissectionSettings } from '../dissectors/decode-as';
import { isCoreField } from '../fields/registry';
import { UNDECIDED, YES, NO } from '../filter/columns';
import type { CompiledFilter } from '../filter/index';
import type { FrameFieldSource } from '../filter/source';
import type { TlsDecryption } from '../tls/decryption';

export interface DecodeProgress {
  /** Bytes of the capture decoded so far, of `bytesTotal`. */
  bytesRead: number;
  bytesTotal: number;
}

/**
 * The slow path: decodes the capture with field records (cross-frame state such as TCP analysis needs the whole
 * sequence), and with the application dissectors when the filter reads their fields (under the user's Decode As
 * settings), and settles each UNDECIDED verdict with the per-frame evaluator, in place. Stops reading after the
 * last undecided frame; decided frames are dissected only as far as later frames need. `checkCancelled` is asked
 * at every frame; what it throws rejects the promise.
 */
export async function settleByDecoding(
  core: Core,
  blob: Blob,
  filter: CompiledFilter,
  verdicts: Uint8Array,
  options: {
    onProgress?(progress: DecodeProgress): void;
    checkCancelled?(): void;
    /** The Decode As rules the application fields are dissected under. */
    settings?: DissectionSettings;
    /** What the filter reads of a decoded frame (default: its fields); the app adds its annotations here. */
    wrap?(source: FrameFieldSource, number: number): FrameFieldSource;
    /** TLS keys the application fields are decrypted with (the capture's own secrets are always used). */
    tls?: TlsDecryption;
  } = {},
): Promise<void> {
  let remaining = verdicts.reduce((n, v) => n + (v === UNDECIDED ? 1 : 0), 0);
  if (remaining === 0) return;
  await dissectFrames(
    core,
    blob,
    ({ number, input, app }) => {
      if (number < 1 || number > verdicts.length || verdicts[number - 1] !== UNDECIDED) return;
      const source = new DissectedFrameSource(input, app);
      verdicts[number - 1] = filter.matches(options.wrap?.(source, number) ?? source) ? YES : NO;
      if (--remaining === 0) return STOP;
    },
    {
      dissect: filter.fieldIds.some((id) => !isCoreField(id)),
      settings: options.settings,
      tls: options.tls,
      onProgress: (bytesRead, bytesTotal) => options.onProgress?.({ bytesRead, bytesTotal }),
      // Decided frames are dissected only for the state later frames need.
      onlyFrames: (number) => {
        options.checkCancelled?.();
        return number >= 1 && number <= verdicts.length && verdicts[number - 1] === UNDECIDED;
      },
      // Small reads: each batch's frames then share one copy of their bytes (see dissectFrames).
      chunkBytes: 256 << 10,
    },
  );
}
