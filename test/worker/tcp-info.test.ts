import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenFields, hasCorpus } from '../support/corpus';
import { CaptureSession } from '../../src/worker/capture-session';

const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));

/** tshark's Protocol and Info columns of the frames it shows as plain TCP (no application layer on top). */
function tcpInfo(golden: string): Map<number, string> {
  const fields = goldenFields(golden);
  const [protocol, info] = [fields.indexOf('_ws.col.Protocol'), fields.indexOf('_ws.col.Info')];
  const rows = readFileSync(golden, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
  return new Map(rows.filter((r) => r[protocol] === 'TCP' && !r[info].includes('reassembled PDU')).map((r) => [Number(r[0]), r[info]]));
}

describe.skipIf(!hasCorpus)('packet list TCP Info matches tshark on the corpus', () => {
  for (const c of ['real', 'variants', 'apps'].flatMap((set) => goldenCases(set, 'app.tsv'))) {
    const expected = tcpInfo(c.golden);
    (expected.size ? it : it.skip)(c.name, async () => {
      const session = await CaptureSession.create(wasm());
      const summary = await session.open(new Blob([readFileSync(c.capture)]), c.name);
      const page = await session.rows(0, summary.frames);
      const actual = new Map([...expected.keys()].map((n) => [n, page.summaries[n - 1].info]));
      expect(actual).toEqual(expected);
    });
  }
});
