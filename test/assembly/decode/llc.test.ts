import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { concat } from '../../support/pcap-builder';
import { macBytes } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

const ieee8023 = (llc: number[]) =>
  concat([
    macBytes('02:00:00:00:00:0b'),
    macBytes('02:00:00:00:00:0a'),
    Uint8Array.of(0, llc.length),
    Uint8Array.from(llc),
  ]);

describe('LLC', () => {
  // IEEE 802.3 frames with SNAP carrying IPv4 (RFC 1042), and SNAP with a private OUI.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/llc.pcap')).toEqual([]);
  });

  it('decodes an I frame two-byte control and a SNAP header cut short', async () => {
    const rows = await decode(
      [ieee8023([0x42, 0x42, 0x00, 0x01]), ieee8023([0xaa, 0xaa, 0x03, 0x00])],
      ['llc.dsap', 'llc.control', 'llc.oui', 'frame.protocols'],
    );
    expect(rows).toEqual([
      ['0x42', '0x0100', '', 'eth:llc'],
      ['0xaa', '0x0003', '', 'eth:llc'],
    ]);
  });
});
