import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import { dissectFrames } from '../passes/dissect-frames';
import type { TlsDecryption } from '../tls/decryption';
import type { ExportedObject } from '../dissectors';
import { objectFileName } from '../dissectors/objects';

/** `loupe export-objects`'s protocol names: tshark's, with 'ftp' for its 'ftp-data'. */
export const OBJECT_PROTOCOLS: Record<string, string> = { http: 'http', ftp: 'ftp-data', 'ftp-data': 'ftp-data' };

/**
 * `loupe export-objects`: writes every file the protocol carried into `dir` (made if missing), named as
 * `tshark --export-objects <protocol>,<dir>` names them; files already there are not overwritten.
 */
export async function exportObjects(
  core: Core,
  blob: Blob,
  protocol: string,
  dir: string,
  tls?: TlsDecryption,
): Promise<{ result: IngestResult; written: number }> {
  mkdirSync(dir, { recursive: true });
  let written = 0;
  const write = (object: ExportedObject) => {
    if (object.protocol !== protocol) return;
    const name = objectFileName(object, (n) => existsSync(join(dir, n)));
    writeFileSync(join(dir, name), object.bytes);
    written++;
  };
  const result = await dissectFrames(core, blob, () => {}, { onObject: write, tls });
  return { result: result!, written };
}
