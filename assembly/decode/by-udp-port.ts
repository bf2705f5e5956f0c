// UDP's dispatch by port for the tunnels the core opens (VXLAN, Geneve) and HSRP: what UDP carries otherwise is left to
// the application dissectors (TypeScript). Like Wireshark, the lower port is tried first.
import { DispatchTable } from './dispatch';

export const PORT_VXLAN: u32 = 4789;
export const PORT_GENEVE: u32 = 6081;
export const PORT_GTP_U: u32 = 2152;
export const PORT_HSRP: u32 = 1985;
/** HSRP version 2 over IPv6. */
export const PORT_HSRP_V6: u32 = 2029;

export const udpPorts = new DispatchTable();

/** off..end: the datagram's payload in the capture; reported: its length per the UDP header. */
export function decodeUdpPayload(base: usize, off: i32, end: i32, reported: i32, sport: u32, dport: u32): void {
  const low = min(sport, dport);
  const high = max(sport, dport);
  if (!udpPorts.decode(low, base, off, end, reported)) udpPorts.decode(high, base, off, end, reported);
}
