// Every capture of the shared corpus that has a frames.tsv: `loupe fields` must print it byte for byte.
// Captures tshark refuses (exit 2, no output) must give no output and a fatal problem.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../support/run';
import { goldenCases, goldenFields, hasCorpus } from '../support/corpus';

const SETS = ['real', 'variants', 'malformed', 'tls', 'msn', 'apps'];

function tsharkExit(golden: string): number {
  const dir = golden.slice(0, golden.lastIndexOf('/'));
  const line = readFileSync(join(dir, 'COMMAND.txt'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('frames.tsv <- '));
  return Number(/\(exit (\d+)\)/.exec(line ?? '')?.[1] ?? 0);
}

describe.skipIf(!hasCorpus)('frames.tsv parity with tshark', () => {
  for (const set of SETS) {
    for (const c of goldenCases(set, 'frames.tsv')) {
      it(c.name, async () => {
        const { text, result } = await fieldsOf(c.capture, goldenFields(c.golden));
        expect(text).toBe(readFileSync(c.golden, 'utf8'));
        expect(result.problem?.fatal ?? false).toBe(tsharkExit(c.golden) !== 0);
      });
    }
  }
});
