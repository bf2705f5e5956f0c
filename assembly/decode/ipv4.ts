// IPv4 (RFC 791). View: version/ihl(1) tos(1) len(2) id(2) flags/frag(2) ttl(1) proto(1) checksum(2) src(4) dst(4).
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_IPV4, FLAG_CHECKSUM_BAD, FLAG_MALFORMED } from '../rows';
import { sum16, GOOD, BAD } from './checksum';

const MIN_HEADER = 20;

export function decodeIpv4(base: usize, off: i32, end: i32): void {
  if (end - off < MIN_HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const vihl = u8at(p);
  const hdrLen = <i32>(vihl & 0xf) * 4;
  if (hdrLen < MIN_HEADER || end - off < hdrLen) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  frame.setL3(off);
  frame.setTop(TOP_IPV4);
  const totalLen = be16(p + 2);
  const flagsFrag = be16(p + 6);
  const checksum = be16(p + 10);
  emit.open(F.IP, off, hdrLen);
  emit.field(F.IP_VERSION, off, 1, vihl >> 4);
  emit.field(F.IP_HDR_LEN, off, 1, <u32>hdrLen);
  const tos = u8at(p + 1);
  emit.field(F.IP_DSFIELD, off + 1, 1, tos);
  emit.field(F.IP_DSFIELD_DSCP, off + 1, 1, tos >> 2);
  emit.field(F.IP_DSFIELD_ECN, off + 1, 1, tos & 3);
  emit.field(F.IP_LEN, off + 2, 2, totalLen);
  emit.field(F.IP_ID, off + 4, 2, be16(p + 4));
  emit.field(F.IP_FLAGS, off + 6, 1, flagsFrag >> 13);
  emit.field(F.IP_FLAGS_RB, off + 6, 1, (flagsFrag >> 15) & 1);
  emit.field(F.IP_FLAGS_DF, off + 6, 1, (flagsFrag >> 14) & 1);
  emit.field(F.IP_FLAGS_MF, off + 6, 1, (flagsFrag >> 13) & 1);
  emit.field(F.IP_FRAG_OFFSET, off + 6, 2, (flagsFrag & 0x1fff) * 8);
  emit.field(F.IP_TTL, off + 8, 1, u8at(p + 8));
  emit.field(F.IP_PROTO, off + 9, 1, u8at(p + 9));
  emit.field(F.IP_CHECKSUM, off + 10, 2, checksum);
  const ok = sum16(p, hdrLen) == 0xffff;
  if (!ok) frame.flag(FLAG_CHECKSUM_BAD);
  emit.field(F.IP_CHECKSUM_STATUS, off + 10, 2, ok ? GOOD : BAD);
  emit.field(F.IP_SRC, off + 12, 4, be32(p + 12));
  emit.field(F.IP_DST, off + 16, 4, be32(p + 16));
  emit.field(F.IP_ADDR, off + 12, 4, be32(p + 12));
  emit.field(F.IP_ADDR, off + 16, 4, be32(p + 16));
  emit.close();
}
