// Dispatch on an ethertype (Ethernet, VLAN, Linux cooked capture) or on the version nibble of raw IP.
// Payloads the core does not decode (anything above L4, or protocols the application dissectors own) are
// left to the TypeScript side.
import { u8at } from '../bytes';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { decodeArp } from './arp';

export const ETHERTYPE_IPV4: u32 = 0x0800;
export const ETHERTYPE_ARP: u32 = 0x0806;
export const ETHERTYPE_IPV6: u32 = 0x86dd;

/** off..end: captured bytes of the payload; reported: its length on the wire. */
export function decodeEthertype(base: usize, off: i32, end: i32, reported: i32, type: u32): void {
  if (type == ETHERTYPE_IPV4) decodeIpv4(base, off, end, reported);
  else if (type == ETHERTYPE_IPV6) decodeIpv6(base, off, end, reported);
  else if (type == ETHERTYPE_ARP) decodeArp(base, off, end);
}

/** Raw IP link types carry IPv4 or IPv6 with nothing before it: the version nibble says which. */
export function decodeRawIp(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < 1) return;
  const version = u8at(base + <usize>off) >> 4;
  if (version == 4) decodeIpv4(base, off, end, reported);
  else if (version == 6) decodeIpv6(base, off, end, reported);
}
