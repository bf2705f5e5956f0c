import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4, udp } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('Geneve', () => {
  // UDP 6081 carrying Ethernet (with an option) and IPv4 (without).
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/geneve.pcap')).toEqual([]);
  });

  it('stops at options longer than the datagram', async () => {
    // Options length 8 words, but only the fixed header is there.
    const header = Uint8Array.of(8, 0, 0x65, 0x58, 0, 0, 1, 0);
    const frame = ethernet(ipv4(udp(header, { sport: 50000, dport: 6081 }), { proto: 17 }), 0x0800);
    const [row] = await decode([frame], ['geneve.vni', 'geneve.option.length', 'geneve.option.class', 'eth.type']);
    expect(row).toEqual(['0x000001', '32', '', '0x0800']);
  });
});
