import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('S7comm over TPKT/COTP', () => {
  // apps/s7comm.pcap: s7comm.py's client and PLC on 127.0.0.1:102: COTP connection request and confirm
  // with TSAPs, then setup communication, a read of two DB items (one missing), a write, and their ack_data.
  it('matches tshark on COTP connection, setup communication, read and write var', async () => {
    expect(await goldenMismatches('apps/s7comm.pcap')).toEqual([]);
  });

  it('marks a read var job whose item runs past its parameter as malformed', async () => {
    // TPKT, COTP DT, then an S7 job announcing one S7ANY item but carrying only four of its twelve bytes.
    const s7 = Uint8Array.of(0x32, 1, 0, 0, 0, 1, 0, 6, 0, 0, 4, 1, 0x12, 10, 0x10, 2);
    const packet = Uint8Array.of(3, 0, 0, 4 + 3 + s7.length, 2, 0xf0, 0x80, ...s7);
    const rows = await fieldRows([tcpFrame(packet, 40000, 102, 1)], ['_ws.col.Info', 's7comm.param.itemcount']);
    expect(rows[0]).toEqual(['ROSCTR:[Job     ] Function:[Read Var][Malformed Packet]', '1']);
  });
});
