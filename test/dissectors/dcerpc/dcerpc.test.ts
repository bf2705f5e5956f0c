import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('DCE/RPC dissector', () => {
  // apps/dcerpc.pcap: dcerpc.py's PDUs over two loopback TCP connections: the endpoint mapper on port 135 (three
  // presentation contexts, one a bind-time feature negotiation), then SAMR and LSARPC on port 49668 with their Close
  // calls, an alter_context for SVCCTL and a fault.
  it('matches tshark on binds, calls and a fault', async () => {
    // tshark's SVCCTL dissector adds ", (null)" for the handle it cannot name; Loupe does not decode NDR stubs.
    expect(await goldenMismatches('apps/dcerpc.pcap', { 30: 'CloseServiceHandle request' })).toEqual([]);
  });

  it('reads a big-endian PDU', async () => {
    const pdu = new Uint8Array([5, 0, 0, 3, 0, 0, 0, 0, 0, 24, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 9]);
    const [row] = await fieldRows(
      [tcpFrame(pdu, 50000, 49700, 1)],
      ['dcerpc.cn_call_id', 'dcerpc.opnum', '_ws.col.Info'],
    );
    expect(row).toEqual(['7', '9', 'Request: call_id: 7, Fragment: Single, opnum: 9, Ctx: 0']);
  });
});
