import { ethernet, icmp, ipv4, ipv6, tcp, udp } from '../../support/packet-builder';
import { pcapFile } from '../../support/pcap-builder';

/**
 * One frame per expert item the IP, UDP, TCP and ICMP decoders add: bad checksums (and a zero UDP checksum over
 * IPv6), a low IPv4 TTL to unicast, broadcast, multicast and the local network control block.
 */
export function checksumTtlCapture(): Uint8Array {
  const hello = new TextEncoder().encode('hello');
  const ports = { sport: 1000, dport: 2000 };
  const v4 = (payload: Uint8Array) => ethernet(payload, 0x0800);
  const v6 = (payload: Uint8Array) => ethernet(payload, 0x86dd);
  const toGroup = (dst: string, ttl: number) => v4(ipv4(udp(hello, { ...ports, dst }), { proto: 17, ttl, dst }));
  const frames = [
    v4(ipv4(udp(hello, ports), { proto: 17, badChecksum: true })),
    v4(ipv4(udp(hello, { ...ports, checksum: 'bad' }), { proto: 17 })),
    v4(ipv4(icmp(8, 0, Uint8Array.of(0, 1, 0, 1), hello, { badChecksum: true }), { proto: 1 })),
    v6(ipv6(icmp(128, 0, Uint8Array.of(0, 1, 0, 1), hello, { v6: true, badChecksum: true }), { next: 58 })),
    v6(ipv6(udp(hello, { ...ports, v6: true, checksum: 'zero' }), { next: 17 })),
    v6(ipv6(udp(hello, { ...ports, v6: true, checksum: 'bad' }), { next: 17 })),
    v4(ipv4(udp(hello, ports), { proto: 17, ttl: 1 })),
    v4(ipv4(udp(hello, ports), { proto: 17, ttl: 4 })),
    v4(ipv4(udp(hello, ports), { proto: 17, ttl: 5 })),
    toGroup('224.0.0.5', 2),
    toGroup('224.0.0.5', 1),
    toGroup('239.1.1.1', 1),
    toGroup('255.255.255.255', 1),
    v4(ipv4(tcp(hello, { ...ports, flags: 0x18, ack: 5, badChecksum: true }), { proto: 6, badChecksum: true })),
  ];
  return pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })));
}
