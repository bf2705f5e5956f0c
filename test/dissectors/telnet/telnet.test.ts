import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldRows, tcpFrame } from '../support/frames';
import { CORPUS, hasCorpus } from '../../support/corpus';
import { fieldsOf } from '../../support/run';

const FIELDS = [
  'telnet.cmd',
  'telnet.subcmd',
  'telnet.data',
  'telnet.naws_subopt.width',
  'telnet.option_data',
  '_ws.col.Protocol',
  '_ws.col.Info',
];

describe('Telnet dissector', () => {
  it('reads negotiation, a window-size suboption and data lines', async () => {
    const payload = Uint8Array.of(
      255,
      253,
      1,
      255,
      250,
      31,
      0,
      80,
      0,
      24,
      255,
      240,
      0x68,
      0x69,
      0x0d,
      0x00,
      0x6f,
      0x6b,
      0x0d,
      0x0a,
    );
    const rows = await fieldRows([tcpFrame(payload, 40000, 23, 1)], FIELDS);
    expect(rows[0]).toEqual(['253,250,240', '1,31', 'hi\\r,ok\\r\\n', '80', '', 'TELNET', 'Telnet Data ...']);
  });

  it('keeps an escaped 255 as data and a suboption without its end', async () => {
    const rows = await fieldRows([tcpFrame(Uint8Array.of(255, 255, 255, 250, 34, 1, 2), 23, 40000, 1)], FIELDS);
    expect(rows[0].slice(0, 5)).toEqual(['250', '34', '\xff', '', '0102']);
  });

  it('marks an IAC cut off at the end of a segment malformed', async () => {
    const rows = await fieldRows(
      [tcpFrame(Uint8Array.of(0x61, 255), 40000, 23, 1), tcpFrame(Uint8Array.of(255, 251), 40000, 23, 3)],
      [...FIELDS, '_ws.malformed'],
    );
    expect(rows[0].slice(5, 7)).toEqual(['TELNET', 'Telnet Data ...[Malformed Packet]']);
    expect(rows[1].slice(5, 7)).toEqual(['TELNET', 'Telnet Data ...[Malformed Packet]']);
  });
});

describe.skipIf(!hasCorpus)('Telnet on telnet.pcap', () => {
  it('splits data lines as tshark does (CR NUL ends a line)', async () => {
    const { text } = await fieldsOf(join(CORPUS, 'apps/telnet.pcap'), [
      'frame.number',
      'telnet.data',
      'telnet.string_subopt.value',
    ]);
    const rows = new Map(
      text
        .trim()
        .split('\n')
        .map((l) => [l.split('\t')[0], l.split('\t').slice(1)]),
    );
    expect(rows.get('14')).toEqual(['', 'XTERM']);
    expect(rows.get('41')![0]).toBe('\\r\\n,\x1b[?2004l\\r,/home/alice\\r\\n,\x1b[?2004halice@files:~$ ');
  });
});
