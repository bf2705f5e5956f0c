import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('mDNS', () => {
  // Questions with the unicast-response bit, answers with cache flush, SRV/TXT/PTR/A/AAAA, compression, truncation.
  it('matches tshark field for field on a loopback capture', async () => {
    expect(await goldenMismatches('names/mdns.pcap')).toEqual([]);
  });
});
