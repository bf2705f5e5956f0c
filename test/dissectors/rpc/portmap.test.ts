import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('ONC RPC and portmap/rpcbind', () => {
  // app-protocols/portmap.pcap (portmap-run.sh): rpcinfo against rpcbind on 127.0.0.1:111 over TCP (record
  // marking) and UDP: v2 and v3 DUMP, v4 GETADDR (one for a program not registered), NULL calls of v2 to v4.
  it('matches tshark on portmap v2 to v4 calls and replies', async () => {
    expect(await goldenMismatches('app-protocols/portmap.pcap')).toEqual([]);
  });
});
