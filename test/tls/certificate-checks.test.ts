import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChain, matchesHostName } from '../../src/tls/certificate-checks';

// Certificates made by openssl in test/fixtures/tls-checks/make-captures.sh: a CA, and leaves it signed.
const DIR = join(__dirname, '../fixtures/tls-checks');
const der = (name: string): Uint8Array => {
  const pem = readFileSync(join(DIR, `${name}.cert.pem`), 'utf8');
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
};
const CA = der('ca');
const GOOD = der('good');
const checks = (chain: Uint8Array[], at: Date, sni?: string) =>
  checkChain(chain, at, sni).findings.map((f) => `${f.severity} ${f.check}`);
// The good certificate's validity starts the day it was made; a year on it is valid.
const validAt = (cert: Uint8Array) =>
  new Date(Date.parse(checkChain([cert], new Date()).certificates[0].notBefore) + 365 * 86400e3);

describe('checkChain', () => {
  it('finds nothing wrong with a leaf and its CA, SNI matched by the wildcard', () => {
    const report = checkChain([GOOD, CA], validAt(GOOD), 'www.wild.test');
    expect(report.findings).toEqual([]);
    expect(report.certificates.map((c) => [c.subject, c.issuer, c.key, c.signature, c.selfSigned])).toEqual([
      ['CN=good.test', 'CN=Loupe Test CA', 'RSA 2048 bits', 'sha256WithRSAEncryption', false],
      ['CN=Loupe Test CA', 'CN=Loupe Test CA', 'RSA 2048 bits', 'sha256WithRSAEncryption', true],
    ]);
    expect(report.certificates[0].names).toEqual(['good.test', '*.wild.test']);
  });

  it('says when the leaf comes without its issuer', () => {
    const report = checkChain([GOOD], validAt(GOOD), 'good.test');
    expect(report.findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        check: 'issuer missing',
        text: expect.stringContaining('CN=Loupe Test CA'),
      }),
    ]);
  });

  it('finds an expired certificate, and one not valid yet, at the capture time given', () => {
    const expired = checkChain([der('expired'), CA], validAt(GOOD), 'expired.test').findings;
    expect(expired).toEqual([
      expect.objectContaining({ check: 'expired', text: expect.stringContaining('expired on 2020-01-01T00:00:00Z') }),
    ]);
    // The same certificate was valid in 2019 (its CA, made today, was not yet: every certificate is checked).
    expect(checks([der('expired'), CA], new Date('2019-06-01T00:00:00Z'), 'expired.test')).toEqual([
      'error not yet valid',
    ]);
    expect(checks([der('expired')], new Date('2019-06-01T00:00:00Z'), 'expired.test')).toEqual([
      'warning issuer missing',
    ]);
    expect(checks([der('notyet'), CA], validAt(GOOD), 'notyet.test')).toEqual([
      'error not yet valid',
      'error weak signature',
    ]);
  });

  it('names an MD5 signature as an error, SHA-1 as a warning, a 1024-bit RSA key and a self-signed leaf', () => {
    const md5 = checkChain([der('notyet'), CA], new Date('2035-06-01T00:00:00Z'), 'notyet.test').findings;
    expect(md5.map((f) => f.text)).toEqual([
      "the server's certificate (CN=notyet.test) is signed with MD5 (md5WithRSAEncryption)",
    ]);
    const weak = checkChain([der('weak')], validAt(der('weak')), 'weak.test').findings;
    expect(weak.map((f) => `${f.severity} ${f.check}`)).toEqual([
      'warning self-signed',
      'warning weak signature',
      'warning weak key',
    ]);
    expect(weak[2].text).toContain('1024-bit RSA key');
  });

  it('finds an SNI not among the names, and reports the names', () => {
    const findings = checkChain([der('other'), CA], validAt(GOOD), 'good.test').findings;
    expect(findings).toEqual([
      {
        severity: 'error',
        check: 'name mismatch',
        text: "SNI good.test is not among the certificate's names (other.test)",
      },
    ]);
    // No SNI: no name to check.
    expect(checks([der('other'), CA], validAt(GOOD))).toEqual([]);
  });

  it('reports a certificate it cannot read and checks the rest', () => {
    const report = checkChain([new Uint8Array([0x30, 0x03, 1, 2, 3]), CA], validAt(GOOD));
    expect(report.findings.map((f) => f.check)).toEqual(['unreadable certificate']);
    expect(report.certificates).toHaveLength(1);
  });
});

describe('matchesHostName (RFC 6125 §6.4)', () => {
  it.each([
    ['good.test', 'good.test', true],
    ['GOOD.Test', 'good.test', true],
    ['good.test.', 'good.test', true],
    ['good.test', 'www.good.test', false],
    ['*.wild.test', 'www.wild.test', true],
    ['*.wild.test', 'wild.test', false],
    ['*.wild.test', 'a.b.wild.test', false],
    ['*.test', 'good.test', false],
    ['w*.wild.test', 'www.wild.test', false],
    ['www.*.test', 'www.wild.test', false],
  ])('%s against %s: %s', (pattern, host, expected) => {
    expect(matchesHostName(pattern, host)).toBe(expected);
  });
});
