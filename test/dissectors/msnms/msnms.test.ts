import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, tcpFrame } from '../support/frames';
import { CORPUS, hasCorpus } from '../../support/corpus';
import { fieldsOf, newCore } from '../../support/run';
import { printFields } from '../../../src/cli/fields-command';
import { openCapture } from '../../../src/core/source';
import { defaultSettings } from '../../../src/dissectors/decode-as';

const FIELDS = ['msnms', '_ws.col.Protocol', '_ws.col.Info', '_ws.malformed'];

describe('MSNMS dissector', () => {
  it('shows the first command line of a segment holding several', async () => {
    const rows = await fieldRows([tcpFrame(ascii('PNG\r\nCHG 6 NLN 0\r\n'), 40000, 1863, 1)], FIELDS);
    expect(rows[0].slice(1)).toEqual(['MSNMS', 'PNG', '']);
  });

  it('shows a segment starting inside a MSG payload by its first (partial) line', async () => {
    const rows = await fieldRows([tcpFrame(ascii('lo there\r\nMIME-Version: 1.0'), 1863, 40000, 1)], FIELDS);
    expect(rows[0].slice(1, 3)).toEqual(['MSNMS', 'lo there']);
  });

  it('takes garbage and a lone line without end as text, never malformed', async () => {
    const rows = await fieldRows(
      [tcpFrame(Uint8Array.of(0, 0xff, 0x0a), 40000, 1863, 1), tcpFrame(ascii('OUT'), 40000, 1863, 4)],
      FIELDS,
    );
    expect(rows[0][1]).toBe('MSNMS');
    expect(rows[0][3]).toBe('');
    expect(rows[1].slice(1)).toEqual(['MSNMS', 'OUT', '']);
  });
});

const PARSED = [
  'msnms.command',
  'msnms.trid',
  'msnms.length',
  'msnms.error_code',
  'msnms.error',
  'msnms.account',
  'msnms.display_name',
  'msnms.content_type',
  'msnms.text',
];
const typing = 'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: a@x.example\r\n\r\n\r\n';
const text = (t: string) => `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${t}`;
const len = (s: string) => ascii(s).length;

/** Client segments to port 1863, each after the last (relative sequence numbers). */
function clientSegments(...texts: string[]): Uint8Array[] {
  let seq = 1;
  return texts.map((t) => {
    const frame = tcpFrame(ascii(t), 40000, 1863, seq);
    seq += len(t);
    return frame;
  });
}

describe('MSNMS command fields', () => {
  it('parses command, TrID, payload length in bytes, MIME headers and the text', async () => {
    const body = text('grüße ☕');
    const rows = await fieldRows(clientSegments(`MSG 4 A ${len(body)}\r\n${body}`), PARSED);
    expect(rows[0]).toEqual(['MSG', '4', String(len(body)), '', '', '', '', 'text/plain; charset=UTF-8', 'grüße ☕']);
  });

  it('names numeric errors', async () => {
    const rows = await fieldRows(
      [tcpFrame(ascii('217 2\r\n'), 1863, 40000, 1)],
      ['msnms.error_code', 'msnms.error', 'msnms.trid'],
    );
    expect(rows[0]).toEqual(['217', 'Principal not online', '2']);
  });

  it('decodes URL-encoded display names and strips MSNP18 network prefixes', async () => {
    const rows = await fieldRows(
      [tcpFrame(ascii('NLN NLN 1:bo@y.example Bo%20%E2%9C%93 0\r\n'), 1863, 40000, 1)],
      ['msnms.account', 'msnms.display_name'],
    );
    expect(rows[0]).toEqual(['bo@y.example', 'Bo ✓']);
  });

  it('follows a payload across segments: the next command after it is parsed, payload lines are not', async () => {
    const body = text('VER 9 MSNP8 looks like a command but is text');
    const whole = `MSG 5 A ${len(body)}\r\n${body}OUT\r\n`;
    const cut = 30;
    const rows = await fieldRows(clientSegments(whole.slice(0, cut), whole.slice(cut)), [
      'msnms.command',
      'msnms.text',
    ]);
    expect(rows.map((r) => r[0])).toEqual(['MSG', 'OUT']);
  });

  it('reads coalesced commands and a command line split between segments', async () => {
    const rows = await fieldRows(clientSegments(`MSG 2 U ${len(typing)}\r\n${typing}CAL 3 bo@`, 'y.example\r\n'), [
      'msnms.command',
      'msnms.trid',
      'msnms.account',
      '_ws.col.Info',
    ]);
    expect(rows[0].slice(0, 2)).toEqual(['MSG', '2']);
    expect(rows[1]).toEqual(['CAL', '3', 'bo@y.example', 'y.example']);
  });

  it('resynchronises at the next command line when the capture starts inside a payload', async () => {
    const rows = await fieldRows(
      clientSegments('ng more of a message\r\nMIME-Version: 1.0\r\n', 'and its end', '\r\nOUT\r\n', 'PNG\r\n'),
      ['msnms.command', '_ws.col.Protocol'],
    );
    expect(rows).toEqual([
      ['', 'MSNMS'],
      ['', 'MSNMS'],
      ['OUT', 'MSNMS'],
      ['PNG', 'MSNMS'],
    ]);
  });

  it('takes garbage on port 1863 without parsed fields, then finds the commands after it', async () => {
    const rows = await fieldRows(clientSegments('\x01\x02garbage\r\nVER 1 MSNP8 CVR0\r\n'), [
      'msnms.command',
      'msnms.version',
      '_ws.malformed',
    ]);
    expect(rows[0]).toEqual(['VER', 'MSNP8', '']);
  });
});

describe('MSNMS off port 1863', () => {
  it('is found by its heuristic only when msnms_tcp is enabled, as tshark has none', async () => {
    const capture = (
      await openCapture(new Blob([readFileSync(join(__dirname, '../../fixtures/msn/msnp-sessions.pcap'))]))
    ).blob;
    const run = async (enabled: string[]) => {
      let text = '';
      await printFields(await newCore(), capture, ['tcp.port', 'msnms.command'], (s) => (text += s), undefined, {
        ...defaultSettings(),
        enabledHeuristics: enabled,
      });
      return text.split('\n').filter((l) => l.startsWith('7001') || l.includes(',7001'));
    };
    expect((await run([])).some((l) => l.split('\t')[1])).toBe(false);
    const found = (await run(['msnms_tcp'])).map((l) => l.split('\t')[1]).filter(Boolean);
    expect(found).toContain('USR');
    expect(found).toContain('MSG');
  });
});

describe.skipIf(!hasCorpus)('MSNMS on the MSN captures', () => {
  it('names every 1863 payload MSNMS, with its first line as Info', async () => {
    const { text } = await fieldsOf(join(CORPUS, 'msn/msnp8_login_chat.pcap'), [
      'tcp.len',
      '_ws.col.Protocol',
      '_ws.col.Info',
    ]);
    const rows = text
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const withPayload = rows.filter((r) => r[0] !== '0');
    expect(withPayload.length).toBeGreaterThan(100);
    expect(withPayload.every((r) => r[1] === 'MSNMS')).toBe(true);
    expect(withPayload.map((r) => r[2])).toContain(
      'USR 4 OK alice.liddell@hotmail.example Alice%20%E2%98%95%20Liddell 1 0',
    );
  });
});
