import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, goldenMismatches, udpFrame } from '../support/frames';

describe('SSDP dissector', () => {
  // apps/ssdp.pcap: ssdp.py's M-SEARCH and its response on 127.0.0.1:1900, NOTIFY alive and byebye from another
  // port, a second search, and a response between two other ports that only tshark's data dissector takes.
  it('matches tshark on searches, responses and notifications', async () => {
    expect(await goldenMismatches('apps/ssdp.pcap')).toEqual([]);
  });

  it('leaves a datagram that starts no HTTP message undissected, as tshark', async () => {
    const [row] = await fieldRows(
      [udpFrame(ascii('not a start line\r\n\r\n'), 40000, 1900)],
      ['frame.protocols', '_ws.col.Protocol', 'data.len'],
    );
    expect(row).toEqual(['eth:ethertype:ip:udp', 'UDP', '']);
  });

  it('keeps the headers of a datagram cut before its blank line', async () => {
    const [row] = await fieldRows(
      [udpFrame(ascii('M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nST: ssdp:all\r\n'), 40000, 1900)],
      ['_ws.col.Info', 'http.host', 'http.request.line'],
    );
    expect(row).toEqual([
      'M-SEARCH * HTTP/1.1 ',
      '239.255.255.250:1900',
      'HOST: 239.255.255.250:1900\\r\\n,ST: ssdp:all\\r\\n',
    ]);
  });
});
