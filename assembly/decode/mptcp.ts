// Multipath TCP's option (TCP option kind 30, RFC 8684 §3): a 4-bit subtype in the first byte after kind and
// length, then the subtype's own layout. Field mode only: nothing here feeds the core's state. The flags and
// values are as the option carries them; 32-bit data sequence numbers and acknowledgements are not widened to
// 64 bits (that needs the connection's keys hashed).
import { be16, be32, be64, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';

const MP_CAPABLE: u32 = 0;
const MP_JOIN: u32 = 1;
const DSS: u32 = 2;
const REMOVE_ADDR: u32 = 4;
const MP_PRIO: u32 = 5;
const MP_FASTCLOSE: u32 = 7;

// DSS's flags (§3.3): F DATA_FIN, m DSN is 8 octets, M DSN/SSN/length/checksum present, a data ACK is 8
// octets, A data ACK present.
const DSS_FIN: u32 = 0x10;
const DSS_DSN8: u32 = 0x08;
const DSS_DSN: u32 = 0x04;
const DSS_ACK8: u32 = 0x02;
const DSS_ACK: u32 = 0x01;

function u64field(id: u16, off: i32, p: usize): void {
  const v = be64(p);
  emit.field(id, off, 8, <u32>v, <u32>(v >> 32));
}

/** The option at p (its kind byte, at offset off), `len` bytes long (at least 2). */
export function decodeMptcp(p: usize, off: i32, len: i32): void {
  if (len < 3) return;
  const subtype = u8at(p + 2) >> 4;
  emit.field(F.TCP_OPTIONS_MPTCP_SUBTYPE, off + 2, 1, subtype);
  if (subtype == MP_CAPABLE) capable(p, off, len);
  else if (subtype == DSS) dss(p, off, len);
  else if (subtype == MP_JOIN) join(p, off, len);
  else if (subtype == REMOVE_ADDR) {
    for (let at = 3; at < len; at++) emit.field(F.TCP_OPTIONS_MPTCP_ADDRID, off + at, 1, u8at(p + <usize>at));
  } else if (subtype == MP_PRIO) {
    emit.field(F.TCP_OPTIONS_MPTCP_FLAGS, off + 2, 1, u8at(p + 2));
    emit.field(F.TCP_OPTIONS_MPTCP_BACKUP_FLAG, off + 2, 1, u8at(p + 2) & 1);
    if (len >= 4) emit.field(F.TCP_OPTIONS_MPTCP_ADDRID, off + 3, 1, u8at(p + 3));
  } else if (subtype == MP_FASTCLOSE && len >= 12) {
    emit.field(F.TCP_OPTIONS_MPTCP_RESERVED, off + 2, 2, be16(p + 2) & 0xfff);
    u64field(F.TCP_OPTIONS_MPTCP_RECVKEY, off + 4, p + 4);
  }
}

/**
 * MP_CAPABLE (§3.1): version and flags; the sender's key, the receiver's, a data-level length, a checksum.
 * Version 0 (RFC 6824) has no C flag: its H is HMAC-SHA1 and five bits are reserved, four in version 1.
 */
function capable(p: usize, off: i32, len: i32): void {
  const version = u8at(p + 2) & 15;
  emit.field(F.TCP_OPTIONS_MPTCP_VERSION, off + 2, 1, version);
  if (len < 4) return;
  const flags = u8at(p + 3);
  emit.field(F.TCP_OPTIONS_MPTCP_FLAGS, off + 3, 1, flags);
  emit.field(F.TCP_OPTIONS_MPTCP_CHECKSUMREQ_FLAGS, off + 3, 1, flags >> 7);
  emit.field(F.TCP_OPTIONS_MPTCP_EXTENSIBILITY_FLAG, off + 3, 1, (flags >> 6) & 1);
  if (version == 0) {
    emit.field(F.TCP_OPTIONS_MPTCP_SHA1_FLAG, off + 3, 1, flags & 1);
    emit.field(F.TCP_OPTIONS_MPTCP_RESERVED_FLAG, off + 3, 1, (flags >> 1) & 31);
  } else {
    emit.field(F.TCP_OPTIONS_MPTCP_NOMORESUBFLOWS_FLAG, off + 3, 1, (flags >> 5) & 1);
    emit.field(F.TCP_OPTIONS_MPTCP_SHA256_FLAG, off + 3, 1, flags & 1);
    emit.field(F.TCP_OPTIONS_MPTCP_RESERVED_FLAG, off + 3, 1, (flags >> 1) & 15);
  }
  if (len >= 12) u64field(F.TCP_OPTIONS_MPTCP_SENDKEY, off + 4, p + 4);
  if (len >= 20) u64field(F.TCP_OPTIONS_MPTCP_RECVKEY, off + 12, p + 12);
  if (len >= 22) emit.field(F.TCP_OPTIONS_MPTCP_DATALVLLEN, off + 20, 2, be16(p + 20));
  if (len >= 24) emit.field(F.TCP_OPTIONS_MPTCP_CHECKSUM, off + 22, 2, be16(p + 22));
}

/** DSS (§3.3): flags, then the data ACK and the mapping each when present, at the widths the flags say. */
function dss(p: usize, off: i32, len: i32): void {
  if (len < 4) return;
  const flags = u8at(p + 3);
  emit.field(F.TCP_OPTIONS_MPTCP_FLAGS, off + 3, 1, flags);
  emit.field(F.TCP_OPTIONS_MPTCP_DATAFIN_FLAG, off + 3, 1, (flags & DSS_FIN) != 0 ? 1 : 0);
  emit.field(F.TCP_OPTIONS_MPTCP_DSEQN8_FLAG, off + 3, 1, (flags & DSS_DSN8) != 0 ? 1 : 0);
  emit.field(F.TCP_OPTIONS_MPTCP_DSEQNPRESENT_FLAG, off + 3, 1, (flags & DSS_DSN) != 0 ? 1 : 0);
  emit.field(F.TCP_OPTIONS_MPTCP_DATAACK8_FLAG, off + 3, 1, (flags & DSS_ACK8) != 0 ? 1 : 0);
  emit.field(F.TCP_OPTIONS_MPTCP_DATAACKPRESENT_FLAG, off + 3, 1, flags & DSS_ACK);
  let at = 4;
  if ((flags & DSS_ACK) != 0) {
    const wide = (flags & DSS_ACK8) != 0;
    if (at + (wide ? 8 : 4) > len) return;
    if (wide) u64field(F.TCP_OPTIONS_MPTCP_RAWDATAACK, off + at, p + <usize>at);
    else emit.field(F.TCP_OPTIONS_MPTCP_RAWDATAACK, off + at, 4, be32(p + <usize>at));
    at += wide ? 8 : 4;
  }
  if ((flags & DSS_DSN) == 0) return;
  const wide = (flags & DSS_DSN8) != 0;
  if (at + (wide ? 8 : 4) + 6 > len) return;
  if (wide) u64field(F.TCP_OPTIONS_MPTCP_RAWDATASEQNO, off + at, p + <usize>at);
  else emit.field(F.TCP_OPTIONS_MPTCP_RAWDATASEQNO, off + at, 4, be32(p + <usize>at));
  at += wide ? 8 : 4;
  emit.field(F.TCP_OPTIONS_MPTCP_SUBFLOWSEQNO, off + at, 4, be32(p + <usize>at));
  emit.field(F.TCP_OPTIONS_MPTCP_DATALVLLEN, off + at + 4, 2, be16(p + <usize>at + 4));
  // A checksum follows when the connection's MP_CAPABLE asked for one, which this option alone does not say.
}

/** MP_JOIN (§3.2), by its length: the SYN's token and nonce, the SYN/ACK's truncated HMAC, the third ACK's HMAC. */
function join(p: usize, off: i32, len: i32): void {
  if (len == 12 || len == 16) {
    emit.field(F.TCP_OPTIONS_MPTCP_FLAGS, off + 2, 1, u8at(p + 2));
    emit.field(F.TCP_OPTIONS_MPTCP_BACKUP_FLAG, off + 2, 1, u8at(p + 2) & 1);
    emit.field(F.TCP_OPTIONS_MPTCP_ADDRID, off + 3, 1, u8at(p + 3));
    if (len == 12) emit.field(F.TCP_OPTIONS_MPTCP_RECVTOK, off + 4, 4, be32(p + 4));
    else u64field(F.TCP_OPTIONS_MPTCP_SENDTRUNCHMAC, off + 4, p + 4);
    emit.field(F.TCP_OPTIONS_MPTCP_SENDRAND, off + len - 4, 4, be32(p + <usize>(len - 4)));
  } else if (len == 24) {
    emit.field(F.TCP_OPTIONS_MPTCP_RESERVED, off + 2, 2, be16(p + 2) & 0xfff);
    emit.field(F.TCP_OPTIONS_MPTCP_SENDHMAC, off + 4, 20);
  }
}
