import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printFields } from '../../src/cli/fields-command';
import { openCapture } from '../../src/core/source';
import { compileFilter, FilterError, type CompiledFilter } from '../../src/filter';
import { goldenCases, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

/**
 * golden/<set>/<capture>/filters.tsv: every filter tshark refused must be refused, and every filter it accepted
 * must be accepted and select the same frames. Every case runs.
 */
const SETS = ['real', 'variants', 'apps', 'tls', 'msn'];

interface Golden {
  filter: string;
  frames: string;
}

function readGolden(path: string): Golden[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const tab = line.lastIndexOf('\t');
      return { filter: line.slice(0, tab), frames: line.slice(tab + 1) };
    });
}

async function loupe(capture: string, fields: string[], filter?: CompiledFilter): Promise<string> {
  const source = await openCapture(new Blob([readFileSync(capture)]));
  let text = '';
  await printFields(await newCore(), source.blob, fields, (s) => (text += s), filter);
  return text;
}

function compile(filter: string): CompiledFilter | FilterError {
  try {
    return compileFilter(filter);
  } catch (e) {
    if (e instanceof FilterError) return e;
    throw e;
  }
}

describe.skipIf(!hasCorpus)('display filters against tshark', () => {
  for (const set of SETS) {
    for (const c of goldenCases(set, 'filters.tsv')) {
      const golden = readGolden(c.golden);

      describe(c.name, () => {
        for (const { filter, frames } of golden) {
          const compiled = compile(filter);
          if (frames === 'ERROR') {
            it(`refuses ${filter}`, () => {
              expect(compiled).toBeInstanceOf(FilterError);
            });
            continue;
          }
          if (compiled instanceof FilterError) {
            it(`accepts ${filter}`, () => {
              expect(compiled.message).toBe('');
            });
            continue;
          }
          it(`selects ${filter}`, async () => {
            const text = await loupe(c.capture, ['frame.number'], compiled);
            expect(text.split('\n').filter(Boolean).join(',')).toBe(frames);
          });
        }
      });
    }
  }
});
