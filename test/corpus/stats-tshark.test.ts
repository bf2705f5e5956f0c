import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { parseStat, printStats, type StatRequest } from '../../src/cli/stats-command';
import { loadVendorNames } from '../../src/vendors/load';

// `loupe stats` against tshark 4.0 run live on every capture of the corpus's real, apps, variants and msn
// folders, all statistics in one run (tshark prints them last asked first; so does Loupe). Skips without tshark
// or the corpus; test/corpus/stats.test.ts and test/stats/tricky-captures.test.ts compare with kept outputs.
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
];

const captures = ['real', 'apps', 'variants', 'msn'].flatMap((folder) =>
  existsSync(join(CORPUS, folder))
    ? readdirSync(join(CORPUS, folder))
        .filter((name) => /\.(pcapng|pcap|cap|gz)$/.test(name))
        .map((name) => `${folder}/${name}`)
    : [],
);

function tshark(capture: string, names: boolean): string {
  const args = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
  if (!names) args.push('-n');
  args.push('-r', join(CORPUS, capture), '-q', ...STATISTICS.flatMap((s) => ['-z', s]));
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
}

/**
 * Captures where a dissector gap (not the statistics engine) makes a statistic differ today: HTTP's expert items
 * (illegal characters in a header name, Chat items for request and response lines), the Ethertype trailer note,
 * TFTP's ERROR item, FTP and SMB details. They are compared too and expected to differ, so a fix shows up here.
 */
const KNOWN_DIFFERENCES = new Set([
  'apps/ftp_active_fail.pcap',
  'apps/ftp_passive.pcap',
  'apps/http_features.pcap',
  'apps/smb_guest.pcap',
  'apps/tftp.pcap',
  'msn/msnp15_group_chat.pcap',
  'msn/msnp8_login_chat.pcap',
  'real/http_post.pcapng',
  'real/tcp_dupack.pcapng',
]);

describe.skipIf(!hasCorpus || !hasTshark)('loupe stats is tshark -q -z on the corpus', () => {
  beforeAll(loadVendorNames);
  const requests = STATISTICS.map((s) => parseStat(s) as StatRequest);
  for (const capture of captures) {
    const known = KNOWN_DIFFERENCES.has(capture);
    it(known ? `${capture} (known to differ)` : capture, { timeout: 60_000 }, async () => {
      const source = await openCapture(new Blob([readFileSync(join(CORPUS, capture)) as BlobPart]));
      let text = '';
      await printStats(await newCore(), source.blob, requests, (s) => (text += s), undefined, undefined, true);
      if (known) expect(text).not.toBe(tshark(capture, true));
      else expect(text).toBe(tshark(capture, true));
    });
  }
});
