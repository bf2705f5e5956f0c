import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { be16, ethernet, icmp, ipv4, ipv6 } from '../../support/packet-builder';
import { concat } from '../../support/pcap-builder';

// Frames are one second apart (support/decode.ts): an answered echo took 1000 ms.
const A = '192.0.2.1';
const B = '198.51.100.7';
const text = (s: string) => new TextEncoder().encode(s);
const ping = (type: number, src: string, dst: string, ident: number, seq: number, data = 'abcdefgh') =>
  ethernet(ipv4(icmp(type, 0, concat([be16(ident), be16(seq)]), text(data)), { proto: 1, src, dst }), 0x0800);
const ping6 = (type: number, src: string, dst: string, ident: number, seq: number) =>
  ethernet(
    ipv6(icmp(type, 0, concat([be16(ident), be16(seq)]), text('ping6'), { v6: true, src, dst }), {
      next: 58,
      src,
      dst,
    }),
    0x86dd,
  );

describe('ICMP echo pairing', () => {
  it('names the request a reply answers and the time it took, once', async () => {
    const rows = await decode(
      [
        ping(8, A, B, 7, 1),
        ping(8, A, B, 7, 2),
        ping(0, B, A, 7, 1),
        ping(0, B, A, 7, 1), // a duplicate reply
        ping(0, B, A, 7, 2, 'other data'), // not the payload the request carried
        ping(0, A, '203.0.113.1', 7, 2), // another pair of addresses
        ping(0, B, A, 7, 2),
      ],
      ['icmp.resp_to', 'icmp.resptime'],
    );
    expect(rows).toEqual([
      ['', ''],
      ['', ''],
      ['1', '2000'],
      ['', ''],
      ['', ''],
      ['', ''],
      ['2', '5000'],
    ]);
  });

  it('pairs ICMPv6 echoes too', async () => {
    const [a, b] = ['2001:db8::1', '2001:db8::2'];
    const rows = await decode(
      [ping6(128, a, b, 0x4321, 7), ping6(129, b, a, 0x4321, 7), ping6(129, b, a, 0x4321, 8)],
      ['icmpv6.resp_to', 'icmpv6.resptime'],
    );
    expect(rows).toEqual([
      ['', ''],
      ['1', '1000'],
      ['', ''],
    ]);
  });
});
