import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../support/run';
import { followText, keyLog } from '../support/tls';

/**
 * STARTTLS (SMTP, IMAP, POP3, FTP AUTH TLS) on loopback captures of openssl s_client -starttls against
 * test/fixtures/starttls/starttls-server.py: the cleartext commands, then the TLS session in the same connection,
 * decrypted with the key log and handed back to the protocol, as tshark 4.0 shows them (make-goldens.sh).
 */
const DIR = join(__dirname, '../fixtures/starttls');
const read = (name: string) => readFileSync(join(DIR, name));
const FIELDS = ['frame.number', 'tls.record.content_type', 'tls.handshake.type', '_ws.col.Protocol', '_ws.col.Info'];

describe('STARTTLS', () => {
  it.each(['smtp_starttls', 'imap_starttls', 'pop3_starttls', 'ftp_auth_tls'])(
    '%s: Follow TLS as tshark',
    async (name) => {
      const tls = keyLog(read(`${name}.keylog`).toString());
      expect(await followText(read(`${name}.pcap`), 0, tls)).toBe(read(`${name}.follow-tls-0.txt`).toString());
      expect(tls.sessions().map((s) => s.status.state)).toEqual(['decrypted']);
    },
  );

  it.each(['smtp_starttls', 'pop3_starttls', 'ftp_auth_tls'])('%s: fields and columns as tshark', async (name) => {
    const { text } = await fieldsOf(join(DIR, `${name}.pcap`), FIELDS, keyLog(read(`${name}.keylog`).toString()));
    expect(text).toBe(read(`${name}.fields.tsv`).toString());
  });

  it('imap_starttls: fields and columns as tshark, but for Info of a request of two lines in one record', async () => {
    const { text } = await fieldsOf(
      join(DIR, 'imap_starttls.pcap'),
      FIELDS,
      keyLog(read('imap_starttls.keylog').toString()),
    );
    const golden = read('imap_starttls.fields.tsv').toString().split('\n');
    const got = text.split('\n');
    expect(got).toHaveLength(golden.length);
    // Frame 15 carries "a1 CAPABILITY" and "a2 LOGOUT": tshark's IMAP names the first request, Loupe's the last.
    got.forEach((line, i) => {
      if (line.startsWith('15\t')) expect(line.split('\t').slice(0, 4)).toEqual(golden[i].split('\t').slice(0, 4));
      else expect(line).toBe(golden[i]);
    });
    expect(got.filter((l) => l.includes('\tIMAP\t')).length).toBeGreaterThanOrEqual(8);
  });

  it('without the key log the session after STARTTLS is TLS, never read as the protocol', async () => {
    const { text } = await fieldsOf(join(DIR, 'smtp_starttls.pcap'), [
      'frame.number',
      '_ws.col.Protocol',
      '_ws.col.Info',
    ]);
    const rows = text
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const afterStartTls = rows.filter(([n]) => Number(n) > 10 && !['TCP'].includes(rows[Number(n) - 1][1]));
    expect(afterStartTls.every(([, protocol]) => protocol.startsWith('TLS'))).toBe(true);
    expect(afterStartTls.some(([, , info]) => info === 'Application Data')).toBe(true);
  });
});
