import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf, newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { printFrames } from '../../src/cli/show-command';
import { parseStat, printStats, type StatRequest } from '../../src/cli/stats-command';
import { file, followText, keyLog, TLS_FIXTURES } from '../support/tls';
import { TlsDecryption } from '../../src/tls/decryption';
import { rsaKeysFromFile } from '../../src/tls/rsa-keys';

/**
 * Loupe against tshark 4.0 on the openssl-made fixtures (test/fixtures/tls/README.md): Follow TLS Stream and the
 * decrypted fields, with each capture's key log; TLS 1.0's RSA key exchange with the server key; resumed sessions
 * from the session cache when the key log lacks their lines.
 */
const names = readdirSync(TLS_FIXTURES)
  .filter((f) => f.endsWith('.pcap'))
  .map((f) => f.slice(0, -5))
  .sort();
const FIELDS = [
  'frame.number',
  'tls.record.content_type',
  'tls.record.version',
  'tls.handshake.type',
  'tls.alert_message.desc',
  'http.request.uri',
  'http.response.code',
  '_ws.col.Protocol',
  '_ws.col.Info',
];
const text = (name: string) => readFileSync(join(TLS_FIXTURES, name), 'utf8');

/** The TLS layers of a printed tree, the list of records a PDU was gathered from, and Data (top-level lines and theirs). */
function tlsLines(tree: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of tree.split('\n')) {
    // tshark -V prints a Data item's bytes as a hex dump inside its lines: not tree lines.
    if (line === '' || /^[0-9a-f]{4}  /.test(line)) continue;
    if (!line.startsWith(' '))
      inside =
        line === 'Transport Layer Security' || /^\[\d+ Reassembled TLS segments/.test(line) || /^Data \(/.test(line);
    if (inside) out.push(line);
  }
  return out;
}

describe('TLS fixtures decrypt as tshark decrypts them', () => {
  it('has the fixtures', () => expect(names.length).toBeGreaterThanOrEqual(10));

  for (const name of names) {
    for (const golden of readdirSync(TLS_FIXTURES).filter((f) => f.startsWith(`${name}.follow-tls-`))) {
      const stream = Number(golden.slice(`${name}.follow-tls-`.length, -4));
      it(`${name}: follow tls ${stream}`, async () => {
        expect(await followText(file(`${name}.pcap`), stream, keyLog(text(`${name}.keylog`)))).toBe(text(golden));
      });
    }
    it(`${name}: protocol hierarchy (io,phs)`, async () => {
      const source = await openCapture(new Blob([file(`${name}.pcap`) as BlobPart]));
      let out = '';
      await printStats(
        await newCore(),
        source.blob,
        [parseStat('io,phs') as StatRequest],
        (t) => (out += t),
        undefined,
        keyLog(text(`${name}.keylog`)),
      );
      expect(out).toBe(text(`${name}.phs.txt`));
    });
    it(`${name}: fields`, async () => {
      const { text: got } = await fieldsOf(file(`${name}.pcap`), FIELDS, keyLog(text(`${name}.keylog`)));
      expect(got).toBe(text(`${name}.fields.tsv`));
    });
  }

  for (const golden of readdirSync(TLS_FIXTURES).filter((f) => /\.show-\d+\.txt$/.test(f))) {
    const [, name, frame] = golden.match(/^(.*)\.show-(\d+)\.txt$/)!;
    it(`${name}: the TLS tree of frame ${frame} as tshark -V prints it`, async () => {
      const source = await openCapture(new Blob([file(`${name}.pcap`) as BlobPart]));
      let shown = '';
      await printFrames(
        await newCore(),
        source.blob,
        (n) => n === Number(frame),
        Number(frame),
        (t) => (shown += t),
        keyLog(text(`${name}.keylog`)),
      );
      expect(tlsLines(shown)).toEqual(tlsLines(text(golden)));
      expect(tlsLines(shown).length).toBeGreaterThan(3);
    });
  }

  it('HTTP/2 inside TLS (ALPN h2): frames, HPACK headers and columns', async () => {
    const fields = [
      'frame.number',
      'http2.type',
      'http2.streamid',
      'http2.headers.path',
      'http2.header.name',
      'http2.header.value',
      '_ws.col.Protocol',
      '_ws.col.Info',
    ];
    const { text: got } = await fieldsOf(file('tls13_http2.pcap'), fields, keyLog(text('tls13_http2.keylog')));
    expect(got).toBe(text('tls13_http2.http2.tsv'));
    expect(got).toContain('GET /first.txt');
  });

  it('TLS 1.0 RSA key exchange decrypts with the server key, PEM and PKCS#12', async () => {
    const want = text('tls10_rsa_aes256_sha.follow-tls-0.txt');
    for (const [key, password] of [
      ['server.key.pem', undefined],
      ['server.p12', 'loupe'],
    ] as const) {
      const tls = new TlsDecryption();
      tls.keyring.addRsaKeys(rsaKeysFromFile(file(key), key, password));
      expect(await followText(file('tls10_rsa_aes256_sha.pcap'), 0, tls)).toBe(want);
    }
  });

  it.each(['tls12_resumed_session_id', 'tls12_resumed_ticket'])(
    "%s: the resumed connection decrypts with the first one's master secret",
    async (name) => {
      // Only the first connection's line: the second must come from the session cache (session ID or ticket).
      const firstOnly = text(`${name}.keylog`)
        .split('\n')
        .filter((l) => l.startsWith('CLIENT_RANDOM'))
        .slice(0, 1)
        .join('\n');
      const tls = keyLog(firstOnly);
      expect(await followText(file(`${name}.pcap`), 1, tls)).toBe(text(`${name}.follow-tls-1.txt`));
      expect(tls.sessions().map((s) => s.status.state)).toEqual(['decrypted', 'decrypted']);
      // tshark given the same one line restores the session too: its fields (tree, columns) are the golden's.
      const { text: got } = await fieldsOf(file(`${name}.pcap`), FIELDS, keyLog(firstOnly));
      expect(got).toBe(text(`${name}.fields.tsv`));
    },
  );
});
