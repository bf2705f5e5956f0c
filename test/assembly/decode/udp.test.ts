import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4, ipv6, udp } from '../../support/packet-builder';

const FIELDS = ['udp.srcport', 'udp.dstport', 'udp.length', 'udp.checksum.status'];
const over4 = (d: Uint8Array) => ethernet(ipv4(d, { proto: 17 }), 0x0800);
const over6 = (d: Uint8Array) => ethernet(ipv6(d, { next: 17 }), 0x86dd);

describe('UDP', () => {
  it('decodes the header and verifies the checksum over IPv4 and IPv6', async () => {
    const body = new Uint8Array(13).fill(0xab);
    const rows = await decode(
      [
        over4(udp(body, { sport: 53, dport: 40000 })),
        over4(udp(body, { sport: 53, dport: 40000, checksum: 'bad' })),
        over6(udp(body, { sport: 53, dport: 40000, v6: true })),
        over6(udp(body, { sport: 53, dport: 40000, v6: true, checksum: 'bad' })),
      ],
      FIELDS,
    );
    expect(rows).toEqual([
      ['53', '40000', '21', '1'],
      ['53', '40000', '21', '0'],
      ['53', '40000', '21', '1'],
      ['53', '40000', '21', '0'],
    ]);
  });

  it('says a zero checksum is not present over IPv4 and illegal over IPv6', async () => {
    const rows = await decode(
      [
        over4(udp(new Uint8Array(4), { sport: 1, dport: 2, checksum: 'zero' })),
        over6(udp(new Uint8Array(4), { sport: 1, dport: 2, v6: true, checksum: 'zero' })),
      ],
      ['udp.checksum.status'],
    );
    expect(rows).toEqual([['3'], ['4']]);
  });

  it('leaves the checksum unverified for a datagram cut by the snaplen', async () => {
    const frame = over4(udp(new Uint8Array(100), { sport: 1, dport: 2 }));
    expect(await decode([{ data: frame.subarray(0, 50), origLen: frame.length }], FIELDS)).toEqual([
      ['1', '2', '108', '2'],
    ]);
  });
});
