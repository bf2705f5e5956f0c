import { describe, expect, it } from 'vitest';
import { decode, decodeOne } from '../../support/decode';
import { ethernet, ipv4, tcp, udp } from '../../support/packet-builder';

const IP = [
  'ip.version',
  'ip.hdr_len',
  'ip.len',
  'ip.id',
  'ip.flags',
  'ip.flags.df',
  'ip.flags.mf',
  'ip.frag_offset',
  'ip.ttl',
  'ip.proto',
  'ip.checksum.status',
  'ip.src',
  'ip.dst',
];

describe('IPv4', () => {
  it('decodes the fixed header', async () => {
    const frame = ethernet(
      ipv4(udp(new Uint8Array(4), { sport: 1, dport: 2 }), { proto: 17, id: 0xbeef, ttl: 3, df: true }),
      0x0800,
    );
    expect(await decodeOne(frame, IP)).toEqual({
      'ip.version': '4',
      'ip.hdr_len': '20',
      'ip.len': '32',
      'ip.id': '0xbeef',
      'ip.flags': '0x02',
      'ip.flags.df': '1',
      'ip.flags.mf': '0',
      'ip.frag_offset': '0',
      'ip.ttl': '3',
      'ip.proto': '17',
      'ip.checksum.status': '1',
      'ip.src': '192.0.2.1',
      'ip.dst': '198.51.100.2',
    });
  });

  it('reports a bad header checksum', async () => {
    const frame = ethernet(ipv4(new Uint8Array(8), { proto: 253, badChecksum: true }), 0x0800);
    expect((await decodeOne(frame, ['ip.checksum.status']))['ip.checksum.status']).toBe('0');
  });

  it('walks the options: NOP, router alert, EOL', async () => {
    const options = Uint8Array.of(1, 0x94, 4, 0, 0, 0, 0, 0);
    const f = await decodeOne(ethernet(ipv4(new Uint8Array(0), { proto: 2, options }), 0x0800), [
      'ip.hdr_len',
      'ip.opt.type',
      'ip.opt.len',
      'ip.checksum.status',
    ]);
    expect(f).toEqual({ 'ip.hdr_len': '28', 'ip.opt.type': '1,148,0', 'ip.opt.len': '4', 'ip.checksum.status': '1' });
  });

  it('takes a zero total length on a large frame as segmentation offload', async () => {
    const segment = tcp(new Uint8Array(1400).fill(7), { sport: 80, dport: 40000, flags: 0x010 });
    const frame = ethernet(ipv4(segment, { proto: 6, totalLength: 0 }), 0x0800);
    const f = await decodeOne(frame, ['ip.len', 'ip.checksum.status', 'tcp.len', 'tcp.checksum.status']);
    expect(f).toEqual({ 'ip.len': '1440', 'ip.checksum.status': '1', 'tcp.len': '1400', 'tcp.checksum.status': '1' });
  });

  it('stops at the total length: Ethernet padding is no part of the datagram', async () => {
    const frame = ethernet(ipv4(udp(new Uint8Array(2), { sport: 1, dport: 2 }), { proto: 17 }), 0x0800);
    const padded = new Uint8Array(60);
    padded.set(frame);
    padded.fill(0xff, frame.length);
    expect(await decodeOne(padded, ['ip.len', 'udp.length', 'udp.checksum.status'])).toEqual({
      'ip.len': '30',
      'udp.length': '10',
      'udp.checksum.status': '1',
    });
  });

  it('decodes what a snaplen left of the header and cannot verify the rest', async () => {
    const frame = ethernet(ipv4(tcp(new Uint8Array(100), { sport: 1, dport: 2 }), { proto: 6 }), 0x0800);
    const [row] = await decode(
      [{ data: frame.subarray(0, 14 + 20 + 20), origLen: frame.length }],
      ['ip.len', 'ip.checksum.status', 'tcp.srcport', 'tcp.checksum.status'],
    );
    expect(row).toEqual(['140', '1', '1', '2']);
  });

  it('shows only the version and header length of a header claiming under 20 bytes', async () => {
    const bytes = ipv4(new Uint8Array(8), { proto: 17 });
    bytes[0] = 0x44;
    expect(await decodeOne(ethernet(bytes, 0x0800), ['ip.version', 'ip.hdr_len', 'ip.src'])).toEqual({
      'ip.version': '4',
      'ip.hdr_len': '16',
      'ip.src': '',
    });
  });
});
