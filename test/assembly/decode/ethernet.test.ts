import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('Ethernet tags', () => {
  // An 802.1ad service tag over an 802.1Q tag, and two stacked 802.1Q tags.
  it('matches tshark field for field on stacked VLANs', async () => {
    expect(await goldenMismatches('encap/qinq.pcap')).toEqual([]);
  });
});
