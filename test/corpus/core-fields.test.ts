import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenFields, hasCorpus } from '../support/corpus';
import { fieldsOf } from '../support/run';

// core.tsv: what tshark 4.0 prints for the link, network and transport fields. pcapng captures pass once a
// pcapng reader is in the core.
const cases = ['real', 'variants', 'tls', 'msn', 'apps'].flatMap((set) => goldenCases(set, 'core.tsv'));

describe.skipIf(!hasCorpus)('core fields match tshark', () => {
  it.each(cases)(
    '$name',
    async ({ capture, golden }) => {
      const { text } = await fieldsOf(capture, goldenFields(golden));
      expect(text).toBe(readFileSync(golden, 'utf8'));
    },
    60_000,
  );
});
