import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/core';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { openCapture } from '../../src/core/source';
import { DissectedFrameSource } from '../../src/dissectors';
import { defaultSettings, parseDecodeAs, type DissectionSettings } from '../../src/dissectors/decode-as';
import { compileFilter, type CompiledFilter } from '../../src/filter';
import { framesWith, NO, UNDECIDED, YES } from '../../src/filter/columns';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { settleByDecoding } from '../../src/passes/filter-pass';
import { planQuery } from '../../src/passes/query-plan';
import { fieldId } from '../../src/fields/registry';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** Filters mixing index and application fields, negations, alternatives, functions and slices. */
const FILTERS = [
  'dns',
  'dns.flags.response == 1',
  '!dns',
  'dns || tcp.analysis.retransmission',
  '!(dns.flags.response == 0) && udp',
  'dns.qry.name contains "a" || http.request',
  'count(dns.a) >= 1',
  'max(dns.count.answers, udp.port) > 0',
  'http',
  'http.request && tcp.port == 80',
  '!http && tcp.len > 0',
  'http.response.code == 200 || ftp',
  'ftp-data || tftp',
  'smtp.req.command == "MAIL" || imf',
  'smb2 || nbss',
  'tls.handshake.type == 1',
  'data',
  'data.len > 10 && !tcp',
  'sip || sdp',
  'ip.ttl < 64 && !http',
  'frame.protocols contains "dns"',
  '_ws.col.Protocol == "DNS"',
  'tcp.stream == 1 || dns.qry.name[0:1] == "w"',
  'tcp.port in {25, 80, 443} && !(http or smtp)',
];

function corpusFilters(): string[] {
  if (!hasCorpus) return [];
  return readFileSync(join(CORPUS, 'filters.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .filter((line) => {
      try {
        compileFilter(line);
        return true;
      } catch {
        return false;
      }
    });
}

function captures(): string[] {
  const fixtures = [
    'query/http-dns-icmp.pcap',
    'http-objects.pcap',
    'imap.pcap',
    'pop3.pcap',
    'sip.pcap',
    'http2/h2c.pcap',
  ].map((f) => FIXTURES + f);
  if (!hasCorpus) return fixtures;
  const folder = (name: string) =>
    readdirSync(join(CORPUS, name))
      .filter((f) => /\.(pcap|pcapng|cap)$/.test(f))
      .map((f) => join(CORPUS, name, f));
  return [...fixtures, ...folder('apps'), ...folder('real')];
}

async function blobOf(path: string): Promise<Blob> {
  return (await openCapture(new Blob([readFileSync(path) as BlobPart]))).blob;
}

async function indexOf(blob: Blob): Promise<PacketIndex> {
  const index = new PacketIndex();
  await ingest(await newCore(), blob, false, { onRows: (rows) => index.append(rows) });
  return index;
}

/** Each filter's matching frames in one full pass that dissects every frame (what the CLI did before plans). */
async function fullPass(blob: Blob, filters: CompiledFilter[], settings?: DissectionSettings): Promise<number[][]> {
  const matched: number[][] = filters.map(() => []);
  await dissectFrames(
    await newCore(),
    blob,
    ({ number, input, app }) => {
      const source = new DissectedFrameSource(input, app);
      filters.forEach((f, i) => {
        if (f.matches(source)) matched[i].push(number);
      });
    },
    { settings },
  );
  return matched;
}

let shared: Core | undefined;

async function plannedPass(blob: Blob, index: PacketIndex, filter: CompiledFilter, settings?: DissectionSettings) {
  const plan = planQuery(index, { filter, settings });
  const verdicts = plan.verdicts.slice();
  await settleByDecoding((shared ??= await newCore()), blob, filter, verdicts, { plan, settings });
  return { frames: Array.from(framesWith(verdicts, YES)), plan };
}

describe('the query planner', () => {
  const all = [...new Set([...FILTERS, ...corpusFilters()])];
  for (const path of captures()) {
    it(`matches what a full pass matches: ${path.replace(/.*\/(corpus|fixtures)\//, '')}`, async () => {
      const blob = await blobOf(path);
      const index = await indexOf(blob);
      const filters = all.map((text) => compileFilter(text));
      const expected = await fullPass(blob, filters);
      for (let i = 0; i < filters.length; i++) {
        const { frames } = await plannedPass(blob, index, filters[i]);
        expect({ filter: all[i], frames }).toEqual({ filter: all[i], frames: expected[i] });
      }
    }, 120_000);
  }

  it('follows Decode As: a port taken from DNS, a port given to HTTP', async () => {
    const path = hasCorpus ? join(CORPUS, 'real', 'http_google.pcapng') : FIXTURES + 'http-objects.pcap';
    const blob = await blobOf(path);
    const index = await indexOf(blob);
    const settings: DissectionSettings = {
      ...defaultSettings(),
      decodeAs: [parseDecodeAs('udp.port==53,(none)'), parseDecodeAs('tcp.port==80,(none)')],
    };
    const texts = ['dns', 'http', 'data', '!data && tcp.len > 0'];
    const filters = texts.map((t) => compileFilter(t));
    const expected = await fullPass(blob, filters, settings);
    for (let i = 0; i < filters.length; i++) {
      const { frames } = await plannedPass(blob, index, filters[i], settings);
      expect({ filter: texts[i], frames }).toEqual({ filter: texts[i], frames: expected[i] });
    }
    expect(expected[0]).toEqual([]);
  }, 120_000);

  it('dissects only the conversations that can hold the filtered protocol', async () => {
    const blob = await blobOf(FIXTURES + 'query/http-dns-icmp.pcap');
    const index = await indexOf(blob);
    const udp = (row: number) => (index.column('transport')[row] & 16) !== 0;
    const dns = planQuery(index, { filter: compileFilter('dns.flags.response == 1') });
    const dissected = framesWith(dns.dissect, 1);
    expect(dissected.length).toBeGreaterThan(0);
    // Every dissected frame is UDP or TCP on port 53 (the capture's DNS runs over UDP).
    for (const n of dissected) {
      expect(udp(n - 1)).toBe(true);
      expect([index.at('srcPort', n - 1), index.at('dstPort', n - 1)]).toContain(53);
    }
    // The HTTP and ICMP frames are decided without decoding: the filter is false there.
    for (let i = 0; i < index.count; i++) if (!udp(i)) expect(dns.verdicts[i]).toBe(NO);
    expect(framesWith(dns.verdicts, UNDECIDED).length).toBe(dissected.length);
    // An index-only filter needs no decoding at all.
    const retransmissions = planQuery(index, { filter: compileFilter('tcp.analysis.retransmission') });
    expect(retransmissions.recordFrames.length).toBe(0);
    expect(retransmissions.coreOnly).toBe(true);
  }, 60_000);

  it('dissects a conversation in order up to its last needed frame, and prints from records when asked', async () => {
    const blob = await blobOf(FIXTURES + 'http-objects.pcap');
    const index = await indexOf(blob);
    const plan = planQuery(index, {
      filter: compileFilter('tcp.stream == 0'),
      printed: [fieldId('frame.number')!, fieldId('http.request.uri')!],
    });
    expect(framesWith(plan.verdicts, UNDECIDED).length).toBe(0);
    const dissected = Array.from(framesWith(plan.dissect, 1));
    const stream = index.column('stream');
    const payload = index.column('payloadLen');
    const lastMatched = Math.max(...framesWith(plan.verdicts, YES));
    // Every frame with a payload of stream 0 up to its last match, and no frame of another stream.
    const expected = [];
    for (let i = 0; i < lastMatched; i++) if (stream[i] === 0 && payload[i] > 0) expected.push(i + 1);
    expect(dissected).toEqual(expected);
    expect(Array.from(plan.recordFrames)).toEqual(Array.from(framesWith(plan.verdicts, YES)));
  }, 60_000);
});
