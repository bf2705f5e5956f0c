import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, udpFrame } from '../support/frames';

describe('QUIC dissector', () => {
  // apps/quic.pcap: ngtcp2's gtlsclient fetching a page from gtlsserver on 127.0.0.1 (Initial, Handshake and 1-RTT
  // packets, coalesced), then a client offering a version the server refuses (Version Negotiation). See README.md.
  it('matches tshark on a loopback connection and a version negotiation', async () => {
    expect(await goldenMismatches('apps/quic.pcap')).toEqual([]);
  });

  // apps/quic-split.pcap: quic-split.py's Initials: a ClientHello split over two CRYPTO frames arriving in reverse
  // order, a PING, and a server's ACK with two ranges and CONNECTION_CLOSE carrying a TLS alert.
  it('matches tshark on a ClientHello in two packets and a connection close', async () => {
    expect(await goldenMismatches('apps/quic-split.pcap')).toEqual([]);
  });

  it('leaves a UDP payload with an unknown long-header version alone', async () => {
    const packet = new Uint8Array(40);
    packet.set([0xc0, 0x12, 0x34, 0x56, 0x78, 4, 1, 2, 3, 4, 0]);
    const [row] = await fieldRows([udpFrame(packet, 40000, 443)], ['frame.protocols', '_ws.col.Protocol']);
    expect(row).toEqual(['eth:ethertype:ip:udp:data', 'UDP']);
  });

  it('marks an Initial cut short malformed', async () => {
    const packet = new Uint8Array([0xc0, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0x44]);
    const [row] = await fieldRows([udpFrame(packet, 40000, 443)], ['quic.dcid', '_ws.col.Info']);
    expect(row[0]).toBe('0102030405060708');
    expect(row[1]).toContain('[Malformed Packet]');
  });
});
