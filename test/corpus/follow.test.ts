import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenCases, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { printFollow } from '../../src/cli/follow-command';

const SETS = ['real', 'variants', 'tls', 'msn', 'apps'];

describe.skipIf(!hasCorpus)('Follow TCP stream matches tshark on the corpus', () => {
  for (const c of SETS.flatMap((set) => goldenCases(set, 'frames.tsv'))) {
    for (const file of readdirSync(dirname(c.golden)).filter((f) => /^follow-tcp-\d+\.txt$/.test(f))) {
      const stream = Number(file.slice('follow-tcp-'.length, -4));
      it(`${c.name} stream ${stream}`, async () => {
        const source = await openCapture(new Blob([readFileSync(c.capture) as BlobPart]));
        let text = '';
        await printFollow(await newCore(), source.blob, 'tcp', stream, 'raw', (s) => (text += s));
        expect(text).toBe(readFileSync(join(dirname(c.golden), file), 'utf8'));
      });
    }
  }
});
