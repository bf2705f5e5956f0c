// VRRP (IP protocol 112): v2 (RFC 3768) version/type(1) vrid(1) priority(1) count(1) auth type(1) advert
// interval(1) checksum(2) addresses, authentication data(8); v3 (RFC 5798) replaces auth type and interval with
// reserved(4 bits) max advert interval(12 bits, centiseconds) and checksums a pseudo-header too (IPv6 addresses
// for VRRP over IPv6).
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { pseudoSum, sum16, UNVERIFIED } from './checksum';
import { checksumVerdict } from './checksum-verdict';
import { addrSum, overIpv6, partial } from './ip-context';
import { PROTO_VRRP } from './by-ip-protocol';

const HEADER = 8;

export function decodeVrrp(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = end - off;
  if (captured < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const typever = u8at(p);
  const version = typever >> 4;
  const count = <i32>u8at(p + 3);
  emit.open(F.VRRP, off, min(captured, reported));
  emit.field(F.VRRP_TYPEVER, off, 1, typever);
  emit.field(F.VRRP_VERSION, off, 1, version);
  emit.field(F.VRRP_TYPE, off, 1, typever & 0xf);
  emit.field(F.VRRP_VIRT_RTR_ID, off + 1, 1, u8at(p + 1));
  emit.field(F.VRRP_PRIO, off + 2, 1, u8at(p + 2));
  emit.field(F.VRRP_ADDR_COUNT, off + 3, 1, <u32>count);
  if (version == 3) {
    const word = be16(p + 4);
    emit.field(F.VRRP_RESERVED_MBZ, off + 4, 1, word >> 12);
    emit.field(F.VRRP_SHORT_ADVER_INT, off + 4, 2, word & 0xfff);
  } else {
    emit.field(F.VRRP_AUTH_TYPE, off + 4, 1, u8at(p + 4));
    emit.field(F.VRRP_ADVER_INT, off + 5, 1, u8at(p + 5));
  }
  const checksum = be16(p + 6);
  emit.field(F.VRRP_CHECKSUM, off + 6, 2, checksum);
  let status = UNVERIFIED;
  if (!partial && captured >= reported) {
    const sum = version == 3 ? pseudoSum(addrSum, PROTO_VRRP, p, reported) : sum16(p, reported);
    status = checksumVerdict(checksum, sum);
  }
  emit.field(F.VRRP_CHECKSUM_STATUS, off + 6, 2, status);
  let at = off + HEADER;
  const size = overIpv6 ? 16 : 4;
  for (let i = 0; i < count; i++, at += size) {
    if (end - at < size) {
      emit.close();
      frame.flag(FLAG_MALFORMED);
      return;
    }
    const q = base + <usize>at;
    if (overIpv6) emit.field(F.VRRP_IPV6_ADDR, at, 16, be32(q), be32(q + 4), be32(q + 8), be32(q + 12));
    else emit.field(F.VRRP_IP_ADDR, at, 4, be32(q));
  }
  emit.close();
}
