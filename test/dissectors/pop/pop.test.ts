import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { ascii, fieldRows, tcpFrame } from '../support/frames';

const FIELDS = [
  'frame.number',
  'pop.request.command',
  'pop.request.parameter',
  'pop.response.indicator',
  'pop.response.description',
  'pop.response.data',
  'pop.data.fragment',
  'imf.from',
  '_ws.col.Protocol',
  '_ws.col.Info',
];

async function rows(frames: number[]): Promise<string[]> {
  const { text } = await fieldsOf(join(__dirname, '../../fixtures/pop3.pcap'), FIELDS);
  return text.split('\n').filter((line) => frames.includes(Number(line.split('\t')[0])));
}

describe('POP dissector', () => {
  // Expected lines are what tshark 4.0 prints for the same capture (Python poplib against a loopback server).
  it('dissects commands, status lines and multi-line responses', async () => {
    expect(await rows([9, 14, 16, 37])).toEqual([
      '9\tUSER\tbob\t\t\t\t\t\tPOP\tC: USER bob',
      '14\t\t\t+OK\t2 3790\t\t\t\tPOP\tS: +OK 2 3790',
      '16\t\t\t+OK\t2 messages\t,,\t\t\tPOP\tS: +OK 2 messages',
      '37\t\t\t-ERR\tunknown command\t\t\t\tPOP\tS: -ERR unknown command',
    ]);
  });

  it('gathers a retrieved message across segments and hands it to IMF', async () => {
    const [first, second, last, inline] = await rows([22, 24, 26, 30]);
    expect(first).toBe('22\t\t\t\t\t\t\t\tPOP\tS: DATA fragment, 1500 bytes');
    expect(second).toBe('24\t\t\t\t\t\t\t\tPOP\tS: DATA fragment, 1500 bytes');
    expect(
      last.startsWith(
        '26\t\t\t\t\t\t22,24,26\tAlice <alice@example.test>\tPOP/IMF\tfrom: Alice <alice@example.test>, subject: Quarterly numbers, , Line 0 of the report body.  , Line 1',
      ),
    ).toBe(true);
    expect(last.endsWith(', Line 119 of the report body.  , ..leading dot line  , .  ')).toBe(true);
    // A message that comes with its +OK is shown as data lines, as tshark does.
    expect(inline).toBe('30\t\t\t+OK\t99 octets\t,,,,,,\t\t\tPOP\tS: +OK 99 octets');
  });

  it('takes binary garbage without throwing', async () => {
    const [row] = await fieldRows(
      [tcpFrame(Uint8Array.of(0xff, 0, 0x0a, 0x0d), 110, 40000, 1)],
      ['pop.response.indicator', '_ws.col.Protocol', '_ws.malformed'],
    );
    expect(row).toEqual(['', 'POP', '']);
    const [cmd] = await fieldRows(
      [tcpFrame(ascii('RETR'), 40000, 110, 1)],
      ['pop.request.command', 'pop.request.parameter'],
    );
    expect(cmd).toEqual(['RETR', '']);
  });
});
