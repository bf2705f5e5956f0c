import type { TlsDecryption } from '../../src/tls/decryption';
import { readFileSync } from 'node:fs';
import { Core } from '../../src/core/core';
import { printFields } from '../../src/cli/fields-command';
import { printFrames } from '../../src/cli/show-command';
import { openCapture } from '../../src/core/source';
import type { IngestResult } from '../../src/core/ingest';

let wasm: Buffer | undefined;

/** A fresh core instance from dist/core.wasm (built by `npm run build:wasm`). */
export async function newCore(): Promise<Core> {
  wasm ??= readFileSync(new URL('../../dist/core.wasm', import.meta.url));
  return Core.instantiate(wasm);
}

/** What `loupe fields` prints for a capture held in memory or on disk. */
export async function fieldsOf(
  capture: Uint8Array | string,
  fields: string[],
  tls?: TlsDecryption,
): Promise<{ text: string; result: IngestResult }> {
  const bytes = typeof capture === 'string' ? readFileSync(capture) : capture;
  const source = await openCapture(new Blob([bytes as BlobPart]));
  let text = '';
  const result = await printFields(await newCore(), source.blob, fields, (s) => (text += s), undefined, undefined, tls);
  return { text, result };
}

/** What `loupe show` prints for one frame of a capture on disk (empty when the frame does not exist). */
export async function showOf(capture: string, frame: number): Promise<string> {
  return (await showAll(capture, frame))[frame - 1] ?? '';
}

/** Every frame's tree up to frame `last` (all when omitted), as `loupe show` prints each. */
export async function showAll(capture: string, last = Infinity): Promise<string[]> {
  const source = await openCapture(new Blob([readFileSync(capture) as BlobPart]));
  const frames: string[] = [];
  await printFrames(
    await newCore(),
    source.blob,
    () => true,
    last,
    (s) => frames.push(s),
  );
  return frames;
}
