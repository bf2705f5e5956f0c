import { describe, expect, it } from 'vitest';
import { decodeOne } from '../../support/decode';
import { concat } from '../../support/pcap-builder';
import { be16, ethernet, ipv4Bytes, macBytes } from '../../support/packet-builder';

const FIELDS = [
  'arp.hw.type',
  'arp.proto.type',
  'arp.opcode',
  'arp.src.hw_mac',
  'arp.src.proto_ipv4',
  'arp.dst.hw_mac',
  'arp.dst.proto_ipv4',
];

describe('ARP', () => {
  it('decodes an Ethernet/IPv4 request', async () => {
    const arp = concat([
      be16(1),
      be16(0x0800),
      Uint8Array.of(6, 4),
      be16(1),
      macBytes('00:11:22:33:44:55'),
      ipv4Bytes('10.0.0.1'),
      macBytes('00:00:00:00:00:00'),
      ipv4Bytes('10.0.0.2'),
    ]);
    expect(await decodeOne(ethernet(arp, 0x0806), FIELDS)).toEqual({
      'arp.hw.type': '1',
      'arp.proto.type': '0x0800',
      'arp.opcode': '1',
      'arp.src.hw_mac': '00:11:22:33:44:55',
      'arp.src.proto_ipv4': '10.0.0.1',
      'arp.dst.hw_mac': '00:00:00:00:00:00',
      'arp.dst.proto_ipv4': '10.0.0.2',
    });
  });

  it('shows no address of a packet cut inside its addresses (as tshark)', async () => {
    const arp = concat([be16(1), be16(0x0800), Uint8Array.of(6, 4), be16(2), macBytes('00:11:22:33:44:55')]);
    const f = await decodeOne(ethernet(arp, 0x0806), FIELDS);
    expect([f['arp.opcode'], f['arp.src.hw_mac'], f['arp.src.proto_ipv4']]).toEqual(['2', '', '']);
  });
});
