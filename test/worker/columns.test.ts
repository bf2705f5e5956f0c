import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenCases, hasCorpus } from '../support/corpus';
import { CaptureSession } from '../../src/worker/capture-session';
import { fieldsOf } from '../support/run';

const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));

describe.skipIf(!hasCorpus)('packet list Protocol and Info agree with loupe fields on the corpus', () => {
  for (const c of ['real', 'variants', 'apps'].flatMap((set) => goldenCases(set, 'app.tsv'))) {
    it(c.name, async () => {
      const session = await CaptureSession.create(wasm());
      const summary = await session.open(new Blob([readFileSync(c.capture)]), c.name);
      await session.columnsFilled();
      const page = await session.rows(0, summary.frames);
      expect(page.dissected).toBe(summary.frames);
      const cli = (await fieldsOf(c.capture, ['_ws.col.Protocol', '_ws.col.Info'])).text.split('\n').filter(Boolean);
      expect(page.summaries.map((s) => `${s.protocol}\t${s.info}`)).toEqual(cli);
    });
  }
});
