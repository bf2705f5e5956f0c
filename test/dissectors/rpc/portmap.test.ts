import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, udpFrame } from '../support/frames';

describe('ONC RPC and portmap/rpcbind', () => {
  // apps/portmap.pcap (portmap-run.sh): rpcinfo against rpcbind on 127.0.0.1:111 over TCP (record
  // marking) and UDP: v2 and v3 DUMP, v4 GETADDR (one for a program not registered), NULL calls of v2 to v4.
  it('matches tshark on portmap v2 to v4 calls and replies', async () => {
    expect(await goldenMismatches('apps/portmap.pcap')).toEqual([]);
  });

  it('marks a GETPORT call cut short as malformed and leaves an unknown message type undecoded', async () => {
    const header = [0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0x86, 0xa0, 0, 0, 0, 2, 0, 0, 0, 3];
    const auth = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const call = Uint8Array.of(...header, ...auth, 0, 1, 0x86, 0xa3);
    const odd = Uint8Array.of(0, 0, 0, 10, 0, 0, 0, 7);
    const rows = await fieldRows([udpFrame(call, 800, 111), udpFrame(odd, 800, 111)], ['_ws.col.Info', 'rpc.msgtyp']);
    expect(rows).toEqual([
      ['V2 GETPORT Call[Malformed Packet]', '0'],
      ['800 → 111 Len=8', '7'],
    ]);
  });
});
