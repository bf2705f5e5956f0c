import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, udpFrame } from '../support/frames';

describe('WireGuard dissector', () => {
  // apps/wireguard.pcap: wireguard.py's messages on loopback (random Noise payloads): two initiations, a cookie
  // reply, a response, transport data both ways, a keepalive; then an initiation between other ports and data for
  // a session never seen.
  it('matches tshark on handshakes, transport data and keepalives', async () => {
    expect(await goldenMismatches('apps/wireguard.pcap')).toEqual([]);
  });

  it('leaves a datagram of the wrong size for its type alone', async () => {
    const packet = new Uint8Array(100);
    packet[0] = 1;
    const [row] = await fieldRows([udpFrame(packet, 40000, 51820)], ['frame.protocols', '_ws.col.Protocol']);
    expect(row).toEqual(['eth:ethertype:ip:udp:data', 'UDP']);
  });
});
