// ICMP (RFC 792). View: type(1) code(1) checksum(2) rest-of-header(4) data. Query messages carry an
// identifier and sequence number, printed both big- and little-endian as Wireshark does (senders disagree);
// error messages quote the offending packet's IP header and first 8 payload bytes, decoded here too.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_ICMP, FLAG_MALFORMED } from '../rows';
import { sum16, UNVERIFIED } from './checksum';
import { checksumVerdict } from './checksum-verdict';
import * as expert from '../tcp/expert';
import { partial } from './ip-context';
import { decodeEthertype, ETHERTYPE_IPV4 } from './by-ethertype';
import * as malformed from './malformed';
import { echo } from './icmp-echo';

const ECHO_REPLY: u32 = 0;
const ECHO_REQUEST: u32 = 8;

const HEADER = 8;

function isQuery(type: u32): bool {
  // echo reply/request, timestamp, information, address mask request/reply
  return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

function isError(type: u32): bool {
  // destination unreachable, source quench, redirect, time exceeded, parameter problem
  return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/** off..end: captured bytes of the message; reported: its length per the IP layer. */
export function decodeIcmp(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = end - off;
  if (captured < 4) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const type = u8at(p);
  frame.setTop(TOP_ICMP);
  emit.open(F.ICMP, off, min(captured, HEADER));
  emit.field(F.ICMP_TYPE, off, 1, type);
  emit.field(F.ICMP_CODE, off + 1, 1, u8at(p + 1));
  emit.field(F.ICMP_CHECKSUM, off + 2, 2, be16(p + 2));
  let status = UNVERIFIED;
  // Like tshark, a message quoted inside an ICMP error is not verified.
  if (!partial && !frame.quoted && captured >= reported) {
    status = checksumVerdict(be16(p + 2), sum16(p, reported), expert.WARN);
  }
  emit.field(F.ICMP_CHECKSUM_STATUS, off + 2, 2, status);
  if (captured < HEADER) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  if (isQuery(type)) {
    emit.field(F.ICMP_IDENT, off + 4, 2, be16(p + 4));
    emit.field(F.ICMP_IDENT_LE, off + 4, 2, bswap<u16>(<u16>be16(p + 4)));
    emit.field(F.ICMP_SEQ, off + 6, 2, be16(p + 6));
    emit.field(F.ICMP_SEQ_LE, off + 6, 2, bswap<u16>(<u16>be16(p + 6)));
    if (type == ECHO_REQUEST || type == ECHO_REPLY) {
      const reply = type == ECHO_REPLY;
      echo(reply, be16(p + 2), be16(p + 4), be16(p + 6), 0x0800, off, F.ICMP_RESP_TO, F.ICMP_RESPTIME);
    }
  }
  if (emit.enabled) messageFields(p, off, captured, type, u8at(p + 1));
  emit.close();
  if (isError(type)) {
    const outermost = !frame.quoted;
    frame.setQuoted(true);
    decodeEthertype(base, off + HEADER, end, reported - HEADER, ETHERTYPE_IPV4);
    if (!outermost) return;
    frame.setQuoted(false);
    // RFC 4884: a non-zero length (32-bit words) says where the original datagram ends and extensions begin; one
    // that ends past the message leaves the extension's reader out of bytes, as Wireshark reports it.
    const words = <i32>u8at(p + 5);
    if ((type == 3 || type == 11 || type == 12) && words != 0 && HEADER + words * 4 > reported) malformed.exception();
  }
}

const UNREACHABLE: u32 = 3;
const FRAGMENTATION_NEEDED: u32 = 4;
const REDIRECT: u32 = 5;
const TIME_EXCEEDED: u32 = 11;
const PARAMETER_PROBLEM: u32 = 12;
const TIMESTAMP: u32 = 13;
const TIMESTAMP_REPLY: u32 = 14;
const MASK_REQUEST: u32 = 17;
const MASK_REPLY: u32 = 18;

/** The rest of the header and the query bodies (field mode only): RFC 792, RFC 1191's MTU, RFC 4884's length. */
function messageFields(p: usize, off: i32, captured: i32, type: u32, code: u32): void {
  if (type == UNREACHABLE && code == FRAGMENTATION_NEEDED) {
    emit.field(F.ICMP_UNUSED, off + 4, 2);
    emit.field(F.ICMP_MTU, off + 6, 2, be16(p + 6));
  } else if (type == UNREACHABLE || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM) {
    let at = 4;
    if (type == PARAMETER_PROBLEM) {
      emit.field(F.ICMP_POINTER, off + 4, 1, u8at(p + 4));
      at = 5;
    }
    // RFC 4884: the quoted datagram's length in 32-bit words, when an extension structure follows it.
    const words = u8at(p + 5);
    if (words == 0) {
      emit.field(F.ICMP_UNUSED, off + at, HEADER - at);
    } else {
      if (at == 4) emit.field(F.ICMP_UNUSED, off + 4, 1);
      emit.field(F.ICMP_LENGTH, off + 5, 1, words);
      emit.field(F.ICMP_LENGTH_ORIGINAL_DATAGRAM, off + 5, 1, words * 4);
      emit.field(F.ICMP_UNUSED, off + 6, 2);
    }
  } else if (type == REDIRECT) {
    emit.field(F.ICMP_REDIR_GW, off + 4, 4, be32(p + 4));
  } else if ((type == TIMESTAMP || type == TIMESTAMP_REPLY) && captured >= 20) {
    emit.field(F.ICMP_ORIGINATE_TIMESTAMP, off + 8, 4, be32(p + 8));
    emit.field(F.ICMP_RECEIVE_TIMESTAMP, off + 12, 4, be32(p + 12));
    emit.field(F.ICMP_TRANSMIT_TIMESTAMP, off + 16, 4, be32(p + 16));
  } else if ((type == MASK_REQUEST || type == MASK_REPLY) && captured >= 12) {
    emit.field(F.ICMP_ADDRESS_MASK, off + 8, 4, be32(p + 8));
  }
}
