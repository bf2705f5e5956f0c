import { describe, expect, it } from 'vitest';
import { frameBytes } from '../../src/core/frame-bytes';
import { PacketIndex, type ColumnName } from '../../src/core/packet-index';
import { readSlice } from '../../src/core/source';

/** The byte a SparseFile holds at `offset`: its offset's own pattern, so a read at a wrong place shows. */
const byteAt = (offset: number) => Math.floor(offset / 7) % 251;

/**
 * A file of `size` bytes (beyond WebAssembly's 4 GB) whose content is computed, as a Blob slices it: what the app
 * gets from the file picker and the CLI from openAsBlob, without a file of that size on disk.
 */
class SparseFile {
  constructor(readonly size: number) {}
  slice(start = 0, end = this.size): { size: number; arrayBuffer(): Promise<ArrayBuffer> } {
    const from = Math.min(Math.max(start, 0), this.size);
    const to = Math.min(Math.max(end, from), this.size);
    return {
      size: to - from,
      arrayBuffer: async () => Uint8Array.from({ length: to - from }, (_, i) => byteAt(from + i)).buffer,
    };
  }
}

/** An index of frames of 60 bytes at the given file offsets. */
function indexAt(offsets: number[]): PacketIndex {
  const index = new PacketIndex();
  const n = offsets.length;
  const columns = {} as Record<ColumnName, ArrayLike<number>>;
  for (const name of Object.keys(index.snapshot()) as ColumnName[]) columns[name] = new Uint32Array(n);
  columns.fileOffset = Float64Array.from(offsets);
  columns.tsSec = new Float64Array(n);
  columns.capLen = new Uint32Array(n).fill(60);
  columns.origLen = new Uint32Array(n).fill(60);
  index.append({ count: n, ...columns } as Parameters<PacketIndex['append']>[0]);
  return index;
}

describe('captures larger than 4 GB', () => {
  const size = 6e9;
  const blob = new SparseFile(size) as unknown as Blob;

  it('reads slices at offsets past 2^32 exactly', async () => {
    for (const offset of [2 ** 32 - 3, 2 ** 32, 2 ** 32 + 1, 5_999_999_940]) {
      const bytes = await readSlice(blob, offset, 60);
      expect(Array.from(bytes)).toEqual(Array.from({ length: 60 }, (_, i) => byteAt(offset + i)));
    }
  });

  it("gives frames beyond 4 GB their own bytes (the list's rows, the tree, export)", async () => {
    const offsets = [24, 2 ** 32 - 30, 2 ** 32 + 30, 5 * 2 ** 30 + 5, size - 60];
    const index = indexAt(offsets);
    expect(index.at('fileOffset', 3)).toBe(5 * 2 ** 30 + 5);
    const got = new Map<number, number[]>();
    for await (const batch of frameBytes(blob, index, [4, 1, 2, 0, 3])) {
      for (const { row, bytes } of batch) got.set(row, Array.from(bytes));
    }
    offsets.forEach((offset, row) =>
      expect(got.get(row), `row ${row}`).toEqual(Array.from({ length: 60 }, (_, i) => byteAt(offset + i))),
    );
  });
});
