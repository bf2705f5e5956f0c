import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('S7comm over TPKT/COTP', () => {
  // app-protocols/s7comm.pcap: s7comm.py's client and PLC on 127.0.0.1:102: COTP connection request and confirm
  // with TSAPs, then setup communication, a read of two DB items (one missing), a write, and their ack_data.
  it('matches tshark on COTP connection, setup communication, read and write var', async () => {
    expect(await goldenMismatches('app-protocols/s7comm.pcap')).toEqual([]);
  });
});
