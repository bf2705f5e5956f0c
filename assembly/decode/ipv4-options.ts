// IPv4 options (RFC 791 §3.1) in field mode: every option's type with its copy/class/number bits, then what
// the common ones hold: route slots (record route, loose and strict source routes), time stamps (RFC 791,
// with addresses), security (RFC 791's, later RFC 1108), stream ID, router alert (RFC 2113).
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';

const OPT_EOL: u32 = 0;
const OPT_NOP: u32 = 1;
const OPT_SECURITY: u32 = 130;
const OPT_LSRR: u32 = 131;
const OPT_TIMESTAMP: u32 = 68;
const OPT_RECORD_ROUTE: u32 = 7;
const OPT_STREAM_ID: u32 = 136;
const OPT_SSRR: u32 = 137;
const OPT_ROUTER_ALERT: u32 = 148;

/** off..end: the options (the header's bytes after its first 20); headerDst: the header's destination. */
export function decodeIpv4Options(base: usize, off: i32, end: i32, headerDst: u32): void {
  while (off < end) {
    const p = base + <usize>off;
    const type = u8at(p);
    emit.field(F.IP_OPT_TYPE, off, 1, type);
    if (emit.enabled) {
      emit.field(F.IP_OPT_TYPE_COPY, off, 1, type >> 7);
      emit.field(F.IP_OPT_TYPE_CLASS, off, 1, (type >> 5) & 3);
      emit.field(F.IP_OPT_TYPE_NUMBER, off, 1, type & 0x1f);
    }
    if (type == OPT_EOL) return;
    if (type == OPT_NOP) {
      off++;
      continue;
    }
    if (end - off < 2) return;
    const len = <i32>u8at(p + 1);
    emit.field(F.IP_OPT_LEN, off + 1, 1, <u32>len);
    if (len < 2 || off + len > end) return;
    if (emit.enabled) optionValue(p, off, len, type, headerDst);
    off += len;
  }
}

/**
 * The destination a source route ends at (its last slot), which Wireshark reports as ip.dst; the header's
 * destination otherwise.
 */
export function finalDestination(base: usize, off: i32, end: i32, headerDst: u32): u32 {
  while (off < end) {
    const p = base + <usize>off;
    const type = u8at(p);
    if (type == OPT_EOL) break;
    if (type == OPT_NOP) {
      off++;
      continue;
    }
    if (end - off < 2) break;
    const len = <i32>u8at(p + 1);
    if (len < 2 || off + len > end) break;
    if ((type == OPT_LSRR || type == OPT_SSRR) && len >= 7) return be32(p + 3 + <usize>((len - 3) / 4 - 1) * 4);
    off += len;
  }
  return headerDst;
}

function optionValue(p: usize, off: i32, len: i32, type: u32, headerDst: u32): void {
  if (type == OPT_RECORD_ROUTE || type == OPT_LSRR || type == OPT_SSRR) {
    if (len < 3) return;
    const pointer = <i32>u8at(p + 2);
    emit.field(F.IP_OPT_PTR, off + 2, 1, <u32>pointer);
    const sourceRoute = type != OPT_RECORD_ROUTE;
    if (sourceRoute) emit.field(F.IP_CUR_RT, off, len, headerDst);
    const slots = (len - 3) / 4;
    for (let i = 0; i < slots; i++) {
      const at = 3 + i * 4;
      const address = be32(p + <usize>at);
      let id: u16;
      if (at + 1 < pointer) id = F.IP_REC_RT;
      else if (!sourceRoute) id = F.IP_EMPTY_RT;
      else if (i == slots - 1)
        continue; // the final destination: ip.dst
      else id = F.IP_SRC_RT;
      emit.field(id, off + at, 4, address);
    }
  } else if (type == OPT_TIMESTAMP && len >= 4) {
    const pointer = u8at(p + 2);
    const flags = u8at(p + 3);
    emit.field(F.IP_OPT_PTR, off + 2, 1, pointer);
    emit.field(F.IP_OPT_OVERFLOW, off + 3, 1, flags >> 4);
    emit.field(F.IP_OPT_FLAG, off + 3, 1, flags & 0xf);
    const withAddresses = (flags & 0xf) != 0;
    const step = withAddresses ? 8 : 4;
    for (let at = 4; at + step <= len; at += step) {
      if (withAddresses) emit.field(F.IP_OPT_TIME_STAMP_ADDR, off + at, 4, be32(p + <usize>at));
      const ts = at + step - 4;
      emit.field(F.IP_OPT_TIME_STAMP, off + ts, 4, be32(p + <usize>ts));
    }
  } else if (type == OPT_SECURITY && len == 11) {
    emit.field(F.IP_OPT_SEC_RFC791_SEC, off + 2, 2, be16(p + 2));
    emit.field(F.IP_OPT_SEC_RFC791_COMP, off + 4, 2, be16(p + 4));
    emit.field(F.IP_OPT_SEC_RFC791_HR, off + 6, 2);
    emit.field(F.IP_OPT_SEC_RFC791_TCC, off + 8, 3);
  } else if (type == OPT_STREAM_ID && len == 4) {
    emit.field(F.IP_OPT_SID, off + 2, 2, be16(p + 2));
  } else if (type == OPT_ROUTER_ALERT && len == 4) {
    emit.field(F.IP_OPT_RA, off + 2, 2, be16(p + 2));
  }
}
