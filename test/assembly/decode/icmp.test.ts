import { describe, expect, it } from 'vitest';
import { decode, decodeOne } from '../../support/decode';
import { be16, ethernet, icmp, ipv4, ipv6, udp } from '../../support/packet-builder';
import { concat } from '../../support/pcap-builder';

describe('ICMP', () => {
  it('decodes an echo request, identifier and sequence both ways round', async () => {
    const frame = ethernet(
      ipv4(icmp(8, 0, concat([be16(0x0102), be16(0x0300)]), new Uint8Array(32)), { proto: 1 }),
      0x0800,
    );
    expect(
      await decodeOne(frame, [
        'icmp.type',
        'icmp.code',
        'icmp.checksum.status',
        'icmp.ident',
        'icmp.ident_le',
        'icmp.seq',
        'icmp.seq_le',
      ]),
    ).toEqual({
      'icmp.type': '8',
      'icmp.code': '0',
      'icmp.checksum.status': '1',
      'icmp.ident': '258',
      'icmp.ident_le': '513',
      'icmp.seq': '768',
      'icmp.seq_le': '3',
    });
  });

  it('reports a bad checksum', async () => {
    const frame = ethernet(
      ipv4(icmp(0, 0, new Uint8Array(4), new Uint8Array(5), { badChecksum: true }), { proto: 1 }),
      0x0800,
    );
    expect((await decodeOne(frame, ['icmp.checksum.status']))['icmp.checksum.status']).toBe('0');
  });

  it('decodes the packet a time-exceeded error quotes, after the outer one', async () => {
    const original = ipv4(
      udp(new Uint8Array(64), { sport: 33434, dport: 33435, src: '10.0.0.1', dst: '203.0.113.9' }),
      { proto: 17, src: '10.0.0.1', dst: '203.0.113.9', ttl: 1 },
    );
    const quoted = original.subarray(0, 28);
    const frame = ethernet(
      ipv4(icmp(11, 0, new Uint8Array(4), quoted), { proto: 1, src: '192.0.2.254', dst: '10.0.0.1' }),
      0x0800,
    );
    const f = await decodeOne(frame, [
      'ip.src',
      'ip.len',
      'ip.ttl',
      'ip.checksum.status',
      'icmp.type',
      'icmp.checksum.status',
      'udp.srcport',
      'udp.length',
      'udp.checksum.status',
    ]);
    expect(f).toEqual({
      'ip.src': '192.0.2.254,10.0.0.1',
      'ip.len': '56,92',
      'ip.ttl': '64,1',
      'ip.checksum.status': '1,1',
      'icmp.type': '11',
      'icmp.checksum.status': '1',
      'udp.srcport': '33434',
      'udp.length': '72',
      'udp.checksum.status': '2',
    });
  });
});

describe('ICMPv6', () => {
  it('decodes an echo request and verifies its pseudo-header checksum', async () => {
    const good = ethernet(
      ipv6(icmp(128, 0, concat([be16(0xabcd), be16(9)]), new Uint8Array(11), { v6: true }), { next: 58 }),
      0x86dd,
    );
    const bad = ethernet(
      ipv6(icmp(128, 0, concat([be16(0xabcd), be16(9)]), new Uint8Array(11), { v6: true, badChecksum: true }), {
        next: 58,
      }),
      0x86dd,
    );
    expect(
      await decode(
        [good, bad],
        [
          'icmpv6.type',
          'icmpv6.code',
          'icmpv6.checksum.status',
          'icmpv6.echo.identifier',
          'icmpv6.echo.sequence_number',
        ],
      ),
    ).toEqual([
      ['128', '0', '1', '0xabcd', '9'],
      ['128', '0', '0', '0xabcd', '9'],
    ]);
  });

  it('decodes the packet a destination-unreachable error quotes', async () => {
    const original = ipv6(
      udp(new Uint8Array(8), { sport: 7, dport: 9, v6: true, src: '2001:db8::2', dst: '2001:db8::1' }),
      { next: 17, src: '2001:db8::2', dst: '2001:db8::1' },
    );
    const frame = ethernet(ipv6(icmp(1, 4, new Uint8Array(4), original, { v6: true }), { next: 58 }), 0x86dd);
    expect(
      await decodeOne(frame, ['ipv6.src', 'icmpv6.type', 'icmpv6.code', 'icmpv6.checksum.status', 'udp.dstport']),
    ).toEqual({
      'ipv6.src': '2001:db8::1,2001:db8::2',
      'icmpv6.type': '1',
      'icmpv6.code': '4',
      'icmpv6.checksum.status': '1',
      'udp.dstport': '9',
    });
  });
});
