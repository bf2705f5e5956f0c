import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('BGP dissector', () => {
  // apps/bgp.pcap: bgp.py's two speakers on 127.0.0.1:179: OPENs with capabilities, KEEPALIVEs, an UPDATE with the
  // common path attributes and two prefixes, a withdrawal, a ROUTE-REFRESH and a NOTIFICATION (Cease).
  it('matches tshark on a session', async () => {
    expect(await goldenMismatches('apps/bgp.pcap')).toEqual([]);
  });

  it('marks an UPDATE whose attributes run past the message malformed', async () => {
    const message = new Uint8Array(19 + 6);
    message.fill(0xff, 0, 16);
    message.set([0, 25, 2, 0, 0, 0, 9, 0x40, 1], 16);
    const [row] = await fieldRows([tcpFrame(message, 40000, 179, 1)], ['bgp.type', '_ws.col.Info']);
    expect(row).toEqual(['2', 'UPDATE Message[Malformed Packet]']);
  });
});
