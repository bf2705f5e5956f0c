import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, tcpFrame } from '../support/frames';

const FIELDS = ['frame.protocols', '_ws.col.Protocol', '_ws.expert.message', 'http.file_data'];

// A capture that begins inside an HTTP message: what tshark 4.0 makes of the first segments it sees on port 80
// (observed on test/fixtures/query/http-dns-icmp.pcap and the corpus's tcp_dupack).
describe('HTTP without a start line', () => {
  it('reads lines with a colon as headers, the rest as a body, and flags names that are no tokens', async () => {
    const rows = await fieldRows(
      [tcpFrame(ascii('X-A: 1\r\nb\u00e9d name: 2\r\nno colon here\r\nbody'), 80, 40000, 1)],
      FIELDS,
    );
    expect(rows[0]).toEqual([
      'eth:ethertype:ip:tcp:http:data',
      'TCP',
      'Illegal characters found in header name',
      'no colon here\\r\\nbody',
    ]);
  });

  it('is no HTTP when the first byte is not printable or the first line has no colon', async () => {
    const rows = await fieldRows(
      [tcpFrame(ascii('\u0001A: b\r\n'), 80, 40000, 1), tcpFrame(ascii('plain\r\nA: b\r\n'), 80, 40001, 1)],
      FIELDS,
    );
    expect(rows.map((r) => r[0])).toEqual(['eth:ethertype:ip:tcp', 'eth:ethertype:ip:tcp']);
  });

  it('waits for the segment that ends its first line', async () => {
    const rows = await fieldRows(
      [tcpFrame(ascii('Key: value without an end'), 80, 40000, 1), tcpFrame(ascii(' yet\r\nrest'), 80, 40000, 26)],
      ['_ws.col.Info', 'http.file_data'],
    );
    expect(rows[0][0]).toContain('[TCP segment of a reassembled PDU]');
    expect(rows[1][1]).toBe('rest');
  });
});
