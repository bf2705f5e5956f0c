// VXLAN (RFC 7348, Group Policy extension draft-smith-vxlan-group-policy), on UDP 4789. View: flags(2)
// group policy id(2) vni(3) reserved(1), then an Ethernet frame.
import { be16, be32 } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_TEB } from './by-ethertype';

const HEADER = 8;

export function decodeVxlan(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const flags = be16(p);
  const vniWord = be32(p + 4);
  emit.open(F.VXLAN, off, HEADER);
  emit.field(F.VXLAN_FLAGS, off, 2, flags);
  emit.field(F.VXLAN_FLAG_G, off, 2, (flags >> 15) & 1);
  emit.field(F.VXLAN_FLAG_I, off, 2, (flags >> 11) & 1);
  emit.field(F.VXLAN_FLAG_D, off, 2, (flags >> 6) & 1);
  emit.field(F.VXLAN_FLAG_A, off, 2, (flags >> 3) & 1);
  emit.field(F.VXLAN_FLAGS_RESERVED, off, 2, flags & 0x77b7);
  emit.field(F.VXLAN_GBP, off + 2, 2, be16(p + 2));
  emit.field(F.VXLAN_VNI, off + 4, 3, vniWord >> 8);
  emit.field(F.VXLAN_RESERVED8, off + 7, 1, vniWord & 0xff);
  emit.close();
  decodeEthertype(base, off + HEADER, end, reported - HEADER, ETHERTYPE_TEB);
}
