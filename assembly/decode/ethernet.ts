// Ethernet II / 802.3 with 802.1Q and 802.1ad tags. View: dst(6) src(6) type-or-length(2).
import { be16, be32, u8at } from '../bytes';
import { NO_OFFSET } from '../generated/constants/values';
import { UNVERIFIED } from './checksum';
import * as record from '../capture/record';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_ETH, FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_VLAN, ETHERTYPE_QINQ, ETHERTYPE_LLC } from './by-ethertype';
import { macField } from './mac';

const HEADER = 14;
const DST = 0;
const SRC = 6;
const TYPE = 12;
const TAG = 4;

/** off..end: captured bytes; reported: the frame's length on the wire from off. */
export function decodeEthernet(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  emit.open(F.ETH, off, HEADER);
  macField(F.ETH_DST, p + DST, off + DST);
  macField(F.ETH_SRC, p + SRC, off + SRC);
  macField(F.ETH_ADDR, p + DST, off + DST);
  macField(F.ETH_ADDR, p + SRC, off + SRC);
  const type = be16(p + TYPE);
  frame.setTop(TOP_ETH);
  if (type <= 1500) {
    // IEEE 802.3: a length, and LLC in that many bytes (what follows them is padding or a trailer).
    emit.field(F.ETH_LEN, off + TYPE, 2, type);
    emit.close();
    const payload = off + HEADER;
    decodeEthertype(base, payload, min(end, payload + <i32>type), <i32>type, ETHERTYPE_LLC);
    return;
  }
  emit.field(F.ETH_TYPE, off + TYPE, 2, type);
  emit.close();
  decodeTags(base, off + HEADER, end, reported - HEADER, type);
  if (off == 0 && emit.enabled && frame.l3End != NO_OFFSET && frame.l3End < end) trailer(base, frame.l3End, end);
}

/** The smallest Ethernet frame without its FCS (IEEE 802.3 §4.4.2): shorter ones are padded to it. */
const MIN_FRAME: i32 = 60;
const FCS: i32 = 4;

/**
 * What follows the network layer's datagram (off..end), as Wireshark tells it apart: zero bytes up to the minimum
 * frame size are padding (anything else there is a trailer); in a full-size frame, four last bytes are taken
 * for the frame check sequence. Emitted at the top level: the tree puts them back under Ethernet.
 */
function trailer(base: usize, off: i32, end: i32): void {
  let pad = min(end - off, max(MIN_FRAME - off, 0));
  for (let i = 0; i < pad; i++) {
    if (u8at(base + <usize>(off + i)) != 0) {
      pad = 0;
      break;
    }
  }
  if (pad > 0) emit.field(F.ETH_PADDING, off, pad);
  off += pad;
  const fcs = end - off >= FCS && frame.origLen >= MIN_FRAME + FCS && !record.fcsAbsent;
  const rest = end - off - (fcs ? FCS : 0);
  if (rest > 0) emit.field(F.ETH_TRAILER, off, rest);
  if (fcs) {
    emit.field(F.ETH_FCS, end - FCS, FCS, be32(base + <usize>(end - FCS)));
    emit.field(F.ETH_FCS_STATUS, end - FCS, FCS, UNVERIFIED);
  }
}

/** 802.1Q / 802.1ad tags, possibly stacked, then the payload's ethertype. */
function decodeTags(base: usize, off: i32, end: i32, reported: i32, type: u32): void {
  while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
    if (end - off < TAG) {
      frame.flag(FLAG_MALFORMED);
      return;
    }
    const p = base + <usize>off;
    const tci = be16(p);
    const next = be16(p + 2);
    if (type == ETHERTYPE_VLAN) {
      emit.open(F.VLAN, off, TAG);
      emit.field(F.VLAN_PRIORITY, off, 2, tci >> 13);
      emit.field(F.VLAN_DEI, off, 2, (tci >> 12) & 1);
      emit.field(F.VLAN_ID, off, 2, tci & 0xfff);
      emit.field(F.VLAN_ETYPE, off + 2, 2, next);
      emit.close();
    } else {
      // An 802.1ad service tag: its own protocol in Wireshark, whose tree names the next EtherType without a field.
      emit.open(F.IEEE8021AD, off, TAG);
      emit.field(F.IEEE8021AD_PRIORITY, off, 2, tci >> 13);
      emit.field(F.IEEE8021AD_DEI, off, 2, (tci >> 12) & 1);
      emit.field(F.IEEE8021AD_ID, off, 2, tci & 0xfff);
      emit.close();
    }
    type = next;
    off += TAG;
    reported -= TAG;
  }
  decodeEthertype(base, off, end, reported, type);
}
