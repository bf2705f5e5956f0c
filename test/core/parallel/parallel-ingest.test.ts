import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestResult, type SideEntry } from '../../../src/core/ingest';
import { PacketIndex, type ColumnName } from '../../../src/core/packet-index';
import { inProcessSpawner } from '../../../src/core/parallel/in-process';
import { parallelIngest } from '../../../src/core/parallel/parallel-ingest';
import { CORPUS, hasCorpus } from '../../support/corpus';
import { newCore } from '../../support/run';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

interface Pass {
  result: IngestResult;
  columns: Record<string, number[]>;
  sides: string[];
}

async function onePass(blob: Blob): Promise<Pass> {
  const index = new PacketIndex();
  const sides: SideEntry[] = [];
  const result = await ingest(await newCore(), blob, false, {
    onRows: (rows) => index.append(rows),
    onSide: (e) => sides.push(e),
  });
  return summarise(result, index, sides);
}

async function cut(blob: Blob, pieces: number): Promise<Pass & { joined: number }> {
  const index = new PacketIndex();
  const sides: SideEntry[] = [];
  const result = await parallelIngest(
    await newCore(),
    blob,
    { onRows: (rows) => index.append(rows), onSide: (e) => sides.push(e) },
    { spawn: inProcessSpawner(blob, newCore), pieces, minBytes: 0 },
  );
  return { ...summarise(result, index, sides), joined: result.piecesJoined ?? 0 };
}

function summarise(result: IngestResult, index: PacketIndex, sides: SideEntry[]): Pass {
  const snapshot = index.snapshot();
  const columns = Object.fromEntries(
    Object.entries(snapshot).map(([name, values]) => [name, Array.from(values as ArrayLike<number>)]),
  ) as Record<ColumnName, number[]>;
  const { piecesJoined: _, ...rest } = result;
  return {
    result: rest,
    columns,
    sides: sides.map((e) => `${e.kind}:${e.frame}:${Buffer.from(e.bytes).toString('hex')}`),
  };
}

function captures(): string[] {
  const list = (dir: string, filter = (name: string) => /\.(pcap|pcapng|cap)$/.test(name)) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter(filter)
          .map((name) => join(dir, name))
      : [];
  const fixtures = ['encap', 'linklayers', 'query', 'stats'].flatMap((d) => list(join(FIXTURES, d)));
  // The malformed folder's hundreds of damaged files: every seventh.
  const malformed = list(join(CORPUS, 'malformed')).filter((_, i) => i % 7 === 0);
  const corpus = hasCorpus ? [...['real', 'variants', 'apps'].flatMap((d) => list(join(CORPUS, d))), ...malformed] : [];
  return [...fixtures, ...corpus];
}

describe('parallel ingest', () => {
  const files = captures();
  let joinedSomewhere = 0;

  it.each(files.map((f) => [f.slice(f.lastIndexOf('/', f.lastIndexOf('/') - 1) + 1), f]))(
    '%s cut into pieces indexes as one pass does',
    async (_name, file) => {
      const blob = new Blob([readFileSync(file)]);
      const single = await onePass(blob);
      for (const pieces of [2, 3, 7]) {
        const parallel = await cut(blob, pieces);
        joinedSomewhere += parallel.joined;
        expect(parallel.result).toEqual(single.result);
        for (const name of Object.keys(single.columns)) {
          expect({ name, values: parallel.columns[name] }).toEqual({ name, values: single.columns[name] });
        }
        expect(parallel.sides).toEqual(single.sides);
      }
    },
  );

  it('joined pieces read elsewhere (not only fell back to one pass)', () => {
    expect(joinedSomewhere).toBeGreaterThan(files.length);
  });
});
