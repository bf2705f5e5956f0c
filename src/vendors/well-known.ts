/**
 * Well-known Ethernet addresses (broadcast, protocol multicast groups), named as Wireshark shows them (observed
 * with tshark 4.0). A prefix entry names every address it covers; exact entries win over prefixes.
 */
export interface WellKnownAddress {
  /** The address, or the start of the range, as a 48-bit value. */
  value: number;
  /** Bits of `value` that must match (48: this address only). */
  bits: number;
  name: string;
}

const entry = (hex: string, bits: number, name: string): WellKnownAddress => ({ value: parseInt(hex, 16), bits, name });

export const WELL_KNOWN_ADDRESSES: readonly WellKnownAddress[] = [
  entry('ffffffffffff', 48, 'Broadcast'),
  entry('333300000000', 48, 'IPv6-Neighbor-Discovery'),
  entry('0180c200000e', 48, 'LLDP_Multicast'),
  entry('0180c2000003', 48, 'Nearest-non-TPMR-bridge'),
  entry('01000ccccccc', 48, 'CDP/VTP/DTP/PAgP/UDLD'),
  entry('0180c2000000', 44, 'Spanning-tree-(for-bridges)'),
  entry('00000c07ac00', 40, 'All-HSRP-routers'),
  entry('00005e000100', 40, 'IETF-VRRP-VRID'),
  entry('01005e000000', 25, 'IPv4mcast'),
  entry('333300000000', 16, 'IPv6mcast'),
];

/** The well-known name covering the address (exact entries first, then the longest prefix). */
export function wellKnownAddress(address: number): { name: string; bits: number } | undefined {
  let best: WellKnownAddress | undefined;
  for (const known of WELL_KNOWN_ADDRESSES) {
    const scale = 2 ** (48 - known.bits);
    if (Math.floor(address / scale) !== Math.floor(known.value / scale)) continue;
    if (!best || known.bits > best.bits) best = known;
  }
  return best && { name: best.name, bits: best.bits };
}
