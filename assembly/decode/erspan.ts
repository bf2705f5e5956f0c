// ERSPAN (draft-foschiano-erspan), carried by GRE: a mirrored Ethernet frame behind a small header. Type I has
// no header (and GRE no sequence number), type II 8 bytes: ver(4) vlan(12) cos(3) en(2) t(1) session(10)
// reserved(12) index(20); type III (GRE protocol 0x22eb) 12 bytes: ver(4) vlan(12) cos(3) bso(2) t(1)
// session(10) timestamp(32) sgt(16) p(1) ft(5) hw(6) d(1) gra(2) o(1), and 8 more when o is set.
import { be16, be32 } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_TEB } from './by-ethertype';
import { sequencePresent } from './gre-context';

const TYPE2 = 8;
const TYPE3 = 12;
const PLATFORM = 8;

export function decodeErspan(base: usize, off: i32, end: i32, reported: i32): void {
  if (!sequencePresent) {
    emit.open(F.ERSPAN, off, 0);
    emit.close();
    decodeEthertype(base, off, end, reported, ETHERTYPE_TEB);
    return;
  }
  if (end - off < TYPE2) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const w0 = be16(p);
  const w1 = be16(p + 2);
  emit.open(F.ERSPAN, off, TYPE2);
  emit.field(F.ERSPAN_VERSION, off, 2, w0 >> 12);
  emit.field(F.ERSPAN_VLAN, off, 2, w0 & 0xfff);
  emit.field(F.ERSPAN_COS, off + 2, 2, w1 >> 13);
  emit.field(F.ERSPAN_ENCAP, off + 2, 2, (w1 >> 11) & 3);
  emit.field(F.ERSPAN_TRUNCATED, off + 2, 2, (w1 >> 10) & 1);
  emit.field(F.ERSPAN_SPANID, off + 2, 2, w1 & 0x3ff);
  const w2 = be32(p + 4);
  emit.field(F.ERSPAN_RESERVED, off + 4, 4, w2 >> 20);
  emit.field(F.ERSPAN_INDEX, off + 4, 4, w2 & 0xfffff);
  emit.close();
  decodeEthertype(base, off + TYPE2, end, reported - TYPE2, ETHERTYPE_TEB);
}

export function decodeErspan3(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < TYPE3) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const w0 = be16(p);
  const w1 = be16(p + 2);
  const w5 = be16(p + 10);
  const len = TYPE3 + ((w5 & 1) != 0 ? PLATFORM : 0);
  emit.open(F.ERSPAN, off, min(len, end - off));
  emit.field(F.ERSPAN_VERSION, off, 2, w0 >> 12);
  emit.field(F.ERSPAN_VLAN, off, 2, w0 & 0xfff);
  emit.field(F.ERSPAN_COS, off + 2, 2, w1 >> 13);
  emit.field(F.ERSPAN_BSO, off + 2, 2, (w1 >> 11) & 3);
  emit.field(F.ERSPAN_TRUNCATED, off + 2, 2, (w1 >> 10) & 1);
  emit.field(F.ERSPAN_SPANID, off + 2, 2, w1 & 0x3ff);
  emit.field(F.ERSPAN_TIMESTAMP, off + 4, 4, be32(p + 4));
  emit.field(F.ERSPAN_SGT, off + 8, 2, be16(p + 8));
  emit.field(F.ERSPAN_P, off + 10, 2, w5 >> 15);
  emit.field(F.ERSPAN_FT, off + 10, 2, (w5 >> 10) & 0x1f);
  emit.field(F.ERSPAN_HW, off + 10, 2, (w5 >> 4) & 0x3f);
  emit.field(F.ERSPAN_DIRECTION, off + 10, 2, (w5 >> 3) & 1);
  emit.field(F.ERSPAN_GRA, off + 10, 2, (w5 >> 1) & 3);
  emit.field(F.ERSPAN_O, off + 10, 2, w5 & 1);
  emit.close();
  if (end - off < len) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  decodeEthertype(base, off + len, end, reported - len, ETHERTYPE_TEB);
}
