// Hands an IP payload to its protocol's decoder, with what the IP layer knows that the payload's checksum
// needs: the pseudo-header's addresses, and whether the bytes are a lone fragment (then no checksum can be
// verified). Plain globals, set by the IP layer right before the call.
import * as emit from '../emit';
import * as side from '../side';
import * as frame from './frame-state';
import * as reassembly from './reassembly';
import { FLAG_REASSEMBLED } from '../rows';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';
import { decodeIcmp } from './icmp';
import { decodeIcmpv6 } from './icmpv6';

export const PROTO_ICMP: u32 = 1;
export const PROTO_TCP: u32 = 6;
export const PROTO_UDP: u32 = 17;
export const PROTO_ICMPV6: u32 = 58;

/** Ones' complement sum of the source and destination addresses. */
export let addrSum: u32 = 0;
export let overIpv6 = false;
/** The payload is a fragment of a datagram that was not reassembled. */
export let partial = false;

export function setContext(sum: u32, ipv6: bool, isPartial: bool): void {
  addrSum = sum;
  overIpv6 = ipv6;
  partial = isPartial;
}

/**
 * off..end: the payload's captured bytes, within the IP datagram; reported: its length per the IP header.
 */
export function decodeIpPayload(base: usize, off: i32, end: i32, reported: i32, proto: u32): void {
  if (proto == PROTO_TCP) decodeTcp(base, off, end, reported);
  else if (proto == PROTO_UDP) decodeUdp(base, off, end, reported);
  else if (proto == PROTO_ICMP) decodeIcmp(base, off, end, reported);
  else if (proto == PROTO_ICMPV6) decodeIcmpv6(base, off, end, reported);
}

/** The fragment list of the datagram reassembly just completed, in the IP layer's tree. */
export function emitReassembly(fragmentId: u16, countId: u16, lengthId: u16): void {
  const n = reassembly.fragmentCount();
  for (let i = 0; i < n; i++) emit.field(fragmentId, 0, 0, reassembly.fragmentFrame(i));
  emit.field(countId, 0, 0, <u32>n);
  emit.field(lengthId, 0, 0, <u32>reassembly.length());
}

/**
 * Starts decoding the datagram reassembly just completed and returns its bytes. Fields until
 * endReassembled() point into them (source 1), which field mode hands over as side data.
 */
export function beginReassembled(): usize {
  const bytes = reassembly.data();
  frame.flag(FLAG_REASSEMBLED);
  if (emit.enabled) side.add(side.REASSEMBLED, frame.number, bytes, <u32>reassembly.length());
  emit.setSource(1);
  return bytes;
}

export function endReassembled(): void { emit.setSource(0); }
