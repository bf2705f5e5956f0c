import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('Redis RESP', () => {
  // app-protocols/resp.pcap (resp-run.sh): redis-cli 7 against redis-server on 127.0.0.1:6379: PING, SET/GET, a
  // missing key, integers, a list and a hash read back as arrays, an error, then inline commands pipelined with
  // --pipe and their replies in one segment.
  it('matches tshark on requests, replies, arrays, errors and inline commands', async () => {
    expect(await goldenMismatches('app-protocols/resp.pcap')).toEqual([]);
  });
});
