import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { parseStat, printStats, type StatRequest } from '../../src/cli/stats-command';
import { loadVendorNames } from '../../src/vendors/load';

// `loupe stats` against tshark 4.0 on every capture of the corpus's real, apps, variants and msn folders, all
// statistics in one run (tshark prints them last asked first; so does Loupe). tshark's outputs are kept in
// test/fixtures/stats-tshark/ (scripts/stats-tshark-goldens.sh writes them), so the comparison runs without tshark;
// where tshark is installed, the kept outputs are checked against it too. Skips without the corpus.
const hasTshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const STATISTICS = [
  'conv,eth',
  'conv,ip',
  'conv,ipv6',
  'conv,tcp',
  'conv,udp',
  'endpoints,eth',
  'endpoints,ip',
  'endpoints,ipv6',
  'endpoints,tcp',
  'endpoints,udp',
  'io,stat,1',
  'io,stat,0.5,SUM(frame.len)frame.len,MIN(tcp.len)tcp.len,MAX(ip.ttl)ip.ttl,AVG(frame.time_delta)frame.time_delta,COUNT(tcp.analysis.ack_rtt)tcp.analysis.ack_rtt',
  'plen,tree',
  'http,tree',
  'http_req,tree',
  'http_srv,tree',
  'dns,tree',
  'io,phs',
  'expert',
];

const captures = ['real', 'apps', 'variants', 'msn'].flatMap((folder) =>
  existsSync(join(CORPUS, folder))
    ? readdirSync(join(CORPUS, folder))
        .filter((name) => /\.(pcapng|pcap|cap|gz)$/.test(name))
        .map((name) => `${folder}/${name}`)
    : [],
);

function tshark(capture: string): string {
  const args = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
  args.push('-r', join(CORPUS, capture), '-q', ...STATISTICS.flatMap((s) => ['-z', s]));
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
}

const KEPT = new URL('../fixtures/stats-tshark/', import.meta.url).pathname;

describe.skipIf(!hasCorpus)('loupe stats is tshark -q -z on the corpus', () => {
  beforeAll(loadVendorNames);
  const requests = STATISTICS.map((s) => parseStat(s) as StatRequest);
  for (const capture of captures) {
    const kept = join(KEPT, `${capture}.txt`);
    it(capture, { timeout: 60_000 }, async () => {
      const source = await openCapture(new Blob([readFileSync(join(CORPUS, capture)) as BlobPart]));
      let text = '';
      await printStats(await newCore(), source.blob, requests, (s) => (text += s), undefined, undefined, true);
      expect(text).toBe(readFileSync(kept, 'utf8'));
    });
    it.skipIf(!hasTshark)(`${capture}: the kept output is tshark's`, { timeout: 60_000 }, () => {
      expect(readFileSync(kept, 'utf8')).toBe(tshark(capture));
    });
  }
});
