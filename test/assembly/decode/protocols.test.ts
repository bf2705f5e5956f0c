import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('IP in IP', () => {
  // IPv4 in IPv4, IPv6 in IPv4 (6in4) and IPv4 in IPv6 (4in6): every header listed, outer first.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/ipip.pcap')).toEqual([]);
  });
});
