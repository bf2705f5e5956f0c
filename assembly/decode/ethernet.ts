// Ethernet II / 802.3 with 802.1Q and 802.1ad tags. View: dst(6) src(6) type-or-length(2).
import { be16 } from '../bytes';
import { NO_OFFSET } from '../generated/constants/values';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_ETH, FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_VLAN, ETHERTYPE_QINQ, ETHERTYPE_LLC } from './by-ethertype';
import { macField } from './mac';
import { decodeTrailer } from './eth-trailer';

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
  if (type != ETHERTYPE_VLAN && type != ETHERTYPE_QINQ)
    decodeTrailer(base, off, off + HEADER, end, reported, type, F.ETH_TRAILER, true);
  emit.close();
  decodeTags(base, off + HEADER, end, reported - HEADER, type, off, reported);
}

/** 802.1Q / 802.1ad tags, possibly stacked, then the payload's ethertype (the frame: frameStart, frameReported). */
function decodeTags(
  base: usize,
  off: i32,
  end: i32,
  reported: i32,
  type: u32,
  frameStart: i32,
  frameReported: i32,
): void {
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
      // The innermost tag dispatches the payload, so what follows it is shown under the tag.
      if (next != ETHERTYPE_VLAN && next != ETHERTYPE_QINQ)
        decodeTrailer(base, frameStart, off + TAG, end, frameReported, next, F.VLAN_TRAILER, false);
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
