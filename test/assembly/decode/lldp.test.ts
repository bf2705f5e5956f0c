import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

const tlv = (type: number, value: number[]) => [(type << 1) | (value.length >> 8), value.length & 255, ...value];

describe('LLDP', () => {
  // A switch port's LLDPDU with the optional TLVs, IEEE 802.1 and 802.3 organisation TLVs, a shutdown LLDPDU, a
  // TTL TLV too short for its value and a TLV cut in its header (both malformed), as tshark shows them.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/lldp.pcap')).toEqual([]);
  });

  it('never reads a TLV past the LLDPDU: a longer system name ends it malformed (contained item)', async () => {
    const body = [...tlv(1, [4, 0, 0x1b, 0x21, 0x3a, 0x4c, 1]), ...tlv(2, [7, 0x70]), ...tlv(3, [0, 120])];
    const frame = ethernet(Uint8Array.of(...body, 0x0a, 0x40, 0x61, 0x62), 0x88cc);
    const names = ['lldp.tlv.type', 'lldp.tlv.system.name', 'lldp.port.id', '_ws.col.Info'];
    const [row] = await decode([frame], names);
    const malformed = '[Malformed Packet: length of contained item exceeds length of containing item]';
    expect(row).toEqual(['1,2,3', '', 'p', `MA/00:1b:21:3a:4c:01 LA/p 120 ${malformed}`]);
  });
});
