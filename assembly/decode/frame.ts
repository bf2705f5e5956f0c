// Decodes one frame: the frame's own fields, then the link layer its link type names. Link types the core
// does not know still get their frame fields.
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { decodeLink } from './by-link-type';

// The first and the previous frame's time, for frame.time_relative and frame.time_delta.
let firstNs: i64 = 0;
let previousNs: i64 = 0;

/** A new capture: the next frame is its first. */
export function resetTimes(): void {
  firstNs = I64.MIN_VALUE;
}

/** The first and the previous frame's time, for a frame decoded without the frames before it. */
export function setTimes(first: i64, previous: i64): void {
  firstNs = first;
  previousNs = previous;
}

/**
 * `inSequence`: the frame comes in capture order after those before it (not a lone decode), so its time relative
 * to the first and the previous frame is known.
 */
export function decodeFrame(
  base: usize,
  capLen: i32,
  origLen: i32,
  number: u32,
  tsSec: i64,
  tsNsec: u32,
  linkType: u32,
  interfaceId: u32,
  inSequence: bool = true,
): void {
  frame.begin(number, capLen, origLen);
  frame.setTime(tsSec * 1_000_000_000 + <i64>tsNsec);
  emit.resetDepth();
  emit.open(F.FRAME, 0, capLen);
  emit.field(F.FRAME_INTERFACE_ID, 0, 0, interfaceId);
  emit.field(F.FRAME_TIME, 0, 0, <u32>tsSec, <u32>(tsSec >> 32), tsNsec);
  emit.field(F.FRAME_TIME_EPOCH, 0, 0, <u32>tsSec, <u32>(tsSec >> 32), tsNsec);
  if (inSequence) {
    const ns = tsSec * 1_000_000_000 + <i64>(<i32>tsNsec);
    if (firstNs == I64.MIN_VALUE) {
      firstNs = ns;
      previousNs = ns;
    }
    emitDuration(F.FRAME_TIME_DELTA, ns - previousNs);
    emitDuration(F.FRAME_TIME_RELATIVE, ns - firstNs);
    previousNs = ns;
  }
  emit.field(F.FRAME_NUMBER, 0, 0, number);
  emit.field(F.FRAME_LEN, 0, 0, <u32>origLen);
  emit.field(F.FRAME_CAP_LEN, 0, 0, <u32>capLen);
  emit.close();
  decodeLink(base, capLen, max(origLen, capLen), linkType);
}

/** A duration as reltime fields carry it: v0 whole seconds, v1 nanoseconds, v2 = 1 when negative. */
function emitDuration(id: u16, ns: i64): void {
  const magnitude = ns < 0 ? -ns : ns;
  emit.field(id, 0, 0, <u32>(magnitude / 1_000_000_000), <u32>(magnitude % 1_000_000_000), ns < 0 ? 1 : 0);
}
