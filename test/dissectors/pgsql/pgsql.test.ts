import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('PostgreSQL', () => {
  // apps/pgsql.pcap (pg-run.sh): psql 15 against postgres on 127.0.0.1:5432: an SSLRequest refused,
  // startup, MD5 authentication, parameter statuses, simple queries with row descriptions and data rows, an error;
  // then pg-extended.py's Parse/Bind/Describe/Execute/Sync in one segment and their answers.
  it('matches tshark on startup, authentication, simple and extended queries and errors', async () => {
    expect(await goldenMismatches('apps/pgsql.pcap')).toEqual([]);
  });

  it('marks a data row whose column runs past its message as malformed', async () => {
    const row = Uint8Array.of(0x44, 0, 0, 0, 12, 0, 1, 0, 0, 0, 100, 0x61, 0x62);
    const rows = await fieldRows([tcpFrame(row, 5432, 40000, 1)], ['_ws.col.Info', 'pgsql.type', 'pgsql.val.length']);
    expect(rows[0]).toEqual(['<D[Malformed Packet]', 'Data row', '100']);
  });

  it('reads a query split over two segments once both have arrived', async () => {
    const message = Uint8Array.of(0x51, 0, 0, 0, 13, ...ascii('SELECT 1'), 0);
    const rows = await fieldRows(
      [tcpFrame(message.subarray(0, 6), 40000, 5432, 1), tcpFrame(message.subarray(6), 40000, 5432, 7)],
      ['_ws.col.Protocol', 'pgsql.query'],
    );
    expect(rows.map((r) => r[1])).toEqual(['', 'SELECT 1']);
  });
});
