import type { Core } from '../core/core';
import type { PacketIndex } from '../core/packet-index';
import { DissectedFrameSource } from '../dissectors';
import type { DissectionSettings } from '../dissectors/decode-as';
import { UNDECIDED, YES, NO } from '../filter/columns';
import type { CompiledFilter } from '../filter/index';
import type { FrameFieldSource } from '../filter/source';
import type { TlsDecryption } from '../tls/decryption';
import { dissectSubset } from './dissect-subset';
import { STOP } from './dissect-frames';
import type { DecodeProgress } from './filter-pass';
import type { QueryPlan } from './query-plan';
import { subsetFrames } from './subset-plan';

/** Progress is reported at most this often (each report crosses to the page). */
const PROGRESS_EVERY_MS = 100;

/**
 * settleByDecoding's fast path, as `loupe fields` takes it: when the plan's frames stand alone and hold a small
 * part of the file (subset-plan.ts), they are sliced out by the index and decoded alone (dissect-subset.ts),
 * their conversations whole up to their last frame wanted, and each UNDECIDED verdict settled in place. Resolves
 * false, the verdicts as they were, when the frames cannot be decoded alone: the caller reads the file through.
 * Progress counts the bytes of the frames decoded; what `checkCancelled` throws (asked at every frame) rejects.
 */
export async function settleAlone(
  core: Core,
  blob: Blob,
  index: PacketIndex,
  filter: CompiledFilter,
  verdicts: Uint8Array,
  plan: Pick<QueryPlan, 'recordFrames' | 'dissect'>,
  options: {
    settings?: DissectionSettings;
    tls?: TlsDecryption;
    /** The capture's one interface, which the frames decoded alone are told (pcapng). */
    interfaceId?: number;
    interfaceName?: string;
    wrap?(source: FrameFieldSource, number: number): FrameFieldSource;
    onProgress?(progress: DecodeProgress): void;
    checkCancelled?(): void;
  } = {},
): Promise<boolean> {
  let remaining = 0;
  for (const v of verdicts) if (v === UNDECIDED) remaining++;
  if (remaining === 0) return true;
  const frames = subsetFrames(index, plan.recordFrames, blob.size);
  if (!frames) return false;
  const capLen = index.column('capLen');
  let bytesTotal = 0;
  for (const n of frames) bytesTotal += capLen[n - 1];
  let bytesRead = 0;
  let reported = performance.now();
  const before = verdicts.slice();
  const standing = await dissectSubset(
    core,
    blob,
    index,
    frames,
    ({ number, input, app }) => {
      options.checkCancelled?.();
      bytesRead += capLen[number - 1];
      if (options.onProgress && performance.now() - reported > PROGRESS_EVERY_MS) {
        reported = performance.now();
        options.onProgress({ bytesRead, bytesTotal });
      }
      if (verdicts[number - 1] !== UNDECIDED) return;
      const source = new DissectedFrameSource(input, app);
      verdicts[number - 1] = filter.matches(options.wrap?.(source, number) ?? source) ? YES : NO;
      if (--remaining === 0) return STOP;
    },
    {
      settings: options.settings,
      tls: options.tls,
      interfaceId: options.interfaceId,
      interfaceName: options.interfaceName,
      appFrames: plan.dissect,
    },
  );
  if (!standing) verdicts.set(before);
  return standing;
}
