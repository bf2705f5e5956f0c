import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('Redis RESP', () => {
  // apps/resp.pcap (resp-run.sh): redis-cli 7 against redis-server on 127.0.0.1:6379: PING, SET/GET, a
  // missing key, integers, a list and a hash read back as arrays, an error, then inline commands pipelined with
  // --pipe and their replies in one segment.
  it('matches tshark on requests, replies, arrays, errors and inline commands', async () => {
    expect(await goldenMismatches('apps/resp.pcap')).toEqual([]);
  });

  it('shows a bulk string with an unreadable length as NULL and a reply split over segments once whole', async () => {
    const rows = await fieldRows(
      [
        tcpFrame(ascii('$x\r\n'), 6379, 40000, 1),
        tcpFrame(ascii('*2\r\n$3\r\nGET\r\n$1'), 40000, 6379, 1),
        tcpFrame(ascii('\r\nk\r\n'), 40000, 6379, 16),
      ],
      ['_ws.col.Info', 'resp.bulk_string.length'],
    );
    expect(rows.map((r) => r[0])).toEqual([
      'Response:',
      expect.stringContaining('[TCP segment of a reassembled PDU]'),
      'Request: GET k',
    ]);
  });

  it("gives an empty bulk string by its length and leaves a request's integers and empty strings out of Info", async () => {
    const rows = await fieldRows(
      [tcpFrame(ascii('$0\r\n\r\n'), 40000, 6379, 1), tcpFrame(ascii(':7\r\n+\r\n'), 40000, 6379, 7)],
      ['_ws.col.Info', 'resp.integer', 'resp.string'],
    );
    expect(rows).toEqual([
      ['Request: BulkString(0)', '', ''],
      ['Request:', '7', ''],
    ]);
  });
});
