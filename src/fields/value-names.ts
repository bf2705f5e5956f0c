/**
 * Value names shared by several fields (Wireshark's value_strings): each table is the one source for every field
 * that carries such values, so the tree, the Info column, filters ("ip.proto == "TCP"") and completion agree.
 */

/** IP protocol numbers (ip.proto, ipv6.nxt and the extension headers' next header), as Wireshark's ipproto_val. */
export const IP_PROTOCOL_NAMES: Record<number, string> = {
  0: 'IPv6 Hop-by-Hop Option',
  1: 'ICMP',
  2: 'IGMP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'IPv6 No Next Header',
  60: 'Destination Options for IPv6',
  89: 'OSPF IGP',
  132: 'SCTP',
};

/** Ethertypes (eth.type, arp.proto.type). */
export const ETHER_TYPE_NAMES: Record<number, string> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q Virtual LAN',
  0x88cc: '802.1 Link Layer Discovery Protocol (LLDP)',
};

/** Differentiated Services codepoints (RFC 2474, 2597, 3246, 5865, 8622). */
export const DSCP_NAMES: Record<number, string> = {
  0: 'Default',
  8: 'Class Selector 1',
  16: 'Class Selector 2',
  24: 'Class Selector 3',
  32: 'Class Selector 4',
  40: 'Class Selector 5',
  48: 'Class Selector 6',
  56: 'Class Selector 7',
  10: 'Assured Forwarding 11',
  12: 'Assured Forwarding 12',
  14: 'Assured Forwarding 13',
  18: 'Assured Forwarding 21',
  20: 'Assured Forwarding 22',
  22: 'Assured Forwarding 23',
  26: 'Assured Forwarding 31',
  28: 'Assured Forwarding 32',
  30: 'Assured Forwarding 33',
  34: 'Assured Forwarding 41',
  36: 'Assured Forwarding 42',
  38: 'Assured Forwarding 43',
  44: 'Voice Admit',
  46: 'Expedited Forwarding',
  1: 'Lower Effort',
};

/** Explicit Congestion Notification codepoints (RFC 3168). */
export const ECN_NAMES: Record<number, string> = {
  0: 'Not ECN-Capable Transport',
  1: "ECN-Capable Transport codepoint '01'",
  2: "ECN-Capable Transport codepoint '10'",
  3: 'Congestion Experienced',
};

/** The *.checksum.status fields. */
export const CHECKSUM_STATUS_NAMES: Record<number, string> = {
  0: 'Bad',
  1: 'Good',
  2: 'Unverified',
  3: 'Not present',
  4: 'Illegal',
};

/** TCP option kinds (tcp.option_kind), as the Kind line names them. */
export const TCP_OPTION_NAMES: Record<number, string> = {
  0: 'End of Option List',
  1: 'No-Operation',
  2: 'Maximum Segment Size',
  3: 'Window Scale',
  4: 'SACK Permitted',
  5: 'SACK',
  8: 'Time Stamp Option',
  30: 'Multipath TCP',
  34: 'TCP Fast Open',
};
