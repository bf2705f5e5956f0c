import { describe, expect, it } from 'vitest';
import { PacketIndex } from '../../src/core/packet-index';
import { packAnalysis, packAnalysisGently, unpackAnalysis } from '../../src/store/packed-analysis';
import { ColumnTable } from '../../src/worker/column-table';
import type { ExpertEntry } from '../../src/api/analysis';

/** An index of `count` rows whose every column holds recognisable values. */
function indexOf(count: number): PacketIndex {
  const index = new PacketIndex(4);
  const probe = index.snapshot();
  const batch = Object.fromEntries(
    Object.entries(probe).map(([name, column]) => {
      const Type = column.constructor as new (n: number) => typeof column;
      const values = new Type(count);
      for (let i = 0; i < count; i++) values[i] = (i * 7 + name.length) % 200;
      return [name, values];
    }),
  );
  index.append({ ...batch, count } as Parameters<PacketIndex['append']>[0]);
  return index;
}

describe('packed analysis', () => {
  it('gives back the index, Protocol/Info table and expert items it packed, from one Blob', async () => {
    const index = indexOf(1000);
    const table = new ColumnTable();
    for (let i = 0; i < 1000; i++) table.push(i % 2 ? 'TCP' : 'MSNMS', `MSG ${i} ☕ ${'x'.repeat(i % 13)}`);
    const expert: ExpertEntry[] = [
      {
        severity: 6291456,
        severityName: 'Warning',
        group: 'Sequence',
        message: 'Previous segment not captured',
        frames: [3, 9, 999],
      },
    ];
    const pieces = new Map([
      [
        7,
        [
          { offset: 100, length: 1480 },
          { offset: 1700, length: 20 },
        ],
      ],
      [12, [{ offset: 2 ** 33, length: 8 }]],
    ]);
    const packed = packAnalysis({
      index: { count: index.count, columns: index.snapshot() },
      pieces,
      columns: table.snapshot(),
      expert,
    });
    expect(packed).toBeInstanceOf(Blob);

    const parts = await unpackAnalysis(packed);
    const restored = PacketIndex.restore(parts.index.count, parts.index.columns);
    for (const [name, column] of Object.entries(index.snapshot())) {
      expect(Array.from(restored.column(name as keyof typeof parts.index.columns)), name).toEqual(Array.from(column));
    }
    const back = ColumnTable.restore(parts.columns!);
    expect(back.count).toBe(1000);
    expect([back.protocol(0), back.info(0), back.protocol(999), back.info(999)]).toEqual([
      'MSNMS',
      'MSG 0 ☕ ',
      'TCP',
      `MSG 999 ☕ ${'x'.repeat(999 % 13)}`,
    ]);
    expect(parts.expert).toEqual(expert);
    expect(parts.pieces).toEqual(pieces);
  });

  it('packs gently (array by array, between tasks) the very same bytes', async () => {
    const index = indexOf(500);
    const table = new ColumnTable();
    for (let i = 0; i < 500; i++) table.push('UDP', `Info ${i}`);
    const parts = { index: { count: index.count, columns: index.snapshot() }, columns: table.snapshot(), expert: [] };
    const gentle = new Uint8Array(await (await packAnalysisGently(parts)).arrayBuffer());
    expect(gentle).toEqual(new Uint8Array(await packAnalysis(parts).arrayBuffer()));
  });

  it('packs an index alone, and an empty capture', async () => {
    const index = indexOf(3);
    const alone = await unpackAnalysis(packAnalysis({ index: { count: 3, columns: index.snapshot() } }));
    expect(alone.columns).toBeUndefined();
    expect(alone.expert).toBeUndefined();
    expect(Array.from(alone.index.columns.srcPort)).toEqual(Array.from(index.column('srcPort')));
    const empty = new PacketIndex();
    const none = await unpackAnalysis(
      packAnalysis({
        index: { count: 0, columns: empty.snapshot() },
        columns: new ColumnTable().snapshot(),
        expert: [],
      }),
    );
    expect(none.index.count).toBe(0);
    expect(ColumnTable.restore(none.columns!).count).toBe(0);
  });

  it('refuses damaged or foreign data with a clear message', async () => {
    const packed = packAnalysis({ index: { count: 3, columns: indexOf(3).snapshot() } });
    await expect(unpackAnalysis(new Blob(['short']))).rejects.toThrow('the stored analysis is damaged (too short)');
    await expect(unpackAnalysis(new Blob(['not a packed analysis at all']))).rejects.toThrow('not a packed analysis');
    await expect(unpackAnalysis(packed.slice(0, packed.size - 1))).rejects.toThrow('an array runs past the end');
  });
});
