import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { goldenMismatches } from '../../dissectors/support/frames';

/** An IEEE 802.3 frame to the bridge group address carrying `bpdu` after LLC's SAP 0x42 UI header. */
function bpduFrame(bpdu: Uint8Array): Uint8Array {
  const llc = Uint8Array.of(0x42, 0x42, 0x03, ...bpdu);
  const header = Uint8Array.of(1, 0x80, 0xc2, 0, 0, 0, 0, 0x1b, 0x21, 0x3a, 0x4c, 1, llc.length >> 8, llc.length & 255);
  return Uint8Array.of(...header, ...llc);
}

describe('STP', () => {
  // 802.1D configuration and TCN BPDUs, an RSTP BPDU, an MSTP BPDU with one MSTI, and a configuration BPDU cut
  // short, as tshark shows them.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/stp.pcap')).toEqual([]);
  });

  it('shows an RST BPDU whose version 1 length is missing, then marks it malformed', async () => {
    const rst = new Uint8Array(35);
    rst.set([0, 0, 2, 2, 0x3c]);
    const [row] = await decode([bpduFrame(rst)], ['stp.type', 'stp.root.hw', '_ws.col.Protocol', '_ws.col.Info']);
    const info = 'RST. Root = 0/0/00:00:00:00:00:00  Cost = 0  Port = 0x0000[Malformed Packet]';
    expect(row).toEqual(['0x02', '00:00:00:00:00:00', 'STP', info]);
  });

  it('stops at an MSTI message cut short and keeps the MST extension before it', async () => {
    const mst = new Uint8Array(102 + 8);
    mst.set([0, 0, 3, 2, 0x7c]);
    mst.set([0, 80], 36);
    const names = ['mstp.cist_remaining_hops', 'mstp.msti.flags', 'stp.flags', '_ws.col.Info'];
    const [row] = await decode([bpduFrame(mst)], names);
    expect(row).toEqual([
      '0',
      '',
      '0x7c',
      'MST. Root = 0/0/00:00:00:00:00:00  Cost = 0  Port = 0x0000[Malformed Packet]',
    ]);
  });
});
