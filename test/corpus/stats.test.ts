import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { parseStat, printStats } from '../../src/cli/stats-command';

// Goldens: what tshark 4.0 prints (-n -q -z <statistic>), written by scripts/stats-goldens.sh.
const FIXTURES = new URL('../fixtures/stats/', import.meta.url).pathname;
const CASES = readFileSync(join(FIXTURES, 'CASES.tsv'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t'));

describe.skipIf(!hasCorpus)('loupe stats prints what tshark -z prints', () => {
  for (const [golden, capture, statistic] of CASES) {
    it.skipIf(!existsSync(join(CORPUS, capture)))(`${capture} ${statistic}`, async () => {
      const request = parseStat(statistic);
      if (typeof request === 'string') throw new Error(request);
      const source = await openCapture(new Blob([readFileSync(join(CORPUS, capture)) as BlobPart]));
      let text = '';
      await printStats(await newCore(), source.blob, [request], (s) => (text += s));
      expect(text).toBe(readFileSync(join(FIXTURES, golden), 'utf8'));
    });
  }
});
