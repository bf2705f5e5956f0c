// The transport layer's dispatch: an IPv4 protocol or IPv6 next header names the payload's decoder. The IP
// layer sets the payload's context (ip-context.ts) right before.
import { DispatchTable } from './dispatch';

export const PROTO_ICMP: u32 = 1;
export const PROTO_IGMP: u32 = 2;
/** IPv4 in IP (RFC 2003). */
export const PROTO_IPIP: u32 = 4;
export const PROTO_TCP: u32 = 6;
export const PROTO_UDP: u32 = 17;
/** IPv6 in IP (RFC 4213, 6in4). */
export const PROTO_IPV6: u32 = 41;
export const PROTO_GRE: u32 = 47;
export const PROTO_ESP: u32 = 50;
export const PROTO_AH: u32 = 51;
export const PROTO_ICMPV6: u32 = 58;
export const PROTO_OSPF: u32 = 89;
export const PROTO_VRRP: u32 = 112;

export const ipProtocols = new DispatchTable();

/** off..end: the payload's captured bytes, within the IP datagram; reported: its length per the IP header. */
export function decodeIpPayload(base: usize, off: i32, end: i32, reported: i32, proto: u32): void {
  ipProtocols.decode(proto, base, off, end, reported);
}
