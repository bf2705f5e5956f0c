import { RECORD_WORDS } from '../core/core';
import type { FrameInput } from '../dissectors';
import type { FieldItem } from '../dissectors/tree';
import { fieldId } from '../fields/registry';
import '../dissectors/framework-fields';

const TIME_EPOCH = fieldId('frame.time_epoch')!;
const TIME_DELTA_DISPLAYED = fieldId('frame.time_delta_displayed')!;
const NO_BYTES = new Uint8Array(0);

/**
 * tshark's frame.time_delta_displayed in its single pass: the time since the last frame the display filter let
 * through (every frame without one), 0 for the first. The filter may test it, so each frame gets it before.
 */
export class DisplayedClock {
  private lastNs?: bigint;

  /** The field for the frame about to be filtered, and its capture time, to pass to `shown` if it is. */
  item(input: FrameInput): { item: FieldItem; ns: bigint } {
    const ns = frameTimeNs(input);
    const delta = this.lastNs === undefined ? 0n : ns - this.lastNs;
    return {
      item: { id: TIME_DELTA_DISPLAYED, depth: 1, value: Number(delta), data: NO_BYTES, start: 0, length: 0 },
      ns,
    };
  }

  shown(ns: bigint): void {
    this.lastNs = ns;
  }
}

export const isDisplayedTimeField = (id: number) => id === TIME_DELTA_DISPLAYED;

function frameTimeNs({ records, start, end }: FrameInput): bigint {
  for (let at = start; at < end; at += RECORD_WORDS) {
    if (records[at] === TIME_EPOCH)
      return (
        (BigInt(records[at + 5] | 0) * 2n ** 32n + BigInt(records[at + 4])) * 1_000_000_000n +
        BigInt(records[at + 6] | 0)
      );
  }
  return 0n;
}
