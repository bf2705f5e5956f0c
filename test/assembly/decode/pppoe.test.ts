import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('PPPoE', () => {
  // Discovery (PADI, PADO with Service-Name and Host-Uniq tags), then a session carrying PPP with IPv4 and IPv6.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/pppoe.pcap')).toEqual([]);
  });

  it('stops at a tag longer than the payload', async () => {
    const padi = Uint8Array.of(0x11, 0x09, 0, 0, 0, 8, 0x01, 0x02, 0, 9, 0x41, 0x43, 0x2d, 0x31);
    const [row] = await decode(
      [ethernet(padi, 0x8863)],
      ['pppoe.code', 'pppoe.payload_length', 'pppoed.tags.ac_name', '_ws.col.Protocol', '_ws.col.Info'],
    );
    expect(row).toEqual(['0x09', '8', '', 'PPPoED', 'Active Discovery Initiation (PADI)']);
  });
});
