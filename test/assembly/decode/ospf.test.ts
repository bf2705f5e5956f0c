import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('OSPF', () => {
  // OSPFv2: hello, database descriptions (empty and with LSA headers), LS request, LS update with router, network,
  // summary and AS-external LSAs, LS acknowledgement, then a hello whose header claims more than the packet holds.
  it('matches tshark field for field (OSPFv2)', async () => {
    expect(await goldenMismatches('linklayers/ospf.pcap')).toEqual([]);
  });

  // OSPFv3 over IPv6: hello, database descriptions, LS request, LS update with a router and a link LSA, LS ack.
  it('matches tshark field for field (OSPFv3)', async () => {
    expect(await goldenMismatches('linklayers/ospfv3.pcap')).toEqual([]);
  });
});
