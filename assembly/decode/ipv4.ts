// IPv4 (RFC 791). View: version/ihl(1) tos(1) len(2) id(2) flags/frag(2) ttl(1) proto(1) checksum(2) src(4)
// dst(4) options. Fragments are reassembled (see reassembly.ts) when they can be: whole in the capture and with
// a good header checksum; the frame that completes a datagram decodes its payload.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import * as record from '../capture/record';
import { TOP_IPV4, FLAG_CHECKSUM_BAD, FLAG_MALFORMED, FLAG_TRUNCATED, FLAG_TSO, FLAG_FRAGMENT } from '../rows';
import { sum16, shouldBe, combine, GOOD, BAD } from './checksum';
import * as expert from '../tcp/expert';
import { setIpv4, dst as endpointDst } from '../tcp/endpoints';
import { setContext } from './ip-context';
import { decodeIpPayload } from './by-ip-protocol';
import { emitReassembly, beginReassembled, endReassembled } from './ip-reassembled';
import * as reassembly from './reassembly';
import { decodeIpv4Options, finalDestination } from './ipv4-options';

const MIN_HEADER = 20;
const MF: u32 = 0x2000;
const OFFSET_MASK: u32 = 0x1fff;
const PROTO_PIM: u32 = 103;
/** Below this TTL a unicast packet is unlikely to arrive: Wireshark notes it. */
const LOW_TTL: u32 = 5;

/** off..end: captured bytes; reported: bytes on the wire from off. */
export function decodeIpv4(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < MIN_HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const vihl = u8at(p);
  const hdrLen = <i32>(vihl & 0xf) * 4;
  emit.open(F.IP, off, hdrLen);
  emit.field(F.IP_VERSION, off, 1, vihl >> 4);
  if (vihl >> 4 != 4 || hdrLen < MIN_HEADER || end - off < hdrLen) {
    emit.field(F.IP_HDR_LEN, off, 1, <u32>hdrLen);
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  frame.setL3(off);
  frame.setTop(TOP_IPV4);
  let totalLen = <i32>be16(p + 2);
  // Segmentation offload: the sender's NIC fills the length in later, so the capture has 0. The datagram is
  // what the frame holds.
  const tso = totalLen == 0 && reported > hdrLen;
  if (tso) {
    totalLen = reported;
    frame.flag(FLAG_TSO);
  }
  const id = be16(p + 4);
  const flagsFrag = be16(p + 6);
  const proto = u8at(p + 9);
  const checksum = be16(p + 10);
  emit.field(F.IP_HDR_LEN, off, 1, <u32>hdrLen);
  const tos = u8at(p + 1);
  emit.field(F.IP_DSFIELD, off + 1, 1, tos);
  emit.field(F.IP_DSFIELD_DSCP, off + 1, 1, tos >> 2);
  emit.field(F.IP_DSFIELD_ECN, off + 1, 1, tos & 3);
  emit.field(F.IP_LEN, off + 2, 2, <u32>totalLen);
  if (totalLen < hdrLen) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  emit.field(F.IP_ID, off + 4, 2, id);
  emit.field(F.IP_FLAGS, off + 6, 1, flagsFrag >> 13);
  emit.field(F.IP_FLAGS_RB, off + 6, 1, (flagsFrag >> 15) & 1);
  emit.field(F.IP_FLAGS_DF, off + 6, 1, (flagsFrag >> 14) & 1);
  emit.field(F.IP_FLAGS_MF, off + 6, 1, (flagsFrag >> 13) & 1);
  emit.field(F.IP_FRAG_OFFSET, off + 6, 2, flagsFrag & OFFSET_MASK);
  const ttl = u8at(p + 8);
  emit.field(F.IP_TTL, off + 8, 1, ttl);
  ttlExpert(ttl, be32(p + 16), proto);
  emit.field(F.IP_PROTO, off + 9, 1, proto);
  emit.field(F.IP_CHECKSUM, off + 10, 2, checksum);
  const sum = sum16(p, hdrLen);
  const checksumOk = sum == 0xffff;
  if (!checksumOk) {
    frame.flag(FLAG_CHECKSUM_BAD);
    expert.badChecksum(shouldBe(checksum, sum));
  }
  emit.field(F.IP_CHECKSUM_STATUS, off + 10, 2, checksumOk ? GOOD : BAD);
  emit.field(F.IP_CHECKSUM_CALCULATED, off + 10, 2, checksumOk ? checksum : shouldBe(checksum, sum));
  // A source route's final destination is the datagram's destination for Wireshark.
  const headerDst = be32(p + 16);
  const dst = hdrLen > MIN_HEADER ? finalDestination(base, off + MIN_HEADER, off + hdrLen, headerDst) : headerDst;
  emit.field(F.IP_SRC, off + 12, 4, be32(p + 12));
  emit.field(F.IP_DST, off + 16, 4, dst);
  emit.field(F.IP_ADDR, off + 12, 4, be32(p + 12));
  emit.field(F.IP_ADDR, off + 16, 4, dst);
  if (hdrLen > MIN_HEADER) decodeIpv4Options(base, off + MIN_HEADER, off + hdrLen, be32(p + 16));

  const payload = off + hdrLen;
  const payloadLen = totalLen - hdrLen;
  const payloadEnd = min(end, off + totalLen);
  if (payloadEnd < off + totalLen) frame.flag(FLAG_TRUNCATED);
  // The pseudo-header and the conversation take the final destination too.
  const addrSum = dst == headerDst ? sum16(p + 12, 8) : combine(sum16(p + 12, 4), (dst >>> 16) + (dst & 0xffff));
  setIpv4(p + 12);
  if (dst != headerDst) unchecked((endpointDst[0] = dst));
  const fragmentOffset = <i32>(flagsFrag & OFFSET_MASK) * 8;
  if ((flagsFrag & (MF | OFFSET_MASK)) == 0) {
    emit.close();
    setContext(addrSum, false, false);
    frame.setL4(payload);
    decodeIpPayload(base, payload, payloadEnd, payloadLen, proto);
    return;
  }
  // A fragment. Reassembly wants all of it and a header that can be trusted; otherwise only a first fragment
  // shows what it carries.
  if (payloadLen > 0 && payloadEnd == off + totalLen && checksumOk && !frame.quoted) {
    reassembly.setKeyIpv4(p + 12, id, proto);
    const last = (flagsFrag & MF) == 0;
    if (
      !reassembly.add(
        frame.number,
        fragmentOffset,
        last,
        proto,
        base + <usize>payload,
        payloadLen,
        record.fileOffsetOf(base + <usize>payload),
      )
    ) {
      frame.flag(FLAG_FRAGMENT);
      emit.close();
      return;
    }
    emitReassembly(F.IP_FRAGMENT, F.IP_FRAGMENT_COUNT, F.IP_REASSEMBLED_LENGTH);
    emit.close();
    setContext(addrSum, false, false);
    const bytes = beginReassembled();
    const len = reassembly.length();
    decodeIpPayload(bytes, 0, len, len, proto);
    endReassembled();
    return;
  }
  emit.close();
  frame.flag(FLAG_FRAGMENT);
  if (fragmentOffset == 0) {
    setContext(addrSum, false, true);
    frame.setL4(payload);
    decodeIpPayload(base, payload, payloadEnd, payloadLen, proto);
  }
}

/** Wireshark's TTL notes: 224.0.0.0/24 wants TTL 1 (RFC 3171), other unicast and broadcast at least LOW_TTL. */
function ttlExpert(ttl: u32, dst: u32, proto: u32): void {
  if (proto == PROTO_PIM) return;
  if (dst >> 8 == 0xe00000) {
    if (ttl != 1) expert.add(expert.TTL_LOCAL_CONTROL, expert.NOTE, expert.GROUP_SEQUENCE);
  } else if (dst >> 28 != 0xe && ttl < LOW_TTL) {
    expert.add(expert.TTL_TOO_SMALL, expert.NOTE, expert.GROUP_SEQUENCE, ttl);
  }
}
