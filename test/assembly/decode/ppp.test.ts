import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('PPP', () => {
  // Link type 9: address 0xff, control 0x03, then IPv4 and IPv6.
  it('matches tshark field for field in HDLC-like framing', async () => {
    expect(await goldenMismatches('encap/ppp.pcap')).toEqual([]);
  });

  it('reads a compressed protocol field and leaves the link control protocols undecoded', async () => {
    const rows = await decode(
      [Uint8Array.of(0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4), Uint8Array.of(0x21, 0x45)],
      ['ppp.address', 'ppp.protocol', 'frame.protocols'],
      9,
    );
    expect(rows).toEqual([
      ['0xff', '0xc021', 'ppp'],
      ['', '0x0021', 'ppp'],
    ]);
  });
});

describe('Cisco HDLC', () => {
  // Link type 104: address, control and an EtherType, then IPv4 and IPv6.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/chdlc.pcap')).toEqual([]);
  });
});
