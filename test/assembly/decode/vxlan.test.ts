import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4, udp } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('VXLAN', () => {
  // UDP 4789 carrying Ethernet: the inner TCP connection, UDP datagram and ICMP echo, numbered as tshark does.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/vxlan.pcap')).toEqual([]);
  });

  it('leaves a header cut short malformed, with the outer UDP intact', async () => {
    const frame = ethernet(ipv4(udp(Uint8Array.of(8, 0, 0, 0), { sport: 50000, dport: 4789 }), { proto: 17 }), 0x0800);
    const [row] = await decode([frame], ['udp.dstport', 'vxlan.vni', 'eth.src']);
    expect(row).toEqual(['4789', '', '00:00:5e:00:53:02']);
  });
});
