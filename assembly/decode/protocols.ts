// Which decoder takes which payload: the one place that knows every decoder, so the decoders themselves only
// know the dispatch tables (dispatch.ts). A new protocol is a decoder module plus a line here.
import * as LT from './link-types';
import { linkTypes } from './by-link-type';
import * as ET from './by-ethertype';
import { ethertypes, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_ARP } from './by-ethertype';
import * as IPP from './by-ip-protocol';
import { ipProtocols, PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_ICMPV6 } from './by-ip-protocol';
import { udpPorts, PORT_VXLAN, PORT_GENEVE, PORT_GTP_U, PORT_HSRP, PORT_HSRP_V6 } from './by-udp-port';
import { decodeLlc } from './llc';
import { decodeMpls } from './mpls';
import { decodeGre } from './gre';
import { decodeErspan, decodeErspan3 } from './erspan';
import { decodeVxlan } from './vxlan';
import { decodeGeneve } from './geneve';
import { decodeGtpU } from './gtp';
import { decodeNflog } from './nflog';
import { decodeRadiotap } from './radiotap';
import { decodeIeee80211 } from './ieee80211';
import { decodeIgmp } from './igmp';
import { decodeVrrp } from './vrrp';
import { llcSaps, snapProtocols, SAP_STP, OUI_CISCO, PID_CDP } from './by-llc';
import { decodeStp } from './stp';
import { decodeLldp } from './lldp';
import { decodeCdp } from './cdp';
import { decodeHsrp } from './hsrp';
import { decodeOspf } from './ospf';
import { decodeEsp, decodeAh } from './ipsec';
import { decodePpp, decodeCiscoHdlc } from './ppp';
import { decodePppoeDiscovery, decodePppoeSession } from './pppoe';
import { decodeEthernet } from './ethernet';
import { decodeSll, decodeSll2 } from './sll';
import { decodeNull, decodeLoop } from './null';
import { decodeRawIp } from './raw-ip';
import { decodeArp } from './arp';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';
import { decodeIcmp } from './icmp';
import { decodeIcmpv6 } from './icmpv6';

export function registerProtocols(): void {
  linkTypes.register(LT.ETHERNET, decodeEthernet);
  linkTypes.register(LT.LINUX_SLL, decodeSll);
  linkTypes.register(LT.LINUX_SLL2, decodeSll2);
  linkTypes.register(LT.NULL, decodeNull);
  linkTypes.register(LT.LOOP, decodeLoop);
  linkTypes.register(LT.RAW, decodeRawIp);
  linkTypes.register(LT.RAW_BSD_12, decodeRawIp);
  linkTypes.register(LT.RAW_BSD_14, decodeRawIp);
  linkTypes.register(LT.IPV4, decodeIpv4);
  linkTypes.register(LT.IPV6, decodeIpv6);

  ethertypes.register(ETHERTYPE_IPV4, decodeIpv4);
  ethertypes.register(ETHERTYPE_IPV6, decodeIpv6);
  ethertypes.register(ETHERTYPE_ARP, decodeArp);

  ipProtocols.register(PROTO_TCP, decodeTcp);
  ipProtocols.register(PROTO_UDP, decodeUdp);
  ipProtocols.register(PROTO_ICMP, decodeIcmp);
  ipProtocols.register(PROTO_ICMPV6, decodeIcmpv6);

  // Tunnels and the link layers inside them.
  ethertypes.register(ET.ETHERTYPE_LLC, decodeLlc);
  ethertypes.register(ET.ETHERTYPE_TEB, decodeEthernet);
  ethertypes.register(ET.ETHERTYPE_MPLS, decodeMpls);
  ethertypes.register(ET.ETHERTYPE_MPLS_MULTICAST, decodeMpls);
  ethertypes.register(ET.ETHERTYPE_ERSPAN, decodeErspan);
  ethertypes.register(ET.ETHERTYPE_ERSPAN3, decodeErspan3);
  ipProtocols.register(IPP.PROTO_IPIP, decodeIpv4);
  ipProtocols.register(IPP.PROTO_IPV6, decodeIpv6);
  ipProtocols.register(IPP.PROTO_GRE, decodeGre);
  ipProtocols.register(IPP.PROTO_ESP, decodeEsp);
  ipProtocols.register(IPP.PROTO_AH, decodeAh);
  ethertypes.register(ET.ETHERTYPE_PPP, decodePpp);
  ethertypes.register(ET.ETHERTYPE_PPPOE_DISCOVERY, decodePppoeDiscovery);
  ethertypes.register(ET.ETHERTYPE_PPPOE_SESSION, decodePppoeSession);
  linkTypes.register(LT.PPP, decodePpp);
  linkTypes.register(LT.PPP_HDLC, decodePpp);
  linkTypes.register(LT.C_HDLC, decodeCiscoHdlc);
  udpPorts.register(PORT_VXLAN, decodeVxlan);
  udpPorts.register(PORT_GENEVE, decodeGeneve);
  udpPorts.register(PORT_GTP_U, decodeGtpU);
  linkTypes.register(LT.NFLOG, decodeNflog);
  linkTypes.register(LT.IEEE802_11, decodeIeee80211);
  linkTypes.register(LT.IEEE802_11_RADIOTAP, decodeRadiotap);

  // Infrastructure protocols below TCP/UDP.
  ipProtocols.register(IPP.PROTO_IGMP, decodeIgmp);
  ipProtocols.register(IPP.PROTO_VRRP, decodeVrrp);
  llcSaps.register(SAP_STP, decodeStp);
  ethertypes.register(ET.ETHERTYPE_LLDP, decodeLldp);
  snapProtocols.register(OUI_CISCO, PID_CDP, decodeCdp);
  udpPorts.register(PORT_HSRP, decodeHsrp);
  udpPorts.register(PORT_HSRP_V6, decodeHsrp);
  ipProtocols.register(IPP.PROTO_OSPF, decodeOspf);
}
