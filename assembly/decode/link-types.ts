// LINKTYPE_ values (tcpdump.org/linktypes.html) the core decodes.
export const NULL: u32 = 0; // BSD loopback, host byte order family
export const ETHERNET: u32 = 1;
export const PPP: u32 = 9; // PPP in HDLC-like framing (RFC 1662)
export const PPP_HDLC: u32 = 50; // PPP in HDLC-like framing, bit- or byte-stuffed on the wire
export const C_HDLC: u32 = 104; // Cisco HDLC
export const RAW: u32 = 101; // raw IPv4 or IPv6, version nibble decides
export const LOOP: u32 = 108; // OpenBSD loopback, network byte order family
export const LINUX_SLL: u32 = 113;
export const IPV4: u32 = 228;
export const IPV6: u32 = 229;
export const LINUX_SLL2: u32 = 276;
export const IEEE802_11: u32 = 105;
export const IEEE802_11_RADIOTAP: u32 = 127;
export const NFLOG: u32 = 239; // Linux netfilter log messages
/** DLT_RAW as some BSDs numbered it in pcap files. */
export const RAW_BSD_12: u32 = 12;
export const RAW_BSD_14: u32 = 14;
