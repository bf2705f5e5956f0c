import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('HSRP', () => {
  // HSRPv1 hello, coup and resign to 224.0.0.2; HSRPv2 to 224.0.0.102 with group state, text authentication and
  // interface state TLVs, then a group state TLV cut short, as tshark shows them.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/hsrp.pcap')).toEqual([]);
  });
});
