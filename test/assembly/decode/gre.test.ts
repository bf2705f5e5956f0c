import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4 } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

const overGre = (gre: number[]) => ethernet(ipv4(Uint8Array.from(gre), { proto: 47 }), 0x0800);

describe('GRE', () => {
  // IPv4 with a key and sequence numbers (one with a checksum), IPv6, Ethernet bridging, ERSPAN types I, II and III:
  // every header's fields, the inner conversations and TCP analysis as tshark gives them.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('encap/gre.pcap')).toEqual([]);
  });

  it('flags a bad checksum and stops at a header cut short', async () => {
    // Checksum bit set, checksum 0x1234 over a header with no payload: the right sum would be 0x4ffe ^ ... not it.
    const rows = await decode(
      [overGre([0x80, 0, 0x08, 0x00, 0x12, 0x34, 0, 0]), overGre([0x30, 0, 0x08, 0x00, 0, 0, 0])],
      ['gre.checksum', 'gre.checksum.status', 'gre.proto', 'gre.key', 'ip.src', '_ws.col.Protocol'],
    );
    expect(rows[0]).toEqual(['0x1234', '0', '0x0800', '', '192.0.2.1', 'IPv4']);
    expect(rows[1]).toEqual(['', '', '0x0800', '', '192.0.2.1', 'IPv4']);
  });
});
