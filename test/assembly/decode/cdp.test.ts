import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('CDP', () => {
  // A CDPv2 announcement with the common TLVs (device and port ID, addresses, capabilities, software version,
  // platform, VTP domain, native VLAN, duplex, management address), checksum verified, then one whose device ID
  // TLV runs past the PDU (and whose checksum is wrong), as tshark shows them.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/cdp.pcap')).toEqual([]);
  });
});
