import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, udpFrame } from '../support/frames';

describe('RADIUS dissector', () => {
  // dissectors/radius.pcap: FreeRADIUS 3.2's radtest and radclient (radius-run.sh) against freeradius on
  // 127.0.0.1: PAP accepted and rejected, CHAP, accounting start and stop, Status-Server.
  it('matches tshark on access, accounting and status exchanges', async () => {
    expect(await goldenMismatches('dissectors/radius.pcap')).toEqual([]);
  });

  it('marks an attribute running past the packet malformed', async () => {
    const packet = new Uint8Array(24);
    packet.set([1, 7, 0, 24]);
    packet.set([1, 9, 0x62, 0x6f], 20);
    const [row] = await fieldRows([udpFrame(packet, 40000, 1812)], ['radius.avp.type', '_ws.col.Info']);
    expect(row).toEqual(['1', 'Access-Request id=7[Malformed Packet]']);
  });
});
