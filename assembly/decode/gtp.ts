// GTP-U (3GPP TS 29.281) on UDP 2152: the user packets a G-PDU (message type 0xff, "T-PDU") carries are opened
// here, so they get conversations and TCP analysis of their own. View: flags(1: version(3) PT(1) spare(1) E S PN)
// type(1) length(2, after the first 8 bytes) teid(4), then seq(2) n-pdu(1) next-extension-type(1) when any of E, S,
// PN is set, then extension headers of length(1, in 4-byte units) content next-type(1). The other messages on the
// port (echo, Error Indication, End Marker) carry information elements and are the TypeScript GTP dissector's
// (src/dissectors/gtp/), as GTP-C on 2123 is.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './by-ethertype';

const HEADER = 8;
const OPTIONAL = 4;
const T_PDU: u32 = 0xff;
const FLAG_E: u32 = 0x04;
const FLAG_S: u32 = 0x02;
const FLAG_PN: u32 = 0x01;
const PDU_SESSION_CONTAINER: u32 = 0x85;

/** Whether the UDP payload at off is a GTPv1-U G-PDU (anything else is left to the GTP dissector). */
function isGpdu(base: usize, off: i32, end: i32): bool {
  if (end - off < HEADER) return false;
  const flags = u8at(base + <usize>off);
  return flags >> 5 == 1 && (flags & 0x10) != 0 && u8at(base + <usize>off + 1) == T_PDU;
}

export function decodeGtpU(base: usize, off: i32, end: i32, reported: i32): void {
  if (!isGpdu(base, off, end)) return;
  const p = base + <usize>off;
  const flags = u8at(p);
  const length = <i32>be16(p + 2);
  const optional = (flags & (FLAG_E | FLAG_S | FLAG_PN)) != 0;
  emit.open(F.GTP, off, min(HEADER + length, end - off));
  emit.field(F.GTP_FLAGS, off, 1, flags);
  emit.field(F.GTP_FLAGS_VERSION, off, 1, flags >> 5);
  emit.field(F.GTP_FLAGS_PAYLOAD, off, 1, (flags >> 4) & 1);
  emit.field(F.GTP_FLAGS_RESERVED, off, 1, (flags >> 3) & 1);
  emit.field(F.GTP_FLAGS_E, off, 1, (flags >> 2) & 1);
  emit.field(F.GTP_FLAGS_S, off, 1, (flags >> 1) & 1);
  emit.field(F.GTP_FLAGS_PN, off, 1, flags & 1);
  emit.field(F.GTP_MESSAGE, off + 1, 1, T_PDU);
  emit.field(F.GTP_LENGTH, off + 2, 2, <u32>length);
  emit.field(F.GTP_TEID, off + 4, 4, be32(p + 4));
  let at = off + HEADER;
  if (optional) {
    if (end - at < OPTIONAL) return malformed();
    // As Wireshark shows them: the sequence number when S says it is meaningful, the N-PDU number when PN does.
    if ((flags & FLAG_S) != 0) emit.field(F.GTP_SEQ_NUMBER, at, 2, be16(base + <usize>at));
    if ((flags & FLAG_PN) != 0) emit.field(F.GTP_NPDU_NUMBER, at + 2, 1, u8at(base + <usize>at + 2));
    let next = u8at(base + <usize>at + 3);
    at += OPTIONAL;
    if ((flags & FLAG_E) != 0) {
      emit.field(F.GTP_EXT_HDR_NEXT, at - 1, 1, next);
      while (next != 0) {
        if (end - at < 1) return malformed();
        const len = <i32>u8at(base + <usize>at) * 4;
        if (len == 0 || end - at < len) return malformed();
        emit.open(F.GTP_EXT_HDR, at, len);
        emit.field(F.GTP_EXT_HDR_LENGTH, at, 1, <u32>(len / 4));
        if (next == PDU_SESSION_CONTAINER && len >= 4) pduSessionContainer(base, at + 1);
        next = u8at(base + <usize>at + len - 1);
        emit.field(F.GTP_EXT_HDR_NEXT, at + len - 1, 1, next);
        emit.close();
        at += len;
      }
    }
  }
  emit.close();
  if (HEADER + length > reported || at > off + HEADER + length) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  if (at >= end) return;
  const payloadReported = off + HEADER + length - at;
  const version = u8at(base + <usize>at) >> 4;
  const payloadEnd = min(end, off + HEADER + length);
  if (version == 4) decodeEthertype(base, at, payloadEnd, payloadReported, ETHERTYPE_IPV4);
  else if (version == 6) decodeEthertype(base, at, payloadEnd, payloadReported, ETHERTYPE_IPV6);
}

/** TS 38.415 §5.5.2: PDU type(4) spare(4), then for DL: PPP(1) RQI(1) QFI(6); for UL: spare(2) QFI(6). */
function pduSessionContainer(base: usize, at: i32): void {
  const first = u8at(base + <usize>at);
  const second = u8at(base + <usize>at + 1);
  const type = first >> 4;
  emit.field(F.GTP_EXT_HDR_PDU_SES_CON_PDU_TYPE, at, 1, type);
  emit.field(F.GTP_SPARE_H1, at, 1, first & 0x0f);
  if (type == 0) {
    emit.field(F.GTP_EXT_HDR_PDU_SES_CONT_PPP, at + 1, 1, second >> 7);
    emit.field(F.GTP_EXT_HDR_PDU_SES_CONT_RQI, at + 1, 1, (second >> 6) & 1);
  }
  emit.field(F.GTP_EXT_HDR_PDU_SES_CON_QOS_FLOW_ID, at + 1, 1, second & 0x3f);
}

function malformed(): void {
  emit.close();
  frame.flag(FLAG_MALFORMED);
}
