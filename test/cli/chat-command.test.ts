import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatCommand } from '../../src/cli/chat-command';
import { openCapture } from '../../src/core/source';
import type { ChatReport } from '../../src/msn/types';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

const FIXTURES = join(__dirname, '../fixtures/msn');

async function chat(path: string, json = true): Promise<{ text: string; report: ChatReport & { capture: string } }> {
  const source = await openCapture(new Blob([readFileSync(path) as BlobPart]));
  let text = '';
  await chatCommand(await newCore(), source.blob, path.split('/').pop()!, json, (s) => (text += s));
  return { text, report: json ? JSON.parse(text) : undefined };
}

const byClient = (r: ChatReport, client: string, port?: number) =>
  r.conversations.find((c) => c.client === client && (port === undefined || c.server.endsWith(`:${port}`)))!;

describe('loupe chat on loopback captures (test/fixtures/msn)', async () => {
  const { report } = await chat(join(FIXTURES, 'msnp-sessions.pcap'));

  it('finds the logins of four protocol versions and the failed one', () => {
    expect(report.logins.map((l) => [l.account, l.protocol, l.ok, l.error])).toEqual([
      ['ana@hotmail.example', 'MSNP8', false, '911'],
      ['ana@hotmail.example', 'MSNP8', true, null],
      ['ben@example.jp', 'MSNP15', true, null],
      ['chloe@example.fr', 'MSNP12', true, null],
      ['dmitri@example.ru', 'MSNP18', true, null],
    ]);
  });

  it('takes garbage sent to port 1863 for nothing: no login, no conversation, no crash', () => {
    expect(report.logins.some((l) => l.client_address.startsWith('127.86.0.105:'))).toBe(false);
    expect(report.conversations.some((c) => c.client_address.startsWith('127.86.0.105:'))).toBe(false);
  });

  it('strips MSNP18 network prefixes from presence', () => {
    expect(report.presence.filter((p) => p.status === 'BSY').map((p) => p.account)).toEqual(
      Array(4).fill('dmitri@example.ru'),
    );
  });

  it("rebuilds the three-party chat on each client's connection, names decoded", () => {
    const ana = byClient(report, 'ana@hotmail.example', 1863);
    expect(ana.participants.map((p) => p.displayName)).toEqual(['Ana Álvarez', '山田 ベン', 'Chloé 🌸']);
    expect(ana.messages.filter((m) => m.kind === 'message').map((m) => m.text)).toEqual([
      '¡Hola Ben! ¿Qué tal? — split in pieces',
      '元気です、ありがとう 😀',
      'Bonjour à tous, ça va ?',
      'Grüße aus Köln (latin-1)',
      'anyone still here?',
    ]);
    expect(ana.errors.map((e) => e.code)).toEqual(['217']);
    expect(ana.messages.at(-2)).toMatchObject({ text: 'anyone still here?', delivery: 'NAK' });
    expect(report.conversations.filter((c) => c.server === '127.86.0.20:1863').map((c) => c.client)).toEqual([
      'ana@hotmail.example',
      'ben@example.jp',
      'chloe@example.fr',
    ]);
  });

  it('dates a message split over three segments by the segment with its last byte', () => {
    const ana = byClient(report, 'ana@hotmail.example', 1863);
    const split = ana.messages.find((m) => m.text.includes('split in pieces'))!;
    expect(split.format).toMatchObject({ color: '#0000ff', effects: 'B' });
    const typing = ana.messages[ana.messages.indexOf(split) - 1];
    expect(split.frame - typing.frame).toBeGreaterThanOrEqual(3);
  });

  it('reads typing and a message coalesced in one segment as two events of one frame', () => {
    const chloe = byClient(report, 'chloe@example.fr');
    expect(chloe.messages.slice(0, 2).map((m) => [m.kind, m.frame])).toEqual([
      ['typing', chloe.messages[0].frame],
      ['message', chloe.messages[0].frame],
    ]);
  });

  it('reads file invitations: text/x-msmsgsinvite (accepted) and MSNP2P', () => {
    const files = byClient(report, 'chloe@example.fr').messages.filter((m) => m.kind === 'file');
    expect(files.map((f) => [f.from, f.text, f.fileSize, f.accepted])).toEqual([
      ['ana@hotmail.example', 'fotos_año.zip', 1843201, true],
      ['ben@example.jp', 'スライド.ppt', 482304, undefined],
    ]);
  });

  it('finds a switchboard off port 1863 by heuristic', () => {
    const dmitri = byClient(report, 'dmitri@example.ru', 7001);
    expect(dmitri.messages.filter((m) => m.kind === 'message')).toHaveLength(8);
    expect(dmitri.participants[0]).toEqual({ account: 'dmitri@example.ru', displayName: 'Дмитрий' });
  });

  it('shows a retransmitted message once, at its first transmission', async () => {
    const { report: again } = await chat(join(FIXTURES, 'msnp-retransmission.pcap'));
    const chloe = byClient(again, 'chloe@example.fr');
    const bonjour = chloe.messages.filter((m) => m.text.startsWith('Bonjour'));
    expect(bonjour).toHaveLength(1);
    expect(bonjour[0].frame).toBe(chloe.messages[0].frame);
    const others = again.conversations.map((c) => c.messages.filter((m) => m.text.startsWith('Bonjour')).length);
    expect(others).toEqual([1, 1, 1]);
  });

  it('flags the bytes a capture gap lost and keeps the rest', async () => {
    const { report: gappy } = await chat(join(FIXTURES, 'msnp-gap.pcap'));
    const ben = byClient(gappy, 'ben@example.jp');
    expect(ben.gaps).toHaveLength(1);
    expect(ben.gaps[0].direction).toBe('client');
    expect(ben.messages.some((m) => m.text.startsWith('Grüße'))).toBe(false);
    expect(ben.messages.some((m) => m.kind === 'file' && m.text === 'スライド.ppt')).toBe(true);
  });

  it('shows a conversation the capture joined mid-session, its client inferred', async () => {
    const { report: late } = await chat(join(FIXTURES, 'msnp-midsession.pcap'));
    expect(late.logins).toEqual([]);
    const ana = late.conversations[0];
    expect(ana.partial).toBe(true);
    expect(ana.client).toBe('ana@hotmail.example');
    expect(ana.participants.map((p) => p.account)).toEqual([
      'ana@hotmail.example',
      'ben@example.jp',
      'chloe@example.fr',
    ]);
    expect(ana.messages[0]).toMatchObject({ from: 'ben@example.jp', kind: 'typing' });
  });

  it('prints nothing for a file that is no capture (the command says why and exits 2)', async () => {
    let text = '';
    const result = await chatCommand(
      await newCore(),
      new Blob(['not a capture at all']),
      'x.pcap',
      false,
      (s) => (text += s),
    );
    expect(result.problem?.fatal).toBe(true);
    expect(text).toBe('');
  });

  it('prints readable transcripts without --json', async () => {
    const { text } = await chat(join(FIXTURES, 'msnp-sessions.pcap'), false);
    expect(text).toContain('failed: 911 Authentication failed');
    expect(text).toMatch(/Ana Álvarez: ¡Hola Ben! ¿Qué tal\? — split in pieces {2}\[ACK \d\.\d{3} s\]/);
    expect(text).toContain('!! error 217: Principal not online');
  });
});

const MSN = join(CORPUS, 'msn');
const truths =
  hasCorpus && existsSync(MSN)
    ? readdirSync(MSN)
        .filter((f) => f.endsWith('.truth.json'))
        .sort()
    : [];

describe.skipIf(truths.length === 0)('loupe chat on the corpus (truth.json)', () => {
  it.each(truths)('%s', async (name) => {
    const truth = JSON.parse(readFileSync(join(MSN, name), 'utf8'));
    const { report } = await chat(join(MSN, truth.capture));
    const pick = <T extends object>(o: T, keys: string[]) =>
      Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, (o as Record<string, unknown>)[k]]));
    expect(report.conversations.map((c) => c.stream)).toEqual(
      truth.conversations.map((c: { stream: number }) => c.stream),
    );
    for (const [i, want] of truth.conversations.entries()) {
      const got = report.conversations[i];
      expect(pick(got, ['client', 'client_address', 'server', 'participants'])).toEqual(
        pick(want, ['client', 'client_address', 'server', 'participants']),
      );
      expect(got.errors.map((e) => pick(e, ['frame', 'time', 'code', 'trid']))).toEqual(want.errors);
      expect(got.messages).toHaveLength(want.messages.length);
      want.messages.forEach((m: Record<string, unknown>, j: number) =>
        expect(pick(got.messages[j], Object.keys(m))).toEqual(m),
      );
    }
    expect(report.logins.map((l) => pick(l, Object.keys(truth.logins[0] ?? {})))).toEqual(truth.logins);
    expect(report.presence).toEqual(truth.presence);
  });
});
