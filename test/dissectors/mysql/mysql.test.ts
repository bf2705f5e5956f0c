import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('MySQL/MariaDB', () => {
  // apps/mysql.pcap (mysql-run.sh): the MariaDB 10.11 client against mariadbd on 127.0.0.1:3306: greeting,
  // login with a schema and connection attributes, OK with session tracking, queries, a result set with a NULL, an
  // error; then a login refused.
  it('matches tshark on greeting, login, queries, result sets and errors', async () => {
    expect(await goldenMismatches('apps/mysql.pcap')).toEqual([]);
  });

  it('marks a greeting cut short inside its fixed fields as malformed', async () => {
    // Protocol 10 and a version string, then the packet ends where the thread id should be.
    const greeting = Uint8Array.of(6, 0, 0, 0, 10, 0x35, 0x2e, 0x37, 0, 1);
    const rows = await fieldRows([tcpFrame(greeting, 3306, 40000, 1)], ['_ws.col.Info', 'mysql.version']);
    expect(rows[0]).toEqual(['Server Greeting  proto=10 version=5.7 [Malformed Packet]', '5.7']);
  });
});
