// ICMPv6 (RFC 4443). View: type(1) code(1) checksum(2) message body. The checksum covers an IPv6
// pseudo-header. Error messages (types 1-4) quote as much of the offending packet as fits, decoded here too.
import { be16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_ICMPV6, FLAG_MALFORMED } from '../rows';
import { pseudoSum, UNVERIFIED } from './checksum';
import { checksumVerdict } from './checksum-verdict';
import * as expert from '../tcp/expert';
import { addrSum, partial } from './ip-context';
import { PROTO_ICMPV6 } from './by-ip-protocol';
import { echo } from './icmp-echo';
import { decodeEthertype, ETHERTYPE_IPV6 } from './by-ethertype';
import { icmpv6Body, redirectedStart, redirectedEnd } from './icmpv6-body';

const HEADER = 8;
const ECHO_REQUEST: u32 = 128;
const ECHO_REPLY: u32 = 129;
const LAST_ERROR: u32 = 4;
const REDIRECT: u32 = 137;

/** off..end: captured bytes of the message; reported: its length per the IPv6 layer. */
export function decodeIcmpv6(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = end - off;
  if (captured < 4) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const type = u8at(p);
  frame.setTop(TOP_ICMPV6);
  emit.open(F.ICMPV6, off, min(captured, HEADER));
  emit.field(F.ICMPV6_TYPE, off, 1, type);
  emit.field(F.ICMPV6_CODE, off + 1, 1, u8at(p + 1));
  emit.field(F.ICMPV6_CHECKSUM, off + 2, 2, be16(p + 2));
  let status = UNVERIFIED;
  if (!partial && captured >= reported) {
    status = checksumVerdict(be16(p + 2), pseudoSum(addrSum, PROTO_ICMPV6, p, reported), expert.WARN);
  }
  emit.field(F.ICMPV6_CHECKSUM_STATUS, off + 2, 2, status);
  if (captured < HEADER) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  if (type == ECHO_REQUEST || type == ECHO_REPLY) {
    emit.field(F.ICMPV6_ECHO_IDENTIFIER, off + 4, 2, be16(p + 4));
    emit.field(F.ICMPV6_ECHO_SEQUENCE_NUMBER, off + 6, 2, be16(p + 6));
    const reply = type == ECHO_REPLY;
    echo(reply, be16(p + 2), be16(p + 4), be16(p + 6), -0x0100, off, F.ICMPV6_RESP_TO, F.ICMPV6_RESPTIME);
  }
  if (emit.enabled || type == REDIRECT) {
    icmpv6Body(base, off, end, type);
    emit.close();
    // A redirect quotes the packet it answers in an option (tshark decodes it, as an error's).
    if (redirectedStart != 0) {
      frame.setQuoted(true);
      decodeEthertype(base, redirectedStart, redirectedEnd, redirectedEnd - redirectedStart, ETHERTYPE_IPV6);
    }
  } else {
    emit.close();
  }
  if (type >= 1 && type <= LAST_ERROR) {
    frame.setQuoted(true);
    decodeEthertype(base, off + HEADER, end, reported - HEADER, ETHERTYPE_IPV6);
  }
}
