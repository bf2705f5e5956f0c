import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, goldenMismatches, udpFrame } from '../support/frames';

const FIELDS = [
  'syslog.facility',
  'syslog.level',
  'syslog.timestamp',
  'syslog.hostname',
  'syslog.msgid',
  '_ws.col.Info',
];

describe('Syslog dissector', () => {
  // syslog/syslog.pcap: util-linux logger (RFC 3164 and RFC 5424) and Python datagrams to 127.0.0.1:514;
  // syslog.tsv is tshark 4.0's output for it.
  it('matches tshark on RFC 3164, RFC 5424, missing and out-of-range priorities', async () => {
    expect(await goldenMismatches('syslog/syslog.pcap')).toEqual([]);
  });

  it('converts an RFC 5424 timestamp with an offset to UTC', async () => {
    const [row] = await fieldRows(
      [udpFrame(ascii('<165>1 2003-10-11T22:14:15.003-07:00 mymachine.example.com evntslog - ID47 - x'), 40000, 514)],
      FIELDS,
    );
    expect(row).toEqual([
      '20',
      '5',
      'Oct 12, 2003 05:14:15.003000000 UTC',
      'mymachine.example.com',
      'ID47 - x',
      'LOCAL4.NOTICE: 1 2003-10-11T22:14:15.003-07:00 mymachine.example.com evntslog - ID47 - x',
    ]);
  });

  it('marks a priority without a message malformed', async () => {
    const [row] = await fieldRows([udpFrame(ascii('<13>'), 40000, 514)], ['frame.protocols', '_ws.col.Info']);
    expect(row).toEqual(['eth:ethertype:ip:udp:syslog', '[Malformed Packet]']);
  });
});
