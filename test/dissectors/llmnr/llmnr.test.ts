import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('LLMNR', () => {
  // Queries with and without the tentative bit, a response with an answer, one with the conflict bit and an error.
  it('matches tshark field for field on a loopback capture', async () => {
    expect(await goldenMismatches('names/llmnr.pcap')).toEqual([]);
  });
});
