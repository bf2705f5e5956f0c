import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, tcpFrame } from '../support/frames';
import { CORPUS, hasCorpus } from '../../support/corpus';
import { fieldsOf } from '../../support/run';

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
    const rows = await fieldRows([tcpFrame(Uint8Array.of(0, 0xff, 0x0a), 40000, 1863, 1), tcpFrame(ascii('OUT'), 40000, 1863, 4)], FIELDS);
    expect(rows[0][1]).toBe('MSNMS');
    expect(rows[0][3]).toBe('');
    expect(rows[1].slice(1)).toEqual(['MSNMS', 'OUT', '']);
  });
});

describe.skipIf(!hasCorpus)('MSNMS on the MSN captures', () => {
  it('names every 1863 payload MSNMS, with its first line as Info', async () => {
    const { text } = await fieldsOf(join(CORPUS, 'msn/msnp8_login_chat.pcap'), ['tcp.len', '_ws.col.Protocol', '_ws.col.Info']);
    const rows = text.trim().split('\n').map((l) => l.split('\t'));
    const withPayload = rows.filter((r) => r[0] !== '0');
    expect(withPayload.length).toBeGreaterThan(100);
    expect(withPayload.every((r) => r[1] === 'MSNMS')).toBe(true);
    expect(withPayload.map((r) => r[2])).toContain('USR 4 OK alice.liddell@hotmail.example Alice%20%E2%98%95%20Liddell 1 0');
  });
});
