import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('MPLS', () => {
  // Label stacks of one and two entries over IPv4 and IPv6 (chosen by the first nibble after the bottom label).
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/mpls.pcap')).toEqual([]);
  });

  it('reads a stack with no bottom of stack as far as it goes', async () => {
    const frame = ethernet(Uint8Array.of(0, 0x01, 0x00, 0x40, 0, 0x02, 0x00), 0x8847);
    const [row] = await decode([frame], ['mpls.label', 'mpls.bottom', 'mpls.ttl', 'frame.protocols']);
    expect(row).toEqual(['16', '0', '64', 'eth:ethertype:mpls']);
  });
});
