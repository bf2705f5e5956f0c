import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printFields } from '../../src/cli/fields-command';
import { openCapture } from '../../src/core/source';
import { compileFilter, FilterError } from '../../src/filter';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

// frame.time literals without a zone are local time: the goldens were made with TZ=UTC.
process.env.TZ = 'UTC';

/**
 * extra-filters.tsv (made by scripts/extra-filter-goldens.sh with tshark 4.0): filters beyond the corpus's own
 * list (bitwise and on bytes, boolean names, PCRE features, absolute times, functions, quantifiers, slices, sets,
 * layers), with the frames tshark selects on three corpus captures, or ERROR where tshark refuses the filter.
 */
const GOLDEN = new URL('./extra-filters.tsv', import.meta.url).pathname;
const cases = readFileSync(GOLDEN, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [capture, filter, frames] = line.split('\t');
    return { capture, filter, frames };
  });

const cache = new Map<string, Promise<Blob>>();
const blobOf = (capture: string) => {
  if (!cache.has(capture))
    cache.set(
      capture,
      openCapture(new Blob([readFileSync(join(CORPUS, capture))])).then((s) => s.blob),
    );
  return cache.get(capture)!;
};

describe.skipIf(!hasCorpus || !existsSync(join(CORPUS, 'real')))(
  'more filters, against tshark on corpus captures',
  () => {
    it.each(cases)('$capture: $filter', async ({ capture, filter, frames }) => {
      let compiled;
      try {
        compiled = compileFilter(filter);
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        expect(frames, e.message).toBe('ERROR');
        return;
      }
      expect(frames, 'tshark refuses this filter').not.toBe('ERROR');
      let text = '';
      await printFields(await newCore(), await blobOf(capture), ['frame.number'], (s) => (text += s), compiled);
      expect(text.split('\n').filter(Boolean).join(',')).toBe(frames);
    });
  },
);
