import { describe, expect, it } from 'vitest';
import { frameBytes } from '../../src/core/frame-bytes';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { newCore } from '../support/run';
import { pcapFile } from '../support/pcap-builder';

/** Frames of `size` bytes, each filled with its own number. */
function capture(count: number, size: number): Uint8Array {
  return pcapFile(
    Array.from({ length: count }, (_, i) => ({ sec: 1, frac: i, data: new Uint8Array(size).fill(i + 1) })),
  );
}

async function indexed(file: Uint8Array): Promise<PacketIndex> {
  const index = new PacketIndex();
  await ingest(await newCore(), new Blob([file as BlobPart]), false, { onRows: (rows) => index.append(rows) });
  return index;
}

describe('frameBytes', () => {
  it('gives each row its bytes, in the order asked, near rows in one batch', async () => {
    const file = capture(10, 60);
    const index = await indexed(file);
    const batches = [];
    for await (const batch of frameBytes(new Blob([file as BlobPart]), index, [7, 2, 9, 0])) batches.push(batch);
    expect(batches).toHaveLength(1);
    expect(batches[0].map((b) => b.row)).toEqual([7, 2, 9, 0]);
    expect(batches[0].map((b) => [b.bytes.length, b.bytes[0], b.bytes[59]])).toEqual([
      [60, 8, 8],
      [60, 3, 3],
      [60, 10, 10],
      [60, 1, 1],
    ]);
  });

  it('reads rows far apart in the file in batches of their own, and at most 2048 rows a batch', async () => {
    const big = capture(50, 200_000);
    const bigIndex = await indexed(big);
    const apart = [];
    for await (const batch of frameBytes(new Blob([big as BlobPart]), bigIndex, [0, 49, 1]))
      apart.push(batch.map((b) => [b.row, b.bytes[0]]));
    expect(apart).toEqual([[[0, 1]], [[49, 50]], [[1, 2]]]);

    const many = capture(2100, 20);
    const manyIndex = await indexed(many);
    const sizes = [];
    for await (const batch of frameBytes(
      new Blob([many as BlobPart]),
      manyIndex,
      Array.from({ length: 2100 }, (_, i) => i),
    ))
      sizes.push(batch.length);
    expect(sizes).toEqual([2048, 52]);
  });
});
