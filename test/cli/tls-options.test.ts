import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTlsKeys, noKeyFiles, tlsKeyOption } from '../../src/cli/tls-options';
import { TLS_FIXTURES } from '../support/tls';
import { TlsDecryption } from '../../src/tls/decryption';

describe('--keylog and --rsa-key', () => {
  it('collects the files, a password after the last colon', () => {
    const files = noKeyFiles();
    const args = ['--keylog', 'a.log', '--rsa-key', 'site.pfx:pa:ss', '--rsa-key', 'key.pem', '-e'];
    expect(tlsKeyOption(args, 0, files)).toBe(2);
    expect(tlsKeyOption(args, 2, files)).toBe(2);
    expect(tlsKeyOption(args, 4, files)).toBe(2);
    expect(tlsKeyOption(args, 6, files)).toBe(0);
    expect(tlsKeyOption(['--keylog'], 0, files)).toBe('--keylog needs a file');
    expect(files).toEqual({
      keyLogs: ['a.log'],
      rsaKeys: [{ path: 'site.pfx:pa', password: 'ss' }, { path: 'key.pem' }],
    });
  });

  it('warns about key log lines it cannot read, by file and line, and about a truncated file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-keys-'));
    const path = join(dir, 'bad.keylog');
    writeFileSync(
      path,
      `# comment\nGARBAGE 1 2\nCLIENT_RANDOM ${'ab'.repeat(32)} ${'cd'.repeat(48)}\nCLIENT_RANDOM ${'ab'.repeat(32)} cdcd`,
    );
    const warnings: string[] = [];
    const tls = await loadTlsKeys({ keyLogs: [path], rsaKeys: [] }, (m) => warnings.push(m));
    expect(tls).toBeInstanceOf(TlsDecryption);
    expect(warnings).toEqual([
      `${path}:2: unknown label 'GARBAGE'`,
      `${path}:4: CLIENT_RANDOM: secret has 2 bytes, not 48 (the file ends inside this line: cut short?)`,
      `${path}: the key log is truncated: its last line is cut short; the 1 secrets before it are used`,
    ]);
  });

  it('refuses an unreadable key log, and a PKCS#12 file with the wrong password', async () => {
    expect(await loadTlsKeys({ keyLogs: ['/nonexistent/k.log'], rsaKeys: [] }, () => {})).toMatch(
      /^cannot read key log '\/nonexistent\/k.log'/,
    );
    expect(
      await loadTlsKeys(
        { keyLogs: [], rsaKeys: [{ path: join(TLS_FIXTURES, 'server.p12'), password: 'nope' }] },
        () => {},
      ),
    ).toBe('server.p12: wrong PKCS#12 password');
    expect(
      await loadTlsKeys(
        { keyLogs: [], rsaKeys: [{ path: join(TLS_FIXTURES, 'server.p12'), password: 'loupe' }] },
        () => {},
      ),
    ).toBeInstanceOf(TlsDecryption);
  });
});
