import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('TPKT, COTP and RDP negotiation', () => {
  // dissectors/rdp.pcap: rdp.py's client and server on 127.0.0.1:3389: X.224 Connection Requests (with and without
  // a routing cookie) asking for TLS and CredSSP, a Connection Confirm choosing TLS, one refusing.
  it('matches tshark on connection requests and confirms', async () => {
    expect(await goldenMismatches('dissectors/rdp.pcap')).toEqual([]);
  });
});
