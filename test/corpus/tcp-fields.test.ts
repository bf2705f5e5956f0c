import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenFields, hasCorpus } from '../support/corpus';
import { fieldsOf } from '../support/run';

const SETS = ['real', 'variants', 'tls', 'msn', 'apps'];

describe.skipIf(!hasCorpus)('TCP analysis fields match tshark on the corpus', () => {
  for (const c of SETS.flatMap((set) => goldenCases(set, 'tcp.tsv'))) {
    it(c.name, async () => {
      const { text } = await fieldsOf(c.capture, goldenFields(c.golden));
      expect(text).toBe(readFileSync(c.golden, 'utf8'));
    });
  }
});
