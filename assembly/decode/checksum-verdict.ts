// What a verified checksum means for the frame: its status field value, and for a bad one the frame's
// bad-checksum flag and the expert item with the right value, as tshark reports them.
import * as frame from './frame-state';
import * as expert from '../tcp/expert';
import { FLAG_CHECKSUM_BAD } from '../rows';
import { shouldBe, GOOD, BAD } from './checksum';

/** `stored`: the header's checksum field; `sum`: the ones' complement sum over the covered bytes. */
export function checksumVerdict(stored: u32, sum: u32, severity: u8 = expert.ERROR): u32 {
  if (sum == 0xffff) return GOOD;
  frame.flag(FLAG_CHECKSUM_BAD);
  expert.badChecksum(shouldBe(stored, sum), severity);
  return BAD;
}
