import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, udpFrame } from '../support/frames';

describe('NetFlow/IPFIX dissector', () => {
  // apps/netflow.pcap: netflow.py's export packets on loopback: NetFlow v5, a v9 template then data using it and
  // data for a template never sent, an IPFIX template then data with an unexpected sequence number.
  it('matches tshark on v5, v9 and IPFIX with templates', async () => {
    expect(await goldenMismatches('apps/netflow.pcap')).toEqual([]);
  });

  it('lists only the v5 records a short packet holds, as tshark does', async () => {
    const packet = new Uint8Array(24 + 20);
    packet.set([0, 5, 0, 1]);
    const [row] = await fieldRows([udpFrame(packet, 40000, 2055)], ['cflow.count', '_ws.col.Info']);
    expect(row).toEqual(['1', 'total: 1 (v5) flow']);
  });
});
