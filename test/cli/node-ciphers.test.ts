import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { file, followText, TLS_FIXTURES } from '../support/tls';
import { nodeCiphers } from '../../src/cli/node-ciphers';
import { TlsDecryption } from '../../src/tls/decryption';

/** The CLI's node:crypto ciphers open every fixture as @noble/ciphers does (GCM, CCM, CCM_8, CBC, ChaCha20 via the corpus). */
describe('node:crypto TLS ciphers', () => {
  const names = readdirSync(TLS_FIXTURES)
    .filter((f) => f.endsWith('.pcap'))
    .map((f) => f.slice(0, -5));
  it.each(names)('%s', async (name) => {
    const tls = new TlsDecryption(undefined, undefined, nodeCiphers);
    tls.keyring.addKeyLog(readFileSync(join(TLS_FIXTURES, `${name}.keylog`)), 'k');
    expect(await followText(file(`${name}.pcap`), 0, tls)).toBe(
      readFileSync(join(TLS_FIXTURES, `${name}.follow-tls-0.txt`), 'utf8'),
    );
  });

  it('refuses a record whose tag does not match', () => {
    const key = new Uint8Array(16);
    expect(() => nodeCiphers.openGcm(key, new Uint8Array(12), new Uint8Array(0), new Uint8Array(32))).toThrow();
    expect(() => nodeCiphers.openCcm(key, new Uint8Array(12), new Uint8Array(5), new Uint8Array(24), 8)).toThrow();
    expect(() =>
      nodeCiphers.openChaCha20Poly1305(new Uint8Array(32), new Uint8Array(12), new Uint8Array(0), new Uint8Array(20)),
    ).toThrow();
  });
});
