// Which decoder takes which payload: the one place that knows every decoder, so the decoders themselves only
// know the dispatch tables (dispatch.ts). A new protocol is a decoder module plus a line here.
import * as LT from './link-types';
import { linkTypes } from './by-link-type';
import { ethertypes, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_ARP } from './by-ethertype';
import { ipProtocols, PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_ICMPV6 } from './by-ip-protocol';
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
}
