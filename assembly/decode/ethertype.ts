// Dispatch on an ethertype (Ethernet, VLAN, Linux cooked capture). Payloads the core does not decode
// (anything above L4, or protocols the application dissectors own) are left to the TypeScript side.
import { decodeIpv4 } from './ipv4';

export const ETHERTYPE_IPV4: u32 = 0x0800;
export const ETHERTYPE_ARP: u32 = 0x0806;
export const ETHERTYPE_IPV6: u32 = 0x86dd;

export function decodeEthertype(base: usize, off: i32, end: i32, type: u32): void {
  if (type == ETHERTYPE_IPV4) decodeIpv4(base, off, end);
}
