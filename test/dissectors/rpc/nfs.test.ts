import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('NFS over ONC RPC', () => {
  // apps/nfs.pcap: nfs.py's NFS client and server on 127.0.0.1:2049 (no NFS server runs in the
  // container): NFSv3 NULL, GETATTR, LOOKUP of a missing and an existing name, ACCESS, READ with AUTH_UNIX
  // credentials; NFSv4.0 NULL and a COMPOUND of PUTROOTFH, LOOKUP, GETFH.
  it('matches tshark on NFSv3 and NFSv4 calls and replies', async () => {
    expect(await goldenMismatches('apps/nfs.pcap')).toEqual([]);
  });
});
