import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';

const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));
const FIXTURE = join(__dirname, '../fixtures/http-objects.pcap');

describe('export objects (worker side)', () => {
  it("lists the capture's objects with the names loupe export-objects writes, and serves their bytes", async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(FIXTURE)]), 'http-objects.pcap');
    const entries = await session.exportObjects();
    expect(entries.map((e) => e.filename)).toEqual([
      '%2f',
      'dir',
      'file.txt',
      'file(1).txt',
      'q%3fx=1&y=2',
      'with%20space.html',
      'we%3aird%2ana%22me%3c%3e%7c.txt',
      'page.txt',
      'page(1).txt',
      'page(2).txt',
      'data.bin',
      `${'L'.repeat(251)}.txt`,
      'noext',
      'noext(1)',
      'x.tar.gz',
      'x.tar(1).gz',
      'form.cgi',
      'form(1).cgi',
      'again.txt',
    ]);
    const gzip = entries.find((e) => e.filename === 'page.txt')!;
    expect(gzip).toMatchObject({
      protocol: 'http',
      hostname: '127.0.0.1:8000',
      contentType: 'text/plain',
      size: 11600,
    });
    const bytes = (await session.exportObject(gzip.id))!;
    expect(new TextDecoder().decode(bytes.subarray(0, 28))).toBe('line 00000 of some text body');
    // The chunked body is the same text, gzipped on the wire.
    expect(await session.exportObject(entries.find((e) => e.filename === 'data.bin')!.id)).toEqual(bytes);
    expect(await session.exportObject(10_000)).toBeUndefined();
  });
});
