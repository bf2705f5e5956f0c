import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { openCapture } from '../../src/core/source';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { dissectSubset } from '../../src/passes/dissect-subset';
import { subsetFrames } from '../../src/passes/subset-plan';
import { OperationsBuilder } from '../../src/operations/pairing';
import { operationFrames } from '../../src/operations/operation-frames';
import type { Operation } from '../../src/operations/types';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

/**
 * The frames operationFrames() picks make, dissected alone (sliced out when they stand alone, else decoded in a
 * pass over the file), the operations a pass over every frame makes: all of them when nothing is left to the
 * whole pass, else each of theirs is one of the whole pass's (answered ones exactly).
 */
async function check(bytes: Uint8Array): Promise<{ first: number; rest: number; operations: number }> {
  const { blob } = await openCapture(new Blob([bytes as BlobPart]));
  const index = new PacketIndex();
  await ingest(await newCore(), blob, false, { onRows: (rows) => index.append(rows) });
  const all = new OperationsBuilder();
  await dissectFrames(await newCore(), blob, (frame) => all.add(frame));
  const full = all.operations();
  const plan = operationFrames(index);
  const base = index.count ? { sec: index.at('tsSec', 0), nsec: index.at('tsNsec', 0) } : undefined;
  const compare = (found: Operation[]) => {
    if (plan.rest === 0) expect(found).toEqual(full);
    // Unanswered so far: the response may be among the frames left to the whole pass.
    else
      for (const o of found) {
        if (o.responseFrame !== undefined) expect(full).toContainEqual(o);
        else expect(full.find((f) => f.requestFrame === o.requestFrame && f.kind === o.kind)).toBeDefined();
      }
  };
  const read = new OperationsBuilder(base);
  await dissectFrames(await newCore(), blob, (frame) => read.add(frame), {
    fieldFrames: plan.first,
    appFrames: plan.firstApp,
  });
  compare(read.operations());
  const alone = subsetFrames(index, plan.first, blob.size);
  if (alone) {
    const sliced = new OperationsBuilder(base);
    if (await dissectSubset(await newCore(), blob, index, alone, (f) => sliced.add(f), { appFrames: plan.firstApp }))
      compare(sliced.operations());
  }
  return { first: plan.first.length, rest: plan.rest, operations: full.length };
}

const captures = ['real', 'apps', 'variants', 'msn', 'tls'].flatMap((folder) =>
  existsSync(join(CORPUS, folder))
    ? readdirSync(join(CORPUS, folder))
        .filter((name) => /\.(pcapng|pcap|cap|gz)$/.test(name))
        .map((name) => `${folder}/${name}`)
    : [],
);

describe('operationFrames', () => {
  it('picks the DNS and HTTP frames of the demo capture first, its TLS ones last', async () => {
    const demo = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
    const { first, rest, operations } = await check(readFileSync(demo));
    expect(first).toBeGreaterThan(0);
    expect(rest).toBeGreaterThan(0);
    expect(operations).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasCorpus)('operationFrames on the corpus', () => {
  for (const name of captures) {
    it(name, { timeout: 60_000 }, async () => {
      await check(readFileSync(join(CORPUS, name)));
    });
  }
});
