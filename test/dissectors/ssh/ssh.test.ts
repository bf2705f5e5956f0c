import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('SSH dissector', () => {
  // ssh/ssh.pcap: OpenSSH 9.2 client and server on 127.0.0.1:22 (curve25519-sha256, aes128-ctr, hmac-sha2-256);
  // ssh.tsv is tshark 4.0's output for it.
  it('matches tshark on a real session: version exchange, key exchange, encrypted packets', async () => {
    expect(await goldenMismatches('ssh/ssh.pcap')).toEqual([]);
  });

  it('waits for the rest of a binary packet split over segments', async () => {
    const payload = Uint8Array.of(0, 0, 0, 12, 10, 21, ...new Array(10).fill(0));
    const rows = await fieldRows(
      [
        tcpFrame(ascii('SSH-2.0-test\r\n'), 40000, 22, 1),
        tcpFrame(payload.subarray(0, 6), 40000, 22, 15),
        tcpFrame(payload.subarray(6), 40000, 22, 21),
        tcpFrame(Uint8Array.of(1, 2, 3, 4, 5), 40000, 22, 31),
      ],
      ['ssh.protocol', 'ssh.message_code', '_ws.col.Protocol', '_ws.col.Info'],
    );
    expect(rows[0]).toEqual(['SSH-2.0-test', '', 'SSH', 'Client: Protocol (SSH-2.0-test)']);
    expect(rows[2]).toEqual(['', '21', 'SSHv2', 'Client: New Keys']);
    // After New Keys the client's packets are encrypted: opaque, no message named.
    expect(rows[3]).toEqual(['', '', 'SSHv2', 'Client: ']);
  });

  it('marks a key exchange packet shorter than its lists malformed', async () => {
    const payload = Uint8Array.of(0, 0, 0, 8, 4, 20, 1, 2, 0, 0, 0, 0);
    const rows = await fieldRows(
      [tcpFrame(ascii('SSH-2.0-x\r\n'), 40000, 22, 1), tcpFrame(payload, 40000, 22, 12)],
      ['ssh.message_code', '_ws.col.Info'],
    );
    expect(rows[1][0]).toBe('20');
    expect(rows[1][1]).toBe('Client: Key Exchange Init[Malformed Packet]');
  });
});
