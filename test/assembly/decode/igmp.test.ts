import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4 } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('IGMP', () => {
  // v1 report, v2 general query, report and leave, v3 group-and-source query and a report of two records, each
  // with the Router Alert option, as tshark shows them (version, Info, checksum verified).
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/igmp.pcap')).toEqual([]);
  });

  it('marks a v3 report whose records run past the message malformed', async () => {
    const report = Uint8Array.of(0x22, 0, 0xdd, 0xfd, 0, 0, 0, 1, 4, 0, 0, 1);
    const frame = ethernet(ipv4(report, { proto: 2 }), 0x0800);
    const [row] = await decode([frame], ['igmp.version', 'igmp.num_grp_recs', 'igmp.record_type', '_ws.col.Protocol']);
    expect(row).toEqual(['3', '1', '', 'IGMPv3']);
  });
});
