// Linux NFLOG (LINKTYPE_NFLOG, 239): a netfilter log message. View: family(1) version(1) resource id(2, big-endian),
// then TLVs of length(2) type(2) in the host's byte order (little-endian in every capture seen; a length that
// only reads sensibly big-endian is taken so) and a value in network order, each padded to 4 bytes. The logged
// packet is the NFULA_PAYLOAD value, IPv4 or IPv6 by the family.
import { be16, be32, le16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './by-ethertype';

const HEADER = 4;
const TLV_HEADER = 4;
const AF_INET: u32 = 2;
const AF_INET6: u32 = 10;

const PACKET_HDR: u32 = 1;
const TIMESTAMP: u32 = 3;
const IFINDEX_INDEV: u32 = 4;
const IFINDEX_OUTDEV: u32 = 5;
const IFINDEX_PHYSINDEV: u32 = 6;
const IFINDEX_PHYSOUTDEV: u32 = 7;
const PAYLOAD: u32 = 9;
const PREFIX: u32 = 10;
const UID: u32 = 11;
const GID: u32 = 14;

export function decodeNflog(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const family = u8at(p);
  emit.open(F.NFLOG, off, end - off);
  emit.field(F.NFLOG_FAMILY, off, 1, family);
  emit.field(F.NFLOG_VERSION, off + 1, 1, u8at(p + 1));
  emit.field(F.NFLOG_RES_ID, off + 2, 2, be16(p + 2));
  let at = off + HEADER;
  let payloadAt = -1;
  let payloadLen = 0;
  while (end - at >= TLV_HEADER) {
    const q = base + <usize>at;
    let len = <i32>le16(q);
    let type = le16(q + 2);
    // A big-endian host's capture: the length read little-endian overruns, big-endian fits.
    if ((len < TLV_HEADER || at + len > end) && <i32>be16(q) >= TLV_HEADER && at + <i32>be16(q) <= end) {
      len = <i32>be16(q);
      type = be16(q + 2);
    }
    if (len < TLV_HEADER || at + len > end) {
      emit.close();
      frame.flag(FLAG_MALFORMED);
      return;
    }
    type &= 0x7fff;
    const v = at + TLV_HEADER;
    const n = len - TLV_HEADER;
    emit.open(F.NFLOG_TLV, at, len);
    emit.field(F.NFLOG_TLV_LENGTH, at, 2, <u32>len);
    emit.field(F.NFLOG_TLV_TYPE, at + 2, 2, type);
    const w = base + <usize>v;
    if (type == PACKET_HDR && n >= 3) {
      emit.field(F.NFLOG_PROTOCOL, v, 2, be16(w));
      emit.field(F.NFLOG_HOOK, v + 2, 1, u8at(w + 2));
    } else if (type == TIMESTAMP && n >= 16) {
      // Seconds and microseconds, 64 bits each.
      emit.field(F.NFLOG_TIMESTAMP, v, 16, be32(w + 4), be32(w), be32(w + 12) * 1000);
    } else if (type == IFINDEX_INDEV && n >= 4) emit.field(F.NFLOG_IFINDEX_INDEV, v, 4, be32(w));
    else if (type == IFINDEX_OUTDEV && n >= 4) emit.field(F.NFLOG_IFINDEX_OUTDEV, v, 4, be32(w));
    else if (type == IFINDEX_PHYSINDEV && n >= 4) emit.field(F.NFLOG_IFINDEX_PHYSINDEV, v, 4, be32(w));
    else if (type == IFINDEX_PHYSOUTDEV && n >= 4) emit.field(F.NFLOG_IFINDEX_PHYSOUTDEV, v, 4, be32(w));
    else if (type == PREFIX) emit.field(F.NFLOG_PREFIX, v, n);
    else if (type == UID && n >= 4) emit.field(F.NFLOG_UID, v, 4, be32(w));
    else if (type == GID && n >= 4) emit.field(F.NFLOG_GID, v, 4, be32(w));
    else if (type == PAYLOAD) {
      payloadAt = v;
      payloadLen = n;
    } else emit.field(F.NFLOG_TLV_VALUE, v, n);
    emit.close();
    at += (len + 3) & ~3;
  }
  emit.close();
  if (payloadAt < 0) return;
  if (family == AF_INET) decodeEthertype(base, payloadAt, payloadAt + payloadLen, payloadLen, ETHERTYPE_IPV4);
  else if (family == AF_INET6) decodeEthertype(base, payloadAt, payloadAt + payloadLen, payloadLen, ETHERTYPE_IPV6);
}
