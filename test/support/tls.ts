import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCore } from './run';
import { openCapture } from '../../src/core/source';
import { printFollowTls } from '../../src/cli/follow-command';
import { TlsDecryption } from '../../src/tls/decryption';

/** The openssl-made TLS fixtures (test/fixtures/tls/README.md). */
export const TLS_FIXTURES = join(__dirname, '../fixtures/tls');

export const file = (name: string) => new Uint8Array(readFileSync(join(TLS_FIXTURES, name)));

/** A decryption with one key log's text. */
export function keyLog(text: string): TlsDecryption {
  const tls = new TlsDecryption();
  tls.keyring.addKeyLog(text, 'test.keylog');
  return tls;
}

/** What `loupe follow <capture> tls <stream>` prints for a capture's bytes. */
export async function followText(capture: Uint8Array, stream: number, tls: TlsDecryption): Promise<string> {
  const source = await openCapture(new Blob([capture as BlobPart]));
  let text = '';
  await printFollowTls(await newCore(), source.blob, stream, 'raw', tls, (s) => (text += s));
  return text;
}
