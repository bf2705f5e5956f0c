// ARP (RFC 826). View: htype(2) ptype(2) hlen(1) plen(1) op(2), then sender hw/proto, target hw/proto
// addresses of hlen/plen bytes. Addresses print as MAC/IPv4 only when their sizes are Ethernet/IPv4 ones.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_ARP, FLAG_MALFORMED } from '../rows';
import { macField } from './mac';

const FIXED = 8;
const PTYPE_IPV4: u32 = 0x0800;

/** off..end: captured bytes; ARP has no length field of its own, so the reported length is not needed. */
export function decodeArp(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < FIXED) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const ptype = be16(p + 2);
  const hlen = <i32>u8at(p + 4);
  const plen = <i32>u8at(p + 5);
  const total = FIXED + 2 * (hlen + plen);
  frame.setL3(off);
  frame.setTop(TOP_ARP);
  emit.open(F.ARP, off, min(total, end - off));
  emit.field(F.ARP_HW_TYPE, off, 2, be16(p));
  emit.field(F.ARP_PROTO_TYPE, off + 2, 2, ptype);
  emit.field(F.ARP_HW_SIZE, off + 4, 1, hlen);
  emit.field(F.ARP_PROTO_SIZE, off + 5, 1, plen);
  emit.field(F.ARP_OPCODE, off + 6, 2, be16(p + 6));
  if (end - off < total) {
    frame.flag(FLAG_MALFORMED);
    emit.close();
    return;
  }
  const mac = hlen == 6;
  const ipv4 = plen == 4 && ptype == PTYPE_IPV4;
  let at = off + FIXED;
  if (mac) macField(F.ARP_SRC_HW_MAC, base + <usize>at, at);
  at += hlen;
  if (ipv4) emit.field(F.ARP_SRC_PROTO_IPV4, at, 4, be32(base + <usize>at));
  at += plen;
  if (mac) macField(F.ARP_DST_HW_MAC, base + <usize>at, at);
  at += hlen;
  if (ipv4) emit.field(F.ARP_DST_PROTO_IPV4, at, 4, be32(base + <usize>at));
  if (ipv4 && emit.enabled) verdicts(be32(base + <usize>(off + FIXED + hlen)), be32(base + <usize>at), be16(p + 6));
  emit.close();
}

/** RFC 5227's probes and announcements; a gratuitous ARP names the sender as its own target (RFC 5944 §4.6). */
function verdicts(sender: u32, target: u32, opcode: u32): void {
  if (sender == target) {
    emit.field(F.ARP_ISGRATUITOUS, 0, 0, 1);
    if (opcode == 1) emit.field(F.ARP_ISANNOUNCEMENT, 0, 0, 1);
  } else if (sender == 0 && opcode == 1) {
    emit.field(F.ARP_ISPROBE, 0, 0, 1);
  }
}
