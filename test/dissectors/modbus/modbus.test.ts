import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('Modbus/TCP', () => {
  // app-protocols/modbus.pcap: modbus.py's client and server on 127.0.0.1:502: reads of coils, discrete inputs,
  // holding and input registers, single and multiple writes, an illegal data address and an illegal function.
  it('matches tshark on queries, responses and exceptions', async () => {
    expect(await goldenMismatches('app-protocols/modbus.pcap')).toEqual([]);
  });
});
