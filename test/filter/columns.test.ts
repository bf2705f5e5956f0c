import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { openCapture } from '../../src/core/source';
import { compileFilter, FilterError, type CompiledFilter } from '../../src/filter';
import { evaluateColumns, framesWith, indexColumns, UNDECIDED, YES } from '../../src/filter/columns';
import { settleByDecoding } from '../../src/passes/filter-pass';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

/**
 * The fast path must never disagree with decoding: on every capture, each frame it decides gets the verdict the
 * per-frame evaluator gives, and settling the rest by decoding gives exactly the per-frame evaluator's frames.
 */
const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;

const EXTRA_FILTERS = [
  'ip.addr == 10.0.0.0/8 && tcp.port in {80, 443} && !tcp.analysis.flags',
  'ip.src == 192.168.0.0/16',
  'ip.dst != 10.0.0.1',
  'ip.addr != 192.168.1.1',
  'ip.addr ~= 192.168.1.1',
  'tcp.port >= 1024',
  'udp.port == 53',
  'udp.srcport in {53, 67..68}',
  'tcp.stream == 0',
  'udp.stream in {0..3}',
  'tcp.stream > 1',
  'ip.proto == 17',
  'ip.proto == UDP',
  'ipv6',
  'ipv6.addr == ::1',
  'frame.len > 100 || udp',
  '!ip',
  'tcp.analysis.flags',
  'tcp.analysis.retransmission',
  'tcp.analysis.lost_segment',
  'all tcp.port > 1000',
  'tcp.port !== 80',
  'tcp.srcport < tcp.dstport',
  'frame.cap_len < 60',
  'ip.addr > 100.0.0.0',
  'ip.addr == 172.16.0.0/12 and not tcp',
  'not (udp or tcp)',
  'frame',
  'ip.dst == 224.0.0.0/4 || eth.dst[0] & 1',
];

function corpusCaptures(): string[] {
  if (!hasCorpus) return [];
  return ['real', 'variants', 'apps', 'tls', 'msn', 'malformed'].flatMap((set) => {
    const dir = join(CORPUS, set);
    return existsSync(dir)
      ? readdirSync(dir)
          .sort()
          .map((name) => join(dir, name))
      : [];
  });
}

function filters(): CompiledFilter[] {
  const fromCorpus = hasCorpus
    ? readFileSync(join(CORPUS, 'filters.txt'), 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
    : [];
  return [...fromCorpus, ...EXTRA_FILTERS].flatMap((text) => {
    try {
      return [compileFilter(text)];
    } catch (e) {
      if (e instanceof FilterError) return [];
      throw e;
    }
  });
}

async function indexOf(blob: Blob): Promise<PacketIndex> {
  const index = new PacketIndex();
  await ingest(await newCore(), blob, false, { onRows: (rows) => index.append(rows) });
  return index;
}

describe('the column fast path agrees with decoding', () => {
  const compiled = filters();
  for (const capture of [DEMO, ...corpusCaptures()]) {
    it(
      capture.slice(capture.lastIndexOf('/', capture.lastIndexOf('/') - 1) + 1),
      async () => {
        const { blob } = await openCapture(new Blob([readFileSync(capture)]));
        const index = await indexOf(blob);
        const core = await newCore();
        for (const filter of compiled) {
          const exact = new Uint8Array(index.count).fill(UNDECIDED);
          await settleByDecoding(core, blob, filter, exact);
          const fast = evaluateColumns(filter.test, indexColumns(index));
          fast.forEach((v, i) => {
            if (v !== UNDECIDED && v !== exact[i])
              expect.fail(`${filter.text}: frame ${i + 1} fast ${v}, decoded ${exact[i]}`);
          });
          await settleByDecoding(core, blob, filter, fast);
          expect(Array.from(framesWith(fast, YES)), filter.text).toEqual(Array.from(framesWith(exact, YES)));
        }
      },
      120_000,
    ); // dozens of decoding passes: slow on a loaded machine, and speed is the benchmarks' business
  }

  it('decides every frame of the demo capture for core-field filters, without decoding', async () => {
    const index = await indexOf(new Blob([readFileSync(DEMO)]));
    for (const text of [
      'ip.addr == 10.0.0.0/8 && tcp.port in {80, 443} && !tcp.analysis.flags',
      'udp.port == 53 || frame.len > 1000',
      'ip.proto == 6',
    ]) {
      const verdicts = evaluateColumns(compileFilter(text).test, indexColumns(index));
      expect(framesWith(verdicts, UNDECIDED).length, text).toBe(0);
    }
  });
});
