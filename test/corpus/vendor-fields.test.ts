import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { fieldsOf } from '../support/run';

// eth.*_resolved and eth.*.oui(_resolved) against tshark, run live (the goldens predate these fields); skips
// without tshark or the corpus.
const hasTshark = spawnSync('tshark', ['--version']).status === 0;
const FIELDS = [
  'eth.src_resolved',
  'eth.dst_resolved',
  'eth.addr_resolved',
  'eth.src.oui',
  'eth.dst.oui',
  'eth.addr.oui',
  'eth.src.oui_resolved',
  'eth.dst.oui_resolved',
  'eth.addr.oui_resolved',
];

const captures = hasCorpus
  ? ['real', 'apps', 'tls', 'msn'].flatMap((folder) =>
      readdirSync(join(CORPUS, folder))
        .filter((f) => /\.(pcap|pcapng)$/.test(f))
        .map((f) => join(folder, f)),
    )
  : [];

describe.skipIf(!hasCorpus || !hasTshark)('Ethernet vendor names match tshark', () => {
  it.each(captures)(
    '%s',
    async (capture) => {
      const path = join(CORPUS, capture);
      const theirs = execFileSync('tshark', ['-r', path, '-T', 'fields', ...FIELDS.flatMap((f) => ['-e', f])], {
        maxBuffer: 1 << 28,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).toString();
      const { text } = await fieldsOf(path, FIELDS);
      expect(text).toBe(theirs);
    },
    120_000,
  );
});
