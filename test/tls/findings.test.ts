import { describe, expect, it } from 'vitest';
import { suiteFindings, versionFindings } from '../../src/tls/findings';

describe('versionFindings', () => {
  it('flags SSL 3.0 as an error, TLS 1.0 and 1.1 as warnings, and nothing newer', () => {
    expect(versionFindings(0x0300)).toEqual([
      { severity: 'error', check: 'obsolete version', text: 'SSL 3.0 negotiated: deprecated (RFC 7568)' },
    ]);
    expect(versionFindings(0x0301).map((f) => f.severity)).toEqual(['warning']);
    expect(versionFindings(0x0302)[0].text).toBe('TLS 1.1 negotiated: deprecated (RFC 8996)');
    expect(versionFindings(0x0303)).toEqual([]);
    expect(versionFindings(0x0304)).toEqual([]);
    expect(versionFindings(undefined)).toEqual([]);
  });
});

describe('suiteFindings', () => {
  it.each([
    ['TLS_RSA_WITH_NULL_SHA256', ['NULL cipher, the records are not encrypted']],
    ['TLS_RSA_WITH_RC4_128_SHA', ['RC4 is prohibited (RFC 7465)']],
    ['TLS_RSA_EXPORT_WITH_RC4_40_MD5', ['export-grade keys (40 or 56 bits)', 'RC4 is prohibited (RFC 7465)']],
    ['TLS_DH_anon_WITH_AES_128_CBC_SHA', ['anonymous key exchange, the server is not authenticated']],
    [
      'TLS_ECDH_anon_WITH_NULL_SHA',
      ['NULL cipher, the records are not encrypted', 'anonymous key exchange, the server is not authenticated'],
    ],
    ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', []],
    ['TLS_AES_128_GCM_SHA256', []],
  ])('%s', (name, texts) => {
    expect(suiteFindings(name).map((f) => f.text)).toEqual(texts.map((t) => `${name}: ${t}`));
  });
});
