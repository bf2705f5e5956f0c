import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { ascii, fieldRows, tcpFrame } from '../support/frames';

const FIELDS = [
  'frame.number',
  'imap.request_tag',
  'imap.request.command',
  'imap.response_tag',
  'imap.response.status',
  'imap.response.command',
  'imap.request.folder',
  'imap.request.username',
  'imap.request.password',
  'imap.response_to',
  'imap.time',
  'imap.request.command.uid',
  '_ws.col.Protocol',
  '_ws.col.Info',
];

async function rows(frames: number[]): Promise<string[]> {
  const { text } = await fieldsOf(join(__dirname, '../../fixtures/imap.pcap'), FIELDS);
  return text.split('\n').filter((line) => frames.includes(Number(line.split('\t')[0])));
}

describe('IMAP dissector', () => {
  // Expected lines are what tshark 4.0 prints for the same capture (Python imaplib against a loopback server).
  it('dissects tagged requests and responses and pairs them by tag', async () => {
    expect(await rows([4, 11, 12, 14, 15, 22])).toEqual([
      '4\t\t\t\t\t\t\t\t\t\t\t\tIMAP\tResponse: * OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Example IMAP ready',
      '11\tJLPC2\tLOGIN\t\t\t\t\tbob\tsecret\t\t\t\tIMAP\tRequest: JLPC2 LOGIN bob "secret"',
      '12\t\t\tJLPC2\tOK\t[CAPABILITY\t\t\t\t11\t0.000014000\t\tIMAP\tResponse: JLPC2 OK [CAPABILITY IMAP4rev1] Logged in',
      '14\t\t\tJLPC3\tOK\tList\t\t\t\t13\t0.000014000\t\tIMAP\tResponse: JLPC3 OK List completed.',
      '15\tJLPC4\tSELECT\t\t\t\tINBOX\t\t\t\t\t\tIMAP\tRequest: JLPC4 SELECT INBOX',
      '22\tJLPC6\tFETCH\t\t\t\t\t\t\t\t\t1\tIMAP\tRequest: JLPC6 UID FETCH 1:* (FLAGS)',
    ]);
  });

  it('hands a fetched message literal to IMF', async () => {
    expect(await rows([18])).toEqual([
      '18\t\t\t)\t\t\t\t\t\t\t\t\tIMAP/IMF\tfrom: alice@example.test, subject: status, , All good.  ',
    ]);
  });

  it('waits for the rest of a line or literal, and takes garbage without throwing', async () => {
    const literal = ascii('* 1 FETCH (BODY[] {18}\r\nSubject: x\r\n\r\nhi\r\n)\r\n');
    const rows = await fieldRows(
      [
        tcpFrame(literal.subarray(0, 30), 143, 40000, 1),
        tcpFrame(literal.subarray(30), 143, 40000, 31),
        tcpFrame(Uint8Array.of(0xff, 0x0a, 0x7b, 0x0a), 143, 40001, 1),
      ],
      ['imap.response_tag', '_ws.col.Protocol', '_ws.col.Info'],
    );
    expect(rows[0].slice(0, 2)).toEqual(['', 'TCP']);
    expect(rows[0][2]).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    expect(rows[1]).toEqual([')', 'IMAP/IMF', 'subject: x, , hi  ']);
    expect(rows[2][1]).toBe('IMAP');
  });
});
