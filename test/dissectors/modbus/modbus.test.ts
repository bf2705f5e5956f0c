import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('Modbus/TCP', () => {
  // apps/modbus.pcap: modbus.py's client and server on 127.0.0.1:502: reads of coils, discrete inputs,
  // holding and input registers, single and multiple writes, an illegal data address and an illegal function.
  it('matches tshark on queries, responses and exceptions', async () => {
    expect(await goldenMismatches('apps/modbus.pcap')).toEqual([]);
  });

  it('marks a response whose byte count runs past its PDU as malformed', async () => {
    // Read Holding Registers answered with a byte count of 8 but only two bytes of values.
    const query = Uint8Array.of(0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 4);
    const response = Uint8Array.of(0, 1, 0, 0, 0, 5, 1, 3, 8, 0, 7);
    const rows = await fieldRows(
      [tcpFrame(query, 40000, 502, 1), tcpFrame(response, 502, 40000, 1)],
      ['_ws.col.Info', 'modbus.byte_cnt'],
    );
    expect(rows[1]).toEqual([
      'Response: Trans:     1; Unit:   1, Func:   3: Read Holding Registers[Malformed Packet]',
      '8',
    ]);
  });
});
