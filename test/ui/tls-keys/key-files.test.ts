import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeCapture, looksLikeKeyText, outcomeText } from '../../../src/ui/tls-keys/key-files';

const head = (path: string) => new Uint8Array(readFileSync(new URL(path, import.meta.url))).subarray(0, 4);

describe('key files told from captures', () => {
  it('captures by magic number; key logs, PEM and PKCS#12 are not captures', () => {
    expect(looksLikeCapture(head('../../../public/demo/demo.pcapng'))).toBe(true);
    expect(looksLikeCapture(head('../../fixtures/tls/tls13_key_update.pcap'))).toBe(true);
    expect(looksLikeCapture(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe(true);
    expect(looksLikeCapture(head('../../fixtures/tls/tls13_key_update.keylog'))).toBe(false);
    expect(looksLikeCapture(head('../../fixtures/tls/server.key.pem'))).toBe(false);
    expect(looksLikeCapture(head('../../fixtures/tls/server.p12'))).toBe(false);
    expect(looksLikeCapture(new Uint8Array([1]))).toBe(false);
  });

  it('pasted key logs and PEM keys are recognised, other text is not', () => {
    expect(
      looksLikeKeyText(readFileSync(new URL('../../fixtures/tls/tls13_key_update.keylog', import.meta.url), 'utf8')),
    ).toBe(true);
    expect(looksLikeKeyText(readFileSync(new URL('../../fixtures/tls/server.key.pem', import.meta.url), 'utf8'))).toBe(
      true,
    );
    expect(looksLikeKeyText('tcp.port == 443')).toBe(false);
  });

  it('says what a key file held, with unreadable lines by number', () => {
    expect(
      outcomeText({
        kind: 'keylog',
        name: 'k.log',
        secrets: 3,
        problems: [{ line: 7, reason: "unknown label 'X'" }],
        truncated: false,
      }),
    ).toEqual({
      text: 'k.log: 3 secrets read; 1 line could not be read.',
      lines: ["line 7: unknown label 'X'"],
      ok: true,
    });
    expect(outcomeText({ kind: 'rsa', name: 'a.pem', keys: 1, bits: [2048] }).text).toBe(
      'a.pem: 1 RSA private key (2048 bits) read.',
    );
    expect(
      outcomeText({ kind: 'password', name: 'a.p12', message: 'wrong password for a.p12: the key could not be read' }),
    ).toEqual({ text: 'wrong password for a.p12: the key could not be read', lines: [], ok: false });
  });
});
