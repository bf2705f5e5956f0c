// UDP (RFC 768). View: sport(2) dport(2) length(2) checksum(2). A zero checksum over IPv4 means the sender
// computed none; over IPv6 it is not allowed (RFC 8200 §8.1).
import { be16 } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_UDP, FLAG_CHECKSUM_BAD, FLAG_MALFORMED } from '../rows';
import { pseudoSum, shouldBe, UNVERIFIED, NOT_PRESENT, ILLEGAL } from './checksum';
import { checksumVerdict } from './checksum-verdict';
import * as expert from '../tcp/expert';
import { addrSum, overIpv6, partial } from './ip-context';
import { PROTO_UDP } from './by-ip-protocol';
import { analyzeUdp } from '../tcp/track';
import { decodeUdpPayload } from './by-udp-port';

const HEADER = 8;

/** off..end: captured bytes of the datagram; reported: its length per the IP layer. */
export function decodeUdp(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = end - off;
  if (captured < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const sport = be16(p);
  const dport = be16(p + 2);
  const length = <i32>be16(p + 4);
  const checksum = be16(p + 6);
  frame.setTop(TOP_UDP);
  emit.open(F.UDP, off, HEADER);
  emit.field(F.UDP_SRCPORT, off, 2, sport);
  emit.field(F.UDP_DSTPORT, off + 2, 2, dport);
  emit.field(F.UDP_PORT, off, 2, sport);
  emit.field(F.UDP_PORT, off + 2, 2, dport);
  emit.field(F.UDP_LENGTH, off + 4, 2, <u32>length);
  emit.field(F.UDP_CHECKSUM, off + 6, 2, checksum);
  let status = UNVERIFIED;
  if (checksum == 0) {
    status = overIpv6 ? ILLEGAL : NOT_PRESENT;
    if (overIpv6) {
      frame.flag(FLAG_CHECKSUM_BAD);
      expert.add(expert.ILLEGAL_CHECKSUM, expert.ERROR, expert.GROUP_CHECKSUM);
    }
  } else if (!partial && length >= HEADER && length <= reported && captured >= length) {
    const sum = pseudoSum(addrSum, PROTO_UDP, p, length);
    status = checksumVerdict(checksum, sum);
    emit.field(F.UDP_CHECKSUM_CALCULATED, off + 6, 2, shouldBe(checksum, sum));
  }
  emit.field(F.UDP_CHECKSUM_STATUS, off + 6, 2, status);
  analyzeUdp(sport, dport, p + HEADER, <u32>max(min(captured, length) - HEADER, 0));
  // The payload as one bytes field, what of it was captured (tshark's "UDP payload (n bytes)").
  if (length > HEADER && length <= reported && captured > HEADER) {
    emit.field(F.UDP_PAYLOAD, off + HEADER, min(captured, length) - HEADER);
  }
  emit.close();
  if (length < HEADER || length > reported) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  decodeUdpPayload(base, off + HEADER, min(end, off + length), length - HEADER, sport, dport);
}
