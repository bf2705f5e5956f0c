import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/core/source';
import { OperationsBuilder } from '../../src/operations/pairing';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { ColumnTable } from '../../src/worker/column-table';
import { ExpertItems } from '../../src/worker/expert-items';
import { protocolInfoPass } from '../../src/worker/protocol-info-pass';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

const FIXTURES = new URL('../fixtures', import.meta.url).pathname;
const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;

function capturesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return capturesUnder(path);
      return /\.(pcap|pcapng|cap)(\.gz)?$/.test(name) ? [path] : [];
    });
}

/** Every capture the pass is compared on: the demo, the fixtures and the corpus's (its malformed ones too). */
const captures = [
  DEMO,
  ...capturesUnder(FIXTURES),
  ...(hasCorpus
    ? ['real', 'apps', 'tls', 'msn', 'variants', 'malformed'].flatMap((f) => capturesUnder(join(CORPUS, f)))
    : []),
];

/** One core for each way of running the pass, used again for every capture (as the worker's are). */
const cores = { restricted: newCore(), full: newCore() };

/** What the pass fills, as plain data. */
async function passOutput(blob: Blob, keepFieldsRead: boolean) {
  const sinks = { columns: new ColumnTable(), expert: new ExpertItems(), operations: new OperationsBuilder() };
  await protocolInfoPass(await cores[keepFieldsRead ? 'restricted' : 'full'], blob, sinks, { keepFieldsRead });
  const rows = Array.from({ length: sinks.columns.count }, (_, i) => [
    sinks.columns.protocol(i),
    sinks.columns.info(i),
  ]);
  return { rows, expert: sinks.expert.list(), operations: sinks.operations.operations() };
}

describe('the Protocol/Info pass', () => {
  it(`gives every frame the Protocol, Info, expert items and operations it gives with every core record (${captures.length} captures)`, async () => {
    for (const path of captures) {
      const { blob } = await openCapture(new Blob([readFileSync(path)]));
      const restricted = await passOutput(blob, true);
      expect(restricted, path).toEqual(await passOutput(blob, false));
    }
  }, 300_000);

  it('gives the Protocol and Info a full dissection gives (what loupe fields prints)', async () => {
    for (const path of [DEMO, ...(hasCorpus ? capturesUnder(join(CORPUS, 'real')) : [])]) {
      const blob = new Blob([readFileSync(path)]);
      const full: string[][] = [];
      await dissectFrames(await newCore(), blob, ({ app }) => void full.push([app.protocol, app.info]));
      expect((await passOutput(blob, true)).rows, path).toEqual(full);
    }
  }, 120_000);

  it('pairs operations whatever module loaded first (the dissectors register their fields as they load)', async () => {
    const { operations } = await passOutput(new Blob([readFileSync(DEMO)]), true);
    expect(operations.map((o) => o.kind)).toContain('dns');
  });
});
