import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { be16, be32, ethernet, icmp, ipv4, ipv6 } from '../../support/packet-builder';
import { concat } from '../../support/pcap-builder';

const FIELDS = [
  'ip.frag_offset',
  'ip.flags.mf',
  'icmp.type',
  'icmp.seq',
  'icmp.checksum.status',
  'ip.fragment',
  'ip.fragment.count',
  'ip.reassembled.length',
];
const echo = icmp(
  8,
  0,
  concat([be16(1), be16(77)]),
  new Uint8Array(3000).map((_, i) => i),
);

/** The echo request cut at the given byte offsets (multiples of 8), one IPv4 fragment per piece. */
function fragments4(cuts: number[], o: { id?: number; badChecksumAt?: number } = {}): Uint8Array[] {
  const bounds = [0, ...cuts, echo.length];
  return bounds.slice(0, -1).map((start, i) =>
    ethernet(
      ipv4(echo.subarray(start, bounds[i + 1]), {
        proto: 1,
        id: o.id ?? 7,
        fragmentOffset: start,
        mf: i < bounds.length - 2,
        badChecksum: o.badChecksumAt === i,
      }),
      0x0800,
    ),
  );
}

describe('IPv4 reassembly', () => {
  it('decodes the datagram in the frame that completes it, fragments in offset order', async () => {
    const [a, b, c] = fragments4([1480, 2960]);
    expect(await decode([c, a, b], FIELDS)).toEqual([
      ['370', '0', '', '', '', '', '', ''],
      ['0', '1', '', '', '', '', '', ''],
      ['185', '1', '8', '77', '1', '2,3,1', '3', '3008'],
    ]);
  });

  it('keeps datagrams of different identifications apart', async () => {
    const [a1, b1] = fragments4([1480], { id: 1 });
    const [a2, b2] = fragments4([1480], { id: 2 });
    const rows = await decode([a1, a2, b2, b1], ['icmp.type', 'ip.fragment']);
    expect(rows).toEqual([
      ['', ''],
      ['', ''],
      ['8', '2,3'],
      ['8', '1,4'],
    ]);
  });

  it('does not reassemble fragments with a bad header checksum; a first fragment shows its payload unverified', async () => {
    const [a, b] = fragments4([1480], { badChecksumAt: 0 });
    const rows = await decode([a, b], ['ip.checksum.status', 'icmp.type', 'icmp.checksum.status', 'ip.fragment.count']);
    expect(rows).toEqual([
      ['0', '8', '2', ''],
      ['1', '', '', ''],
    ]);
  });

  it('stays bounded: many unfinished datagrams do not stop a later one from completing', async () => {
    const noise = Array.from({ length: 300 }, (_, i) => fragments4([1480], { id: 1000 + i })[0]);
    const [a, b] = fragments4([1480], { id: 5 });
    const rows = await decode([...noise, a, b], ['icmp.type']);
    expect(rows.at(-1)).toEqual(['8']);
    expect(rows.slice(0, -1).every((r) => r[0] === '')).toBe(true);
  });
});

describe('IPv6 reassembly', () => {
  const echo6 = icmp(128, 0, concat([be16(1), be16(5)]), new Uint8Array(2000).fill(9), { v6: true });
  const fragment = (start: number, end: number, more: boolean) =>
    ethernet(
      ipv6(concat([Uint8Array.of(58, 0), be16(start | (more ? 1 : 0)), be32(0xcafe), echo6.subarray(start, end)]), {
        next: 44,
      }),
      0x86dd,
    );

  it('reassembles fragment headers and decodes ICMPv6 with its checksum in the last frame', async () => {
    const rows = await decode(
      [fragment(0, 1232, true), fragment(1232, echo6.length, false)],
      [
        'ipv6.nxt',
        'ipv6.fraghdr.offset',
        'ipv6.fraghdr.more',
        'ipv6.fraghdr.ident',
        'icmpv6.type',
        'icmpv6.checksum.status',
        'ipv6.fragment',
        'ipv6.reassembled.length',
      ],
    );
    expect(rows).toEqual([
      ['44', '0', '1', '0x0000cafe', '', '', '', ''],
      ['44', '154', '0', '0x0000cafe', '128', '1', '1,2', '2008'],
    ]);
  });
});
