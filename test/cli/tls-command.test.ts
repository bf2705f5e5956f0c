import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tlsCommand } from '../../src/cli/tls-command';
import { openCapture } from '../../src/core/source';
import { TlsDecryption } from '../../src/tls/decryption';
import type { TlsSessionSummary } from '../../src/present/tls-sessions';
import { newCore } from '../support/run';

// Loopback captures of openssl s_server/s_client with the certificates of make-captures.sh.
const DIR = join(__dirname, '../fixtures/tls-checks');

async function sessions(name: string, keylog = true): Promise<{ text: string; json: TlsSessionSummary[] }> {
  const run = async (json: boolean) => {
    const tls = new TlsDecryption();
    if (keylog) tls.keyring.addKeyLog(readFileSync(join(DIR, `${name}.keylog`)), 'keylog');
    const source = await openCapture(new Blob([readFileSync(join(DIR, `${name}.pcap`)) as BlobPart]));
    let out = '';
    await tlsCommand(await newCore(), source.blob, tls, { json }, (s) => (out += s));
    return out;
  };
  return { text: await run(false), json: JSON.parse(await run(true)).sessions };
}
const checks = (s: TlsSessionSummary) => s.findings.map((f) => `${f.severity} ${f.check}`);

describe('loupe tls on loopback captures (test/fixtures/tls-checks)', () => {
  it('a good chain over TLS 1.3: checked once the key log opens its Certificate message', async () => {
    const { json, text } = await sessions('good_chain_tls13');
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ sni: 'www.wild.test', version: 'TLS 1.3', state: 'decrypted', findings: [] });
    expect(json[0].certificates.map((c) => c.subject)).toEqual(['CN=good.test', 'CN=Loupe Test CA']);
    expect(text).toContain('  Findings: none\n');
    expect(text).toMatch(/Certificate 1 \(frame \d+\): CN=good\.test, issued by CN=Loupe Test CA\n/);
    const locked = (await sessions('good_chain_tls13', false)).json[0];
    expect(locked.certificates).toEqual([]);
    expect(locked.findings).toEqual([
      expect.objectContaining({ severity: 'note', text: expect.stringContaining('TLS 1.3 encrypts it') }),
    ]);
  });

  it('an expired certificate sent without its issuer', async () => {
    const [s] = (await sessions('expired_tls12')).json;
    expect(s).toMatchObject({ sni: 'expired.test', version: 'TLS 1.2', state: 'decrypted' });
    expect(checks(s)).toEqual(['error expired', 'warning issuer missing']);
  });

  it('a certificate not valid yet, signed with MD5, over a NULL suite', async () => {
    const { json, text } = await sessions('notyet_md5_null');
    expect(json[0].suite).toBe('TLS_RSA_WITH_NULL_SHA256 (0x003b)');
    expect(checks(json[0])).toEqual([
      'error obsolete suite',
      'error not yet valid',
      'warning issuer missing',
      'error weak signature',
    ]);
    expect(text).toContain('    error: TLS_RSA_WITH_NULL_SHA256: NULL cipher, the records are not encrypted\n');
  });

  it('an SNI the certificate does not name, and one a wildcard does not reach', async () => {
    expect(checks((await sessions('wrong_name')).json[0])).toEqual(['warning issuer missing', 'error name mismatch']);
    const [deep] = (await sessions('wildcard_too_deep')).json;
    expect(deep.findings.at(-1)?.text).toBe(
      "SNI a.b.wild.test is not among the certificate's names (good.test, *.wild.test)",
    );
  });

  it('TLS 1.0 with a self-signed, SHA-1 signed, 1024-bit certificate', async () => {
    const { json, text } = await sessions('weak_tls10');
    expect(checks(json[0])).toEqual([
      'warning obsolete version',
      'warning self-signed',
      'warning weak signature',
      'warning weak key',
    ]);
    expect(text).toContain('Certificate 1 (frame 6): CN=weak.test (self-signed)\n');
    expect(text).toContain('    warning: TLS 1.0 negotiated: deprecated (RFC 8996)\n');
  });

  it('says so when a capture has no TLS', async () => {
    const source = await openCapture(new Blob([readFileSync(join(__dirname, '../fixtures/pop3.pcap')) as BlobPart]));
    let out = '';
    await tlsCommand(await newCore(), source.blob, new TlsDecryption(), { json: false }, (s) => (out += s));
    expect(out).toBe('No TLS session in the capture.\n');
  });
});
