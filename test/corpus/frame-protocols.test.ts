import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { fieldsOf } from '../support/run';

// Goldens: what tshark 4.0 prints for -T fields -e frame.protocols, written by scripts/protocols-goldens.sh.
const FIXTURES = new URL('../fixtures/protocols/', import.meta.url).pathname;
const CASES = readdirSync(FIXTURES).flatMap((folder) =>
  readdirSync(join(FIXTURES, folder)).map((file) => `${folder}/${file.replace(/\.txt$/, '')}`),
);

/** Frames where Loupe's dissection knowingly differs from tshark's, and why. */
const KNOWN: Record<string, Record<number, string>> = {};

describe.skipIf(!hasCorpus)('frame.protocols is what tshark prints', () => {
  it('has goldens for every capture set', () => {
    expect(CASES.length).toBeGreaterThan(40);
  });
  for (const capture of CASES) {
    it.skipIf(!existsSync(join(CORPUS, capture)))(
      capture,
      async () => {
        const want = readFileSync(join(FIXTURES, `${capture}.txt`), 'utf8').split('\n');
        for (const [frame, ours] of Object.entries(KNOWN[capture] ?? {})) want[Number(frame) - 1] = ours;
        const { text } = await fieldsOf(join(CORPUS, capture), ['frame.protocols']);
        expect(text.split('\n')).toEqual(want);
      },
      60_000,
    );
  }
});
