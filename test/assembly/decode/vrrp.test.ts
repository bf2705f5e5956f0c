import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4 } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('VRRP', () => {
  // VRRPv2 (checksum over the message) and VRRPv3 (with the IPv4 pseudo-header) advertisements.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/vrrp.pcap')).toEqual([]);
  });

  it('flags a bad checksum and keeps the addresses it has', async () => {
    const v2 = Uint8Array.of(0x21, 10, 100, 1, 0, 1, 0, 0, 192, 0, 2, 254, 0, 0, 0, 0, 0, 0, 0, 0);
    const frame = ethernet(ipv4(v2, { proto: 112 }), 0x0800);
    const [row] = await decode([frame], ['vrrp.checksum.status', 'vrrp.ip_addr', '_ws.col.Info']);
    expect(row).toEqual(['0', '192.0.2.254', 'Announcement (v2)']);
  });
});
