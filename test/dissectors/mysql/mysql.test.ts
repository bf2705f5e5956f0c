import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('MySQL/MariaDB', () => {
  // app-protocols/mysql.pcap (mysql-run.sh): the MariaDB 10.11 client against mariadbd on 127.0.0.1:3306: greeting,
  // login with a schema and connection attributes, OK with session tracking, queries, a result set with a NULL, an
  // error; then a login refused.
  it('matches tshark on greeting, login, queries, result sets and errors', async () => {
    expect(await goldenMismatches('app-protocols/mysql.pcap')).toEqual([]);
  });
});
