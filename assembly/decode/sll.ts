// Linux cooked captures (LINKTYPE_LINUX_SLL 113 and LINKTYPE_LINUX_SLL2 276), as written by `tcpdump -i any`.
// SLL:  pkttype(2) hatype(2) halen(2) address(8) protocol(2)
// SLL2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1) address(8)
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype } from './by-ethertype';
import { macField } from './mac';

const SLL_HEADER = 16;
const SLL2_HEADER = 20;
/** Protocol values below this are Linux packet types (802.2, 802.3, CAN...), not ethertypes. */
const MIN_ETHERTYPE: u32 = 0x0600;

export function decodeSll(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < SLL_HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const halen = be16(p + 4);
  emit.open(F.SLL, off, SLL_HEADER);
  emit.field(F.SLL_PKTTYPE, off, 2, be16(p));
  emit.field(F.SLL_HATYPE, off + 2, 2, be16(p + 2));
  emit.field(F.SLL_HALEN, off + 4, 2, halen);
  if (halen == 6) macField(F.SLL_SRC_ETH, p + 6, off + 6);
  const protocol = be16(p + 14);
  sllProtocol(base, off + SLL_HEADER, end, reported - SLL_HEADER, off + 14, protocol);
}

export function decodeSll2(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < SLL2_HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const halen = u8at(p + 11);
  emit.open(F.SLL, off, SLL2_HEADER);
  const protocol = be16(p);
  emit.field(F.SLL_IFINDEX, off + 4, 4, be32(p + 4));
  emit.field(F.SLL_HATYPE, off + 8, 2, be16(p + 8));
  emit.field(F.SLL_PKTTYPE, off + 10, 1, u8at(p + 10));
  emit.field(F.SLL_HALEN, off + 11, 1, halen);
  if (halen == 6) macField(F.SLL_SRC_ETH, p + 12, off + 12);
  sllProtocol(base, off + SLL2_HEADER, end, reported - SLL2_HEADER, off, protocol);
}

function sllProtocol(base: usize, off: i32, end: i32, reported: i32, at: i32, protocol: u32): void {
  if (protocol < MIN_ETHERTYPE) {
    emit.field(F.SLL_LTYPE, at, 2, protocol);
    emit.close();
    return;
  }
  emit.field(F.SLL_ETYPE, at, 2, protocol);
  emit.close();
  decodeEthertype(base, off, end, reported, protocol);
}
