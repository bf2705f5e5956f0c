import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('PostgreSQL', () => {
  // app-protocols/pgsql.pcap (pg-run.sh): psql 15 against postgres on 127.0.0.1:5432: an SSLRequest refused,
  // startup, MD5 authentication, parameter statuses, simple queries with row descriptions and data rows, an error;
  // then pg-extended.py's Parse/Bind/Describe/Execute/Sync in one segment and their answers.
  it('matches tshark on startup, authentication, simple and extended queries and errors', async () => {
    expect(await goldenMismatches('app-protocols/pgsql.pcap')).toEqual([]);
  });
});
