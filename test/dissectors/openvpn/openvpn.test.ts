import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('OpenVPN dissector', () => {
  // apps/openvpn.pcap: Debian's OpenVPN 2.6 server and client (--dev null, TLS mode, EC certificates) on
  // 127.0.0.1 UDP 1194: hard resets, the TLS 1.3 handshake in control packets (one record split across two), ACKs.
  it('matches tshark on a TLS-mode session over UDP', async () => {
    expect(await goldenMismatches('apps/openvpn.pcap')).toEqual([]);
  });

  // apps/openvpn-tcp.pcap: the same over TCP 1194 (--proto tcp-server / tcp-client): each packet length-prefixed.
  it('matches tshark over TCP', async () => {
    expect(await goldenMismatches('apps/openvpn-tcp.pcap')).toEqual([]);
  });
});
