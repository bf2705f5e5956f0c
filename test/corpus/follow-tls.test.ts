import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, goldenCases, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { printFollowTls } from '../../src/cli/follow-command';
import { TlsDecryption } from '../../src/tls/decryption';
import { rsaKeysFromFile } from '../../src/tls/rsa-keys';

/**
 * Follow TLS Stream against tshark's `-o tls.keylog_file:<keylog> -q -z follow,tls,raw,<N>` on every TLS capture
 * of the corpus: with its key log, with the secrets only in its DSB pcapng, and with the server's RSA key (PEM and
 * PKCS#12) where the case has one.
 */
const cases = goldenCases('tls', 'frames.tsv').filter((c) => c.capture.endsWith('.pcap'));

async function follow(capture: string, stream: number, tls: TlsDecryption): Promise<string> {
  const source = await openCapture(new Blob([readFileSync(capture) as BlobPart]));
  let text = '';
  await printFollowTls(await newCore(), source.blob, stream, 'raw', tls, (s) => (text += s));
  return text;
}

function withKeyLog(path: string): TlsDecryption {
  const tls = new TlsDecryption();
  tls.keyring.addKeyLog(readFileSync(path), path);
  return tls;
}

function withRsaKey(path: string, password?: string): TlsDecryption {
  const tls = new TlsDecryption();
  tls.keyring.addRsaKeys(rsaKeysFromFile(new Uint8Array(readFileSync(path)), path, password));
  return tls;
}

describe.skipIf(!hasCorpus)('Follow TLS stream matches tshark on the corpus', () => {
  for (const c of cases) {
    const base = c.capture.slice(0, -'.pcap'.length);
    for (const file of readdirSync(dirname(c.golden)).filter((f) => /^follow-tls-\d+\.txt$/.test(f))) {
      const stream = Number(file.slice('follow-tls-'.length, -4));
      const want = () => readFileSync(join(dirname(c.golden), file), 'utf8');
      it(`${c.name} stream ${stream}, key log`, async () => {
        expect(await follow(c.capture, stream, withKeyLog(`${base}.keylog`))).toBe(want());
      });
      it(`${c.name} stream ${stream}, secrets in the pcapng`, async () => {
        expect(await follow(`${base}.dsb.pcapng`, stream, new TlsDecryption())).toBe(want());
      });
      if (existsSync(`${base}.key.pem`)) {
        it(`${c.name} stream ${stream}, RSA key PEM`, async () => {
          expect(await follow(c.capture, stream, withRsaKey(`${base}.key.pem`))).toBe(want());
        });
        it(`${c.name} stream ${stream}, RSA key PKCS#12`, async () => {
          expect(await follow(c.capture, stream, withRsaKey(`${base}.p12`, 'loupe'))).toBe(want());
        });
      }
    }
  }

  it('finds the corpus TLS captures', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(existsSync(join(CORPUS, 'tls'))).toBe(true);
  });
});
