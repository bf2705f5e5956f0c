import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlob } from '../../src/cli/file-blob';
import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { ingest, type RowBatch } from '../../src/core/ingest';
import { loadCoreForNode } from '../../src/core/load-node';

// A sparse file: 5 GB long on paper, a few bytes written, nothing more on disk.
const SIZE = 5 * 2 ** 30;
const MARK_AT = 2 ** 32 + 1000;
const MARK = Uint8Array.of(1, 2, 3, 4, 5);

describe('FileBlob (captures over 4 GB in the CLI)', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loupe-file-blob-'));
    path = join(dir, 'sparse.bin');
    const file = await open(path, 'w');
    await file.write(Uint8Array.of(9, 8, 7), 0, 3, 0);
    await file.write(MARK, 0, MARK.length, MARK_AT);
    await file.truncate(SIZE);
    await file.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has the file’s whole size and reads bytes past 2^32 where they are', async () => {
    const blob = await FileBlob.open(path, SIZE);
    expect(blob.size).toBe(SIZE);
    const slice = blob.slice(MARK_AT - 2, MARK_AT + 7);
    expect(slice.size).toBe(9);
    expect(Array.from(new Uint8Array(await slice.arrayBuffer()))).toEqual([0, 0, 1, 2, 3, 4, 5, 0, 0]);
    expect(Array.from(new Uint8Array(await blob.slice(0, 3).arrayBuffer()))).toEqual([9, 8, 7]);
  });

  it('slices as Blob.slice does: slices of slices, negative and out-of-range bounds', async () => {
    const blob = await FileBlob.open(path, SIZE);
    const inner = blob.slice(MARK_AT - 10).slice(10, 12);
    expect(Array.from(new Uint8Array(await inner.arrayBuffer()))).toEqual([1, 2]);
    expect(blob.slice(-4).size).toBe(4);
    expect(blob.slice(SIZE + 5, SIZE + 10).size).toBe(0);
    expect(blob.slice(10, 5).size).toBe(0);
  });

  it('streams its bytes', async () => {
    const blob = (await FileBlob.open(path, SIZE)).slice(MARK_AT - (1 << 20) - 3, MARK_AT + 5);
    let total = 0;
    let last: Uint8Array = new Uint8Array(0);
    for await (const chunk of blob.stream() as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      last = chunk;
    }
    expect(total).toBe((1 << 20) + 8);
    expect(Array.from(last.subarray(-5))).toEqual(Array.from(MARK));
  });

  it('reads into a given array, fewer bytes at its end', async () => {
    const blob = (await FileBlob.open(path, SIZE)).slice(MARK_AT - 2) as unknown as FileBlob;
    const target = new Uint8Array(4);
    expect(blob.readInto(1, target)).toBe(4);
    expect(Array.from(target)).toEqual([0, 1, 2, 3]);
    expect(blob.readInto(blob.size - 3, target)).toBe(3);
    expect(blob.readInto(blob.size, target)).toBe(0);
  });

  it('is ingested straight into the core as a Blob is, a capture cut short included', async () => {
    const core = await loadCoreForNode();
    const capture = new Uint8Array(await (await openAsBlob('test/fixtures/http-objects.pcap')).arrayBuffer());
    for (const bytes of [capture, capture.subarray(0, capture.length - 100)]) {
      const file = join(dir, 'capture.pcap');
      await writeFile(file, bytes);
      const run = async (blob: Blob) => {
        const offsets: number[] = [];
        const result = await ingest(
          core,
          blob,
          false,
          {
            onRows: (rows: RowBatch) => offsets.push(...rows.fileOffset, ...rows.stream, ...rows.analysis),
          },
          { chunkBytes: 1000 },
        );
        return { result, offsets };
      };
      const direct = await run(await FileBlob.open(file, bytes.length));
      expect(direct).toEqual(await run(new Blob([bytes])));
      expect(direct.result.frames).toBeGreaterThan(10);
    }
  });
});
