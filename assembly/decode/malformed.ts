// Wireshark's "[Malformed Packet]": a protocol item at the top of the tree with its Error/Malformed expert item,
// which a decoder adds where the packet claims bytes it does not have.
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import * as expert from '../tcp/expert';
import { FLAG_MALFORMED } from '../rows';
import { MALFORMED_EXCEPTION } from '../generated/constants/expert-message';

/** A decoder ran past the packet's end ("Malformed Packet (Exception occurred)"). */
export function exception(): void {
  raise(0);
}

/**
 * A part claims more bytes than the part holding it has (a TLV's length past its PDU's end): Wireshark's
 * "[Malformed Packet: length of contained item exceeds length of containing item]". The record's value says so.
 */
export function containedException(): void {
  raise(CONTAINED);
}

export const CONTAINED: u32 = 1;

function raise(kind: u32): void {
  frame.flag(FLAG_MALFORMED);
  emit.open(F._WS_MALFORMED, 0, 0, kind);
  expert.add(MALFORMED_EXCEPTION, expert.ERROR, expert.GROUP_MALFORMED);
  emit.close();
}
