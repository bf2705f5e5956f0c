// IPv6 (RFC 8200). View: version/class/flow(4) payload length(2) next header(1) hop limit(1) source(16)
// destination(16), then a chain of extension headers: hop-by-hop and destination options, routing, fragment.
// Fragments are reassembled (see reassembly.ts) when whole in the capture; the completing frame decodes the
// datagram.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import * as record from '../capture/record';
import { TOP_IPV6, FLAG_MALFORMED, FLAG_TRUNCATED, FLAG_FRAGMENT } from '../rows';
import { sum16 } from './checksum';
import { setIpv6 } from '../tcp/endpoints';
import { setContext } from './ip-context';
import { decodeIpPayload } from './by-ip-protocol';
import { emitReassembly, beginReassembled, endReassembled } from './ip-reassembled';
import * as reassembly from './reassembly';
import { decodeIpv6Options } from './ipv6-options';

const HEADER = 40;
const HOP_BY_HOP: u32 = 0;
const ROUTING: u32 = 43;
const FRAGMENT: u32 = 44;
const DESTINATION_OPTIONS: u32 = 60;
const FRAGMENT_HEADER = 8;

/** off..end: captured bytes; reported: bytes on the wire from off. */
export function decodeIpv6(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const first = be32(p);
  const payloadLen = <i32>be16(p + 4);
  const next = u8at(p + 6);
  frame.setL3(off);
  frame.setTop(TOP_IPV6);
  emit.open(F.IPV6, off, HEADER);
  // Wireshark also files the version under ip.version, so filters on it match both IP versions.
  emit.field(F.IP_VERSION, off, 1, first >> 28);
  emit.field(F.IPV6_VERSION, off, 1, first >> 28);
  emit.field(F.IPV6_TCLASS, off, 4, (first >> 20) & 0xff);
  emit.field(F.IPV6_FLOW, off + 1, 3, first & 0xfffff);
  emit.field(F.IPV6_PLEN, off + 4, 2, <u32>payloadLen);
  emit.field(F.IPV6_NXT, off + 6, 1, next);
  emit.field(F.IPV6_HLIM, off + 7, 1, u8at(p + 7));
  address(F.IPV6_SRC, p + 8, off + 8);
  address(F.IPV6_DST, p + 24, off + 24);
  address(F.IPV6_ADDR, p + 8, off + 8);
  address(F.IPV6_ADDR, p + 24, off + 24);
  emit.close();
  const payloadEnd = min(end, off + HEADER + payloadLen);
  if (payloadEnd < off + HEADER + payloadLen) frame.flag(FLAG_TRUNCATED);
  setIpv6(p + 8);
  setContext(sum16(p + 8, 32), true, false);
  decodeChain(base, off + HEADER, payloadEnd, payloadLen, next, p + 8);
}

/** An address field: v0..v3 = the four 32-bit words, big-endian. */
function address(id: u16, p: usize, start: i32): void {
  emit.field(id, start, 16, be32(p), be32(p + 4), be32(p + 8), be32(p + 12));
}

/**
 * Extension headers from off, then the upper layer. reported: bytes from off per the payload length.
 * addrs: the fixed header's source and destination, the reassembly key of fragments.
 */
function decodeChain(base: usize, off: i32, end: i32, reported: i32, next: u32, addrs: usize): void {
  while (true) {
    if (next == HOP_BY_HOP || next == DESTINATION_OPTIONS || next == ROUTING) {
      if (end - off < 2) break;
      const p = base + <usize>off;
      const len = (<i32>u8at(p + 1) + 1) * 8;
      if (end - off < len) break;
      const hop = next == HOP_BY_HOP;
      const routing = next == ROUTING;
      emit.open(hop ? F.IPV6_HOPOPTS : routing ? F.IPV6_ROUTING : F.IPV6_DSTOPTS, off, len);
      emit.field(hop ? F.IPV6_HOPOPTS_NXT : routing ? F.IPV6_ROUTING_NXT : F.IPV6_DSTOPTS_NXT, off, 1, u8at(p));
      emit.field(hop ? F.IPV6_HOPOPTS_LEN : routing ? F.IPV6_ROUTING_LEN : F.IPV6_DSTOPTS_LEN, off + 1, 1, u8at(p + 1));
      if (routing) {
        emit.field(F.IPV6_ROUTING_TYPE, off + 2, 1, u8at(p + 2));
        emit.field(F.IPV6_ROUTING_SEGLEFT, off + 3, 1, u8at(p + 3));
      } else if (emit.enabled) {
        decodeIpv6Options(base, off + 2, off + len);
      }
      emit.close();
      next = u8at(p);
      off += len;
      reported -= len;
      continue;
    }
    if (next == FRAGMENT) {
      decodeFragment(base, off, end, reported, addrs);
      return;
    }
    frame.setL4(off);
    decodeIpPayload(base, off, end, reported, next);
    return;
  }
  frame.flag(FLAG_MALFORMED);
}

/** Fragment header (RFC 8200 §4.5): next header(1) reserved(1) offset/flags(2) identification(4). */
function decodeFragment(base: usize, off: i32, end: i32, reported: i32, addrs: usize): void {
  if (end - off < FRAGMENT_HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const next = u8at(p);
  const offsetFlags = be16(p + 2);
  const ident = be32(p + 4);
  const fragmentOffset = <i32>(offsetFlags & 0xfff8);
  const more = (offsetFlags & 1) != 0;
  emit.open(F.IPV6_FRAGHDR, off, FRAGMENT_HEADER);
  emit.field(F.IPV6_FRAGHDR_NXT, off, 1, next);
  emit.field(F.IPV6_FRAGHDR_OFFSET, off + 2, 2, offsetFlags >> 3);
  emit.field(F.IPV6_FRAGHDR_MORE, off + 2, 2, more ? 1 : 0);
  emit.field(F.IPV6_FRAGHDR_IDENT, off + 4, 4, ident);
  emit.close();
  const data = off + FRAGMENT_HEADER;
  const dataLen = reported - FRAGMENT_HEADER;
  // An atomic fragment (RFC 6946) is a whole datagram.
  if (fragmentOffset == 0 && !more) {
    decodeChain(base, data, end, dataLen, next, addrs);
    return;
  }
  if (dataLen > 0 && end - data == dataLen && !frame.quoted) {
    reassembly.setKeyIpv6(addrs, ident);
    if (
      !reassembly.add(
        frame.number,
        fragmentOffset,
        !more,
        next,
        base + <usize>data,
        dataLen,
        record.fileOffsetOf(base + <usize>data),
      )
    ) {
      frame.flag(FLAG_FRAGMENT);
      return;
    }
    emitReassembly(F.IPV6_FRAGMENT, F.IPV6_FRAGMENT_COUNT, F.IPV6_REASSEMBLED_LENGTH);
    const bytes = beginReassembled();
    const len = reassembly.length();
    decodeChain(bytes, 0, len, len, reassembly.nextHeader(), addrs);
    endReassembled();
    return;
  }
  frame.flag(FLAG_FRAGMENT);
  if (fragmentOffset == 0) {
    setContext(sum16(addrs, 32), true, true);
    decodeChain(base, data, end, dataLen, next, addrs);
  }
}
