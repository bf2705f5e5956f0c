import { describe, expect, it } from 'vitest';
import { summarize, tcpFlagNames } from '../../src/ui/packet-list/summary';
import { ip, records } from './records';

const frame = (n: number): Parameters<typeof records>[number][] => [['frame', 0, 0, 60], ['frame.number', 1, 0, 0, n]];
const eth = (type: number): Parameters<typeof records>[number][] => [
  ['eth', 0, 0, 14],
  ['eth.dst', 1, 0, 6, 0xffffffff, 0xffff],
  ['eth.src', 1, 6, 6, 0x00112233, 0x4455],
  ['eth.type', 1, 12, 2, type],
];
const ipv4 = (proto: number): Parameters<typeof records>[number][] => [
  ['ip', 0, 14, 20],
  ['ip.ttl', 1, 22, 1, 64],
  ['ip.proto', 1, 23, 1, proto],
  ['ip.src', 1, 26, 4, ip(10, 0, 0, 1)],
  ['ip.dst', 1, 30, 4, ip(10, 0, 0, 2)],
];

describe('packet list summary', () => {
  it('words a TCP SYN like Wireshark, with the options present', () => {
    const s = summarize(records(...frame(1), ...eth(0x800), ...ipv4(6),
      ['tcp', 0, 34, 40],
      ['tcp.srcport', 1, 34, 2, 1606],
      ['tcp.dstport', 1, 36, 2, 80],
      ['tcp.seq_raw', 1, 38, 4, 12345],
      ['tcp.flags', 1, 46, 2, 0x002],
      ['tcp.window_size_value', 1, 48, 2, 8192],
      ['tcp.len', 1, 0, 0, 0],
      ['tcp.options.mss_val', 1, 56, 2, 1460],
      ['tcp.options.wscale.multiplier', 1, 60, 1, 4]));
    expect(s).toEqual({ source: '10.0.0.1', destination: '10.0.0.2', protocol: 'TCP', info: '1606 → 80 [SYN] Seq=12345 Win=8192 Len=0 MSS=1460 WS=4' });
  });

  it('adds Ack only when the ACK flag is set', () => {
    const s = summarize(records(...ipv4(6), ['tcp', 0, 0, 20], ['tcp.srcport', 1, 0, 2, 80], ['tcp.dstport', 1, 2, 2, 1606],
      ['tcp.seq_raw', 1, 4, 4, 1], ['tcp.ack_raw', 1, 8, 4, 2], ['tcp.flags', 1, 12, 2, 0x011], ['tcp.window_size_value', 1, 14, 2, 5], ['tcp.len', 1, 0, 0, 7]));
    expect(s.info).toBe('80 → 1606 [FIN, ACK] Seq=1 Ack=2 Win=5 Len=7');
  });

  it('words ARP requests and replies, with Ethernet addresses', () => {
    const arp = (op: number) => summarize(records(...eth(0x806), ['arp', 0, 14, 28], ['arp.opcode', 1, 20, 2, op],
      ['arp.src.hw_mac', 1, 22, 6, 0x00112233, 0x4455], ['arp.src.proto_ipv4', 1, 28, 4, ip(192, 168, 0, 114)],
      ['arp.dst.proto_ipv4', 1, 38, 4, ip(192, 168, 0, 1)]));
    expect(arp(1)).toEqual({ source: '00:11:22:33:44:55', destination: 'ff:ff:ff:ff:ff:ff', protocol: 'ARP', info: 'Who has 192.168.0.1? Tell 192.168.0.114' });
    expect(arp(2).info).toBe('192.168.0.114 is at 00:11:22:33:44:55');
  });

  it('words ICMP echo with id, both sequence byte orders and TTL', () => {
    const s = summarize(records(...ipv4(1), ['icmp', 0, 34, 8], ['icmp.type', 1, 34, 1, 8], ['icmp.ident', 1, 38, 2, 0x1234], ['icmp.seq', 1, 40, 2, 1]));
    expect(s.protocol).toBe('ICMP');
    expect(s.info).toBe('Echo (ping) request  id=0x1234, seq=1/256, ttl=64');
  });

  it('gives UDP ports and payload length', () => {
    const s = summarize(records(...ipv4(17), ['udp', 0, 34, 8], ['udp.srcport', 1, 34, 2, 5353], ['udp.dstport', 1, 36, 2, 53], ['udp.length', 1, 38, 2, 39]));
    expect(s.info).toBe('5353 → 53 Len=31');
  });

  it('falls back to the highest layer decoded, saying what it carries', () => {
    expect(summarize(records(...frame(1), ...eth(0x86dd)))).toEqual({
      source: '00:11:22:33:44:55', destination: 'ff:ff:ff:ff:ff:ff', protocol: 'Ethernet', info: 'Ethernet, Type: 0x86dd',
    });
    expect(summarize(records(...frame(1), ...eth(0x800), ...ipv4(6))).info).toBe('Internet Protocol Version 4, Protocol: TCP');
    expect(summarize(records(...frame(1)))).toEqual({ source: '', destination: '', protocol: '', info: '' });
  });

  it('skips undissected payload when naming the protocol', () => {
    const s = summarize(records(...ipv4(17), ['udp', 0, 34, 8], ['udp.srcport', 1, 34, 2, 1], ['udp.dstport', 1, 36, 2, 2], ['udp.length', 1, 38, 2, 12], ['data', 0, 42, 4], ['data.data', 1, 42, 4]));
    expect(s.protocol).toBe('UDP');
  });

  it('names TCP flags in Wireshark order', () => {
    expect(tcpFlagNames(0x01 | 0x08 | 0x10)).toBe('FIN, PSH, ACK');
    expect(tcpFlagNames(0)).toBe('');
  });
});
