import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4, udp } from '../../support/packet-builder';
import { goldenMismatches } from '../../dissectors/support/frames';

describe('GTP-U', () => {
  // UDP 2152 G-PDUs carrying the inner IPv4 and IPv6 traffic (a sequence number, a PDU session container), numbered
  // as tshark numbers them and named "GTP <TCP>"; then echo, Error Indication and End Marker (the GTP dissector's).
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/gtpu.pcap')).toEqual([]);
  });

  it('leaves a G-PDU cut short malformed, with the outer UDP intact', async () => {
    const gpdu = Uint8Array.of(0x34, 0xff, 0, 8, 0, 0, 0x10, 0, 0, 0, 0, 0x85, 2, 0);
    const frame = ethernet(ipv4(udp(gpdu, { sport: 2152, dport: 2152 }), { proto: 17 }), 0x0800);
    const [row] = await decode([frame], ['udp.dstport', 'gtp.teid', 'gtp.ext_hdr.length', 'ip.src']);
    expect(row).toEqual(['2152', '0x00001000', '', '192.0.2.1']);
  });
});
