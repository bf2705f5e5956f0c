// The network layer's dispatch by ethertype: what Ethernet, VLAN tags and Linux cooked captures carry, and what
// raw-IP and loopback link types or an ICMP error's quote name as IPv4 or IPv6. Payloads without a decoder
// (anything the application dissectors own) are left to the TypeScript side.
import { DispatchTable } from './dispatch';

export const ETHERTYPE_IPV4: u32 = 0x0800;
export const ETHERTYPE_ARP: u32 = 0x0806;
export const ETHERTYPE_IPV6: u32 = 0x86dd;
export const ETHERTYPE_VLAN: u32 = 0x8100;
export const ETHERTYPE_QINQ: u32 = 0x88a8;
/** Transparent Ethernet Bridging: an Ethernet frame (GRE, VXLAN, Geneve, ERSPAN carry it). */
export const ETHERTYPE_TEB: u32 = 0x6558;
export const ETHERTYPE_MPLS: u32 = 0x8847;
export const ETHERTYPE_MPLS_MULTICAST: u32 = 0x8848;
/** ERSPAN type I and II (told apart by GRE's sequence number bit). */
export const ETHERTYPE_ERSPAN: u32 = 0x88be;
export const ETHERTYPE_ERSPAN3: u32 = 0x22eb;
export const ETHERTYPE_PPP: u32 = 0x880b;
export const ETHERTYPE_PPPOE_DISCOVERY: u32 = 0x8863;
export const ETHERTYPE_PPPOE_SESSION: u32 = 0x8864;
/** IEEE 802.1AB Link Layer Discovery Protocol. */
export const ETHERTYPE_LLDP: u32 = 0x88cc;
/** Not an EtherType (they are 16 bits): the key of IEEE 802.3 length frames, whose payload starts with LLC. */
export const ETHERTYPE_LLC: u32 = 0x10000;

export const ethertypes = new DispatchTable();

/** off..end: captured bytes of the payload; reported: its length on the wire. */
export function decodeEthertype(base: usize, off: i32, end: i32, reported: i32, type: u32): void {
  ethertypes.decode(type, base, off, end, reported);
}
