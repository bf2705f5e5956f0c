import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('NetBIOS datagram service with SMB mailslots and the browser protocol', () => {
  // Host, local master and domain announcements, request announcement, election, backup list request/response,
  // become backup, reset, master announcement, a non-browser mailslot, an error datagram, a query, a cut datagram.
  it('matches tshark field for field on a loopback capture', async () => {
    expect(await goldenMismatches('names/nbds.pcap')).toEqual([]);
  });
});
