// What follows an Ethernet frame's payload: padding up to the 60-byte minimum, a trailer, a frame check
// sequence, as Wireshark tells them apart when it does not know whether the capture kept the FCS. The payload's
// own length comes from its header (IPv4 total length, IPv6 payload length, ARP's address sizes); other
// payloads run to the end of the frame and leave nothing after them.
import { be16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as expert from '../tcp/expert';
import * as record from '../capture/record';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_ARP } from './by-ethertype';
import { ETH_TRAILER_NOT_PADDING } from '../generated/constants/expert-message';

/** The shortest Ethernet frame without its FCS: shorter frames are padded up to it. */
const MIN_FRAME: i32 = 60;
/** A frame at least this long whose bytes after the payload (and padding) number four or more ends with an FCS. */
const MIN_FRAME_WITH_FCS: i32 = 64;
const FCS: i32 = 4;
/** eth.fcs.status: the FCS is shown, not checked. */
const FCS_UNVERIFIED: u32 = 2;

/** Where the payload of this EtherType ends by its own header, or -1 when it does not say (or cannot be read). */
function payloadEnd(base: usize, off: i32, end: i32, type: u32): i32 {
  const p = base + <usize>off;
  const available = end - off;
  if (type == ETHERTYPE_IPV4) {
    if (available < 4 || u8at(p) >> 4 != 4) return -1;
    const total = <i32>be16(p + 2);
    return total < <i32>(u8at(p) & 15) * 4 ? -1 : off + total;
  }
  if (type == ETHERTYPE_IPV6) {
    if (available < 6 || u8at(p) >> 4 != 6) return -1;
    const length = <i32>be16(p + 4);
    return length == 0 ? -1 : off + 40 + length;
  }
  if (type == ETHERTYPE_ARP) {
    if (available < 6) return -1;
    return off + 8 + 2 * <i32>u8at(p + 4) + 2 * <i32>u8at(p + 5);
  }
  return -1;
}

/**
 * Emits, inside the current link-layer subtree, what lies after the payload at `payload` (its EtherType `type`):
 * `frameStart` is where the Ethernet header starts and `end` where the frame's captured bytes end (the whole frame
 * only: a cut-short frame gets nothing). `trailerId` is the layer's trailer field (eth.trailer, vlan.trailer);
 * `fcs`: whether a frame check sequence may be there (Ethernet's own dispatch, not a VLAN tag's).
 */
export function decodeTrailer(
  base: usize,
  frameStart: i32,
  payload: i32,
  end: i32,
  reported: i32,
  type: u32,
  trailerId: u16,
  fcs: bool,
): void {
  if (end - frameStart != reported) return;
  const after = payloadEnd(base, payload, end, type);
  if (after < 0 || after >= end) return;
  let from = after;
  let nonZeroPadding = false;
  const padEnd = frameStart + MIN_FRAME;
  if (reported >= MIN_FRAME && from < padEnd) {
    let zeros = true;
    for (let at = from; at < padEnd; at++) if (u8at(base + <usize>at) != 0) zeros = false;
    if (zeros) {
      emit.field(F.ETH_PADDING, from, padEnd - from);
      from = padEnd;
    } else nonZeroPadding = true;
  }
  let trailerEnd = end;
  if (fcs && !record.fcsAbsent && reported >= MIN_FRAME_WITH_FCS && end - from >= FCS) trailerEnd = end - FCS;
  if (trailerEnd > from) {
    emit.open(trailerId, from, trailerEnd - from);
    if (nonZeroPadding) expert.add(ETH_TRAILER_NOT_PADDING, expert.NOTE, expert.GROUP_PROTOCOL);
    emit.close();
  }
  if (trailerEnd < end) {
    const p = base + <usize>trailerEnd;
    emit.field(F.ETH_FCS, trailerEnd, FCS, (u8at(p) << 24) | (u8at(p + 1) << 16) | (u8at(p + 2) << 8) | u8at(p + 3));
    emit.field(F.ETH_FCS_STATUS, trailerEnd, FCS, FCS_UNVERIFIED);
  }
}
