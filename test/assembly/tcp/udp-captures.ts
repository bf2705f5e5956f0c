// Crafted UDP exchanges for the Follow UDP tests: over IPv6, and datagrams IPv4 and IPv6 carry in fragments.
import { ethernet, ipv4, ipv6, udp } from '../../support/packet-builder';
import { pcapFile, type PcapPacket } from '../../support/pcap-builder';

const text = (s: string) => new TextEncoder().encode(s);
const at = (ms: number, data: Uint8Array): PcapPacket => ({
  sec: 1_700_000_000,
  frac: ms * 1000,
  data,
  origLen: data.length,
});

function ipv6Exchange(): Uint8Array {
  const a = { src: '2001:db8::1', dst: '2001:db8::2' };
  const b = { src: a.dst, dst: a.src };
  const datagram = (ends: typeof a, sport: number, dport: number, s: string) =>
    ethernet(ipv6(udp(text(s), { ...ends, sport, dport, v6: true }), { ...ends, next: 17 }), 0x86dd);
  return pcapFile([
    at(0, datagram(a, 5353, 9999, 'question')),
    at(10, datagram(b, 9999, 5353, 'answer')),
    at(20, datagram(a, 5353, 9999, 'thanks')),
  ]);
}

/** A 100-byte payload in two IPv4 fragments (the second first on the wire), then an unfragmented reply. */
function fragmentedDatagram(): Uint8Array {
  const a = { src: '10.0.0.1', dst: '10.0.0.2' };
  const b = { src: a.dst, dst: a.src };
  const whole = udp(
    new Uint8Array(100).map((_, i) => 0x61 + (i % 26)),
    { ...a, sport: 4000, dport: 5000 },
  );
  const fragment = (offset: number, end: number, mf: boolean) =>
    ethernet(ipv4(whole.subarray(offset, end), { ...a, proto: 17, id: 77, mf, fragmentOffset: offset }), 0x0800);
  const reply = ethernet(ipv4(udp(text('got it'), { ...b, sport: 5000, dport: 4000 }), { ...b, proto: 17 }), 0x0800);
  return pcapFile([at(0, fragment(64, whole.length, false)), at(1, fragment(0, 64, true)), at(10, reply)]);
}

/**
 * A 300-byte payload in three IPv6 fragments (RFC 8200 §4.5; first, last, then middle on the wire), then an
 * unfragmented reply: the datagram's bytes lie in three frames.
 */
function ipv6FragmentedDatagram(): Uint8Array {
  const a = { src: '2001:db8::1', dst: '2001:db8::2' };
  const b = { src: a.dst, dst: a.src };
  const whole = udp(
    new Uint8Array(300).map((_, i) => 0x41 + (i % 26)),
    { ...a, sport: 4001, dport: 5001, v6: true },
  );
  const fragment = (offset: number, end: number, more: boolean) => {
    const header = new Uint8Array(8);
    const v = new DataView(header.buffer);
    header[0] = 17;
    v.setUint16(2, offset | (more ? 1 : 0));
    v.setUint32(4, 0x1234);
    const payload = new Uint8Array(8 + end - offset);
    payload.set(header);
    payload.set(whole.subarray(offset, end), 8);
    return ethernet(ipv6(payload, { ...a, next: 44 }), 0x86dd);
  };
  const reply = ethernet(
    ipv6(udp(text('all three'), { ...b, sport: 5001, dport: 4001, v6: true }), { ...b, next: 17 }),
    0x86dd,
  );
  return pcapFile([
    at(0, fragment(0, 104, true)),
    at(1, fragment(208, whole.length, false)),
    at(2, fragment(104, 208, true)),
    at(10, reply),
  ]);
}

export const UDP_CAPTURES: Record<string, () => Uint8Array> = {
  udp_ipv6: ipv6Exchange,
  udp_fragmented: fragmentedDatagram,
  udp_ipv6_fragmented: ipv6FragmentedDatagram,
};
