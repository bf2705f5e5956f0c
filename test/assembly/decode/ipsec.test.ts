import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4 } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('IPsec', () => {
  // ESP (opaque) and AH in front of TCP, UDP and ICMP: the inner conversations as tshark numbers them.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/ipsec.pcap')).toEqual([]);
  });

  it('stops at an AH header longer than the packet', async () => {
    const ah = Uint8Array.of(6, 10, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9);
    const [row] = await decode(
      [ethernet(ipv4(ah, { proto: 51 }), 0x0800)],
      ['ah.spi', 'ah.sequence', 'ah.icv', 'tcp.srcport', '_ws.col.Protocol'],
    );
    expect(row).toEqual(['0x00000001', '9', '', '', 'IPv4']);
  });
});
