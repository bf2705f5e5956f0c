import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printFields } from '../../src/cli/fields-command';
import { openCapture } from '../../src/core/source';
import { fieldById, fieldId } from '../../src/fields/registry';
import { compileFilter, FilterError, type CompiledFilter } from '../../src/filter';
import { CORPUS, goldenCases, goldenFields, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

/**
 * golden/<set>/<capture>/filters.tsv: every filter tshark refused must be refused for a reason other than an
 * unknown field, and every filter it accepted must select the same frames. A filter runs only once Loupe decodes
 * its fields the way tshark does on that capture (their column in core.tsv, tcp.tsv or app.tsv matches), so the
 * test turns itself on as decoders and fields arrive; until then it is reported as skipped.
 */
const SETS = ['real', 'variants', 'apps', 'tls', 'msn'];

interface Golden { filter: string; frames: string }

function readGolden(path: string): Golden[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => {
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

/** The field-column golden files a capture's fields are checked against. */
const FIELD_GOLDENS = ['core.tsv', 'tcp.tsv', 'app.tsv'];

/**
 * Field names whose column in the field goldens Loupe reproduces exactly (a field unknown to the registry is not
 * asked for); a protocol counts when all its columns in a golden do, and none is wrong in another.
 */
async function verifiedFields(capture: string, goldenDir: string): Promise<Set<string>> {
  const ok = new Set<string>();
  const wrong = new Set<string>();
  for (const file of FIELD_GOLDENS.map((f) => join(goldenDir, f)).filter(existsSync)) {
    const all = goldenFields(file);
    const names = all.filter((n) => fieldId(n) !== undefined);
    if (names.length === 0) continue;
    const want = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
    const got = (await loupe(capture, names)).split('\n').filter(Boolean).map((l) => l.split('\t'));
    if (got.length !== want.length) continue;
    names.forEach((name, c) => {
      const column = all.indexOf(name);
      (want.every((row, r) => (row[column] ?? '') === got[r][c]) ? ok : wrong).add(name);
    });
    const protocols = new Set(names.map((n) => n.split('.')[0]));
    for (const p of protocols) if (all.filter((n) => n.startsWith(p + '.')).every((n) => ok.has(n))) ok.add(p);
  }
  for (const name of wrong) {
    ok.delete(name);
    ok.delete(name.split('.')[0]);
  }
  return ok;
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
      const goldenDir = join(CORPUS, 'golden', c.name);
      let verified: Promise<Set<string>> | undefined;

      describe(c.name, () => {
        for (const { filter, frames } of golden) {
          const compiled = compile(filter);
          if (frames === 'ERROR') {
            const unknown = compiled instanceof FilterError && compiled.reason === 'unknown-field';
            (unknown ? it.skip : it)(`refuses ${filter}`, () => {
              expect(compiled).toBeInstanceOf(FilterError);
            });
            continue;
          }
          if (compiled instanceof FilterError) {
            // tshark accepted it: fine only while it names a field the registry does not have yet.
            (compiled.reason === 'unknown-field' ? it.skip : it)(`accepts ${filter}`, () => {
              expect(compiled.message).toBe('');
            });
            continue;
          }
          it(`selects ${filter}`, async (ctx) => {
            verified ??= verifiedFields(c.capture, goldenDir);
            const ok = await verified;
            const unverified = compiled.fieldIds.map((id) => fieldById(id)!.name).filter((n) => !ok.has(n));
            if (unverified.length) ctx.skip(`not decoded like tshark yet: ${unverified.join(', ')}`);
            const text = await loupe(c.capture, ['frame.number'], compiled);
            expect(text.split('\n').filter(Boolean).join(',')).toBe(frames);
          });
        }
      });
    }
  }
});
