// `loupe export -Y <filter>` on corpus captures: re-read, the written file must list exactly the frames tshark's
// -Y selects (golden filters.tsv), with their times and lengths as tshark printed them (golden frames.tsv), and
// the same bytes as the original frames.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/export-command';
import { openCapture } from '../../src/core/source';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { compileFilter } from '../../src/filter';
import { goldenCases, hasCorpus } from '../support/corpus';
import { fieldsOf, newCore } from '../support/run';

const SETS = ['real', 'variants', 'tls'];
const dir = mkdtempSync(join(tmpdir(), 'loupe-export-'));

/** The first filter tshark accepted that keeps some frames but not all. */
function someFilter(filtersTsv: string, frames: number): { filter?: string; numbers: number[] } | undefined {
  if (!existsSync(filtersTsv)) return undefined;
  for (const line of readFileSync(filtersTsv, 'utf8').split('\n')) {
    const [filter, list] = line.split('\t');
    if (!list || list === 'ERROR') continue;
    const numbers = list.split(',').map(Number);
    if (numbers.length < frames) return { filter, numbers };
  }
  return undefined;
}

/** Every frame's captured bytes, as hex, sliced from the file where the index says they are. */
async function frameBytes(blob: Blob): Promise<string[]> {
  const index = new PacketIndex();
  await ingest(await newCore(), blob, false, { onRows: (b) => index.append(b) });
  const file = Buffer.from(await blob.arrayBuffer());
  return Array.from({ length: index.count }, (_, i) =>
    file.subarray(index.at('fileOffset', i), index.at('fileOffset', i) + index.at('capLen', i)).toString('hex'),
  );
}

describe.skipIf(!hasCorpus)('loupe export matches tshark -Y -w', () => {
  for (const set of SETS) {
    for (const c of goldenCases(set, 'frames.tsv')) {
      const golden = readFileSync(c.golden, 'utf8').split('\n').filter(Boolean);
      // Without filter goldens, every frame.
      const chosen = someFilter(c.golden.replace(/frames\.tsv$/, 'filters.tsv'), golden.length) ?? {
        filter: undefined,
        numbers: golden.map((_, i) => i + 1),
      };
      it(`${c.name}${chosen.filter ? ` -Y '${chosen.filter}'` : ''}`, async () => {
        const { filter, numbers } = chosen;
        const out = join(dir, c.name.replace('/', '_') + '.pcapng');
        const source = await openCapture(new Blob([readFileSync(c.capture)]));
        await exportCommand(await newCore(), source.blob, out, {
          filter: filter === undefined ? undefined : compileFilter(filter),
          keyLogs: [],
        });
        const expected = numbers.map((n, k) => golden[n - 1].replace(/^\d+/, String(k + 1))).join('\n') + '\n';
        const fields = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len'];
        expect((await fieldsOf(out, fields)).text).toBe(expected);
        const original = await frameBytes(source.blob);
        const written = await frameBytes(new Blob([readFileSync(out)]));
        expect(written).toEqual(numbers.map((n) => original[n - 1]));
      });
    }
  }
});
