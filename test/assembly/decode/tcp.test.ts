import { describe, expect, it } from 'vitest';
import { decode, decodeOne } from '../../support/decode';
import { ethernet, ipv4, ipv6, tcp } from '../../support/packet-builder';

const over4 = (segment: Uint8Array) => ethernet(ipv4(segment, { proto: 6 }), 0x0800);
const OPTS = [
  'tcp.hdr_len',
  'tcp.option_kind',
  'tcp.options.mss_val',
  'tcp.options.wscale.shift',
  'tcp.options.wscale.multiplier',
  'tcp.options.sack_perm',
  'tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr',
  'tcp.options.nop',
  'tcp.checksum.status',
];

describe('TCP', () => {
  it('decodes ports, numbers, flags and window', async () => {
    const f = await decodeOne(
      over4(tcp(new Uint8Array(10), { sport: 443, dport: 51000, seq: 0xdeadbeef, ack: 7, flags: 0x018, window: 512 })),
      [
        'tcp.srcport',
        'tcp.dstport',
        'tcp.port',
        'tcp.seq_raw',
        'tcp.ack_raw',
        'tcp.hdr_len',
        'tcp.flags',
        'tcp.flags.push',
        'tcp.flags.ack',
        'tcp.flags.syn',
        'tcp.window_size_value',
        'tcp.len',
        'tcp.checksum.status',
      ],
    );
    expect(f).toEqual({
      'tcp.srcport': '443',
      'tcp.dstport': '51000',
      'tcp.port': '443,51000',
      'tcp.seq_raw': '3735928559',
      'tcp.ack_raw': '7',
      'tcp.hdr_len': '20',
      'tcp.flags': '0x0018',
      'tcp.flags.push': '1',
      'tcp.flags.ack': '1',
      'tcp.flags.syn': '0',
      'tcp.window_size_value': '512',
      'tcp.len': '10',
      'tcp.checksum.status': '1',
    });
  });

  it('decodes SYN options: MSS, NOP, window scale, SACK permitted, timestamps, EOL', async () => {
    const options = Uint8Array.of(2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 5, 0, 0, 0, 9, 1, 1, 1, 0);
    expect(await decodeOne(over4(tcp(new Uint8Array(0), { sport: 1, dport: 2, options })), OPTS)).toEqual({
      'tcp.hdr_len': '44',
      'tcp.option_kind': '2,1,3,4,8,1,1,1,0',
      'tcp.options.mss_val': '1460',
      'tcp.options.wscale.shift': '7',
      'tcp.options.wscale.multiplier': '128',
      'tcp.options.sack_perm': '0402',
      'tcp.options.timestamp.tsval': '5',
      'tcp.options.timestamp.tsecr': '9',
      'tcp.options.nop': '01,01,01,01',
      'tcp.checksum.status': '1',
    });
  });

  it('stops at an option whose length runs past the header', async () => {
    const options = Uint8Array.of(2, 4, 0x05, 0xb4, 8, 12, 0, 0);
    const f = await decodeOne(over4(tcp(new Uint8Array(0), { sport: 1, dport: 2, options })), [
      'tcp.options.mss_val',
      'tcp.options.timestamp.tsval',
    ]);
    expect(f).toEqual({ 'tcp.options.mss_val': '1460', 'tcp.options.timestamp.tsval': '' });
  });

  it('verifies the checksum with the IPv4 and the IPv6 pseudo-header', async () => {
    const payload = new Uint8Array(33).map((_, i) => i * 7);
    const good4 = over4(tcp(payload, { sport: 1, dport: 2 }));
    const bad4 = over4(tcp(payload, { sport: 1, dport: 2, badChecksum: true }));
    const good6 = ethernet(ipv6(tcp(payload, { sport: 1, dport: 2, v6: true }), { next: 6 }), 0x86dd);
    const bad6 = ethernet(ipv6(tcp(payload, { sport: 1, dport: 2, v6: true, badChecksum: true }), { next: 6 }), 0x86dd);
    expect(await decode([good4, bad4, good6, bad6], ['tcp.checksum.status'])).toEqual([['1'], ['0'], ['1'], ['0']]);
  });

  it('leaves the checksum unverified when the segment was cut by the snaplen', async () => {
    const frame = over4(tcp(new Uint8Array(200), { sport: 1, dport: 2 }));
    const [row] = await decode(
      [{ data: frame.subarray(0, 80), origLen: frame.length }],
      ['tcp.len', 'tcp.checksum.status'],
    );
    expect(row).toEqual(['200', '2']);
  });

  it('shows the header length of a header claiming under 20 bytes, and no more', async () => {
    const segment = tcp(new Uint8Array(4), { sport: 1, dport: 2 });
    segment[12] = 0x30;
    const f = await decodeOne(over4(segment), ['tcp.srcport', 'tcp.hdr_len', 'tcp.flags', 'tcp.checksum.status']);
    expect(f).toEqual({ 'tcp.srcport': '1', 'tcp.hdr_len': '12', 'tcp.flags': '', 'tcp.checksum.status': '' });
  });

  it("gives the payload as bytes when all of it was captured, and a reset's data as its cause, up to a NUL", async () => {
    const text = new TextEncoder().encode('RST: no listener\0junk');
    const rows = await decode(
      [
        over4(tcp(Uint8Array.of(0xde, 0xad), { sport: 1, dport: 2, flags: 0x018 })),
        over4(tcp(text, { sport: 2, dport: 1, flags: 0x014 })),
        over4(tcp(new Uint8Array(0), { sport: 1, dport: 2, flags: 0x010 })),
        { data: over4(tcp(new Uint8Array(200), { sport: 1, dport: 2 })).subarray(0, 80), origLen: 254 },
      ],
      ['tcp.payload', 'tcp.reset_cause'],
    );
    expect(rows).toEqual([
      ['dead', ''],
      ['', 'RST: no listener'],
      ['', ''],
      ['', ''],
    ]);
  });
});
