// The network layer's dispatch by ethertype: what Ethernet, VLAN tags and Linux cooked captures carry, and what
// raw-IP and loopback link types or an ICMP error's quote name as IPv4 or IPv6. Payloads without a decoder
// (anything the application dissectors own) are left to the TypeScript side.
import { DispatchTable } from './dispatch';

export const ETHERTYPE_IPV4: u32 = 0x0800;
export const ETHERTYPE_ARP: u32 = 0x0806;
export const ETHERTYPE_IPV6: u32 = 0x86dd;
export const ETHERTYPE_VLAN: u32 = 0x8100;
export const ETHERTYPE_QINQ: u32 = 0x88a8;

export const ethertypes = new DispatchTable();

/** off..end: captured bytes of the payload; reported: its length on the wire. */
export function decodeEthertype(base: usize, off: i32, end: i32, reported: i32, type: u32): void {
  ethertypes.decode(type, base, off, end, reported);
}
