import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, udpFrame } from '../support/frames';

describe('SNMP dissector', () => {
  // dissectors/snmp.pcap: net-snmp 5.9 tools against snmpd on 127.0.0.1 (v1, v2c get/getnext/getbulk/set, a
  // wrong community, v3 authNoPriv and authPriv, v1 and v2c traps); snmp.tsv is tshark 4.0's output.
  it('matches tshark on v1, v2c and v3 requests, responses, reports and traps', async () => {
    expect(await goldenMismatches('dissectors/snmp.pcap')).toEqual([]);
  });

  it('marks a message cut inside its PDU malformed', async () => {
    // SEQUENCE { INTEGER 1, OCTET STRING "public", [0] ... } with the PDU's length running past the datagram.
    const bytes = Uint8Array.of(0x30, 0x12, 2, 1, 1, 4, 6, 0x70, 0x75, 0x62, 0x6c, 0x69, 0x63, 0xa0, 0x10, 2, 1);
    const [row] = await fieldRows([udpFrame(bytes, 40000, 161)], ['snmp.community', '_ws.col.Info']);
    expect(row[1]).toContain('[Malformed Packet]');
  });
});
