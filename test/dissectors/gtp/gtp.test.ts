import { describe, expect, it } from 'vitest';
import { goldenMismatches, udpFrame, fieldRows } from '../support/frames';

describe('GTP', () => {
  // Echo, Create/Delete PDP Context (IMSI, RAI, TEIDs, end user address, APN, GSN addresses, MSISDN) on UDP 2123.
  it('matches tshark field for field on GTPv1-C', async () => {
    expect(await goldenMismatches('linklayers/gtpv1c.pcap')).toEqual([]);
  });

  // Echo, Create/Delete Session (IMSI, MSISDN, RAT type, F-TEID, APN, PAA, cause) on UDP 2123.
  it('matches tshark field for field on GTPv2-C', async () => {
    expect(await goldenMismatches('linklayers/gtpv2c.pcap')).toEqual([]);
  });

  it('marks an information element cut short as malformed', async () => {
    // Create PDP context request whose APN claims 20 bytes and has 3: tshark's Info, no APN.
    const msg = Uint8Array.of(0x30, 16, 0, 6, 0, 0, 0, 0, 131, 0, 20, 3, 0x61, 0x62);
    const [row] = await fieldRows(
      [udpFrame(msg, 2123, 2123)],
      ['_ws.col.Protocol', '_ws.col.Info', 'gtp.message', 'gtp.apn'],
    );
    expect(row).toEqual(['GTP', 'Create PDP context request[Malformed Packet]', '0x10', '']);
  });
});
