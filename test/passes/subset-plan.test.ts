import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { openCapture } from '../../src/core/source';
import { compileFilter } from '../../src/filter';
import { fieldId } from '../../src/fields/registry';
import { dissectFrames, type DissectedFrame } from '../../src/passes/dissect-frames';
import { dissectSubset } from '../../src/passes/dissect-subset';
import { planQuery } from '../../src/passes/query-plan';
import { subsetFrames } from '../../src/passes/subset-plan';
import { CORPUS, hasCorpus } from '../support/corpus';
import { ethernet, ipv4, tcp, udp } from '../support/packet-builder';
import { pcapFile } from '../support/pcap-builder';
import { newCore } from '../support/run';
import { fieldTexts } from '../../src/present/field-texts';

const a = { src: '192.0.2.1', dst: '198.51.100.2' };
const b = { src: '198.51.100.2', dst: '192.0.2.1' };
const v4 = (l4: Uint8Array, proto: number, o: { src: string; dst: string }, extra = {}) =>
  ethernet(ipv4(l4, { proto, ...o, ...extra }), 0x0800);
const text = (s: string) => new TextEncoder().encode(s);
const dns = udp(new Uint8Array(12), { ...a, sport: 5353, dport: 53 });

async function indexOf(blob: Blob): Promise<PacketIndex> {
  const index = new PacketIndex();
  await ingest(await newCore(), blob, false, { onRows: (rows) => index.append(rows) });
  return index;
}

const capture = (frames: Uint8Array[]) =>
  new Blob([pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: i, data }))) as BlobPart]);

describe('subsetFrames', () => {
  // 1 SYN, 2 request, 3 DNS, 4 ACK, 5 response, 6 another connection's data, 7 ACK.
  const frames = [
    v4(tcp(new Uint8Array(0), { ...a, sport: 40000, dport: 80, seq: 1, flags: 0x02 }), 6, a),
    v4(tcp(text('GET / HTTP/1.1\r\n\r\n'), { ...a, sport: 40000, dport: 80, seq: 2, flags: 0x18 }), 6, a),
    v4(dns, 17, a),
    v4(tcp(new Uint8Array(0), { ...b, sport: 80, dport: 40000, seq: 9, ack: 20, flags: 0x10 }), 6, b),
    v4(tcp(text('HTTP/1.1 200 OK\r\n\r\n'), { ...b, sport: 80, dport: 40000, seq: 9, ack: 20, flags: 0x18 }), 6, b),
    v4(tcp(text('x'), { ...a, sport: 40001, dport: 81, seq: 1, flags: 0x18 }), 6, a),
    v4(tcp(new Uint8Array(0), { ...a, sport: 40000, dport: 80, seq: 20, ack: 28, flags: 0x10 }), 6, a),
  ];

  it('adds every earlier frame of a wanted frame’s TCP connection, none of a UDP one’s', async () => {
    const index = await indexOf(capture(frames));
    expect(Array.from(subsetFrames(index, Uint32Array.of(3), Infinity)!)).toEqual([3]);
    expect(Array.from(subsetFrames(index, Uint32Array.of(3, 5), Infinity)!)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(subsetFrames(index, Uint32Array.of(6), Infinity)!)).toEqual([6]);
  });

  it('declines frames that hold more than an eighth of the file, and none at all', async () => {
    const blob = capture(frames);
    const index = await indexOf(blob);
    expect(subsetFrames(index, Uint32Array.of(1, 2, 3, 4, 5, 6, 7), blob.size)).toBeUndefined();
    expect(subsetFrames(index, new Uint32Array(0), blob.size)).toBeUndefined();
  });

  it('declines an IP fragment and a frame in no stream', async () => {
    const fragment = v4(dns.subarray(0, 8), 17, a, { id: 9, mf: true });
    const icmp = v4(Uint8Array.of(8, 0, 0xf7, 0xff, 0, 0, 0, 0), 1, a);
    const index = await indexOf(capture([...frames, fragment, icmp]));
    expect(subsetFrames(index, Uint32Array.of(8), Infinity)).toBeUndefined();
    expect(subsetFrames(index, Uint32Array.of(9), Infinity)).toBeUndefined();
  });
});

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const QUERIES = [
  'dns',
  'dns.flags.response == 1',
  'http.request',
  'http.response.code == 200 || ftp',
  'sip || smtp || imap || pop',
  'tcp.stream == 1 && tcp.len > 0',
  'tls.handshake.type == 1',
];
const PRINTED = ['frame.number', 'frame.time_delta', 'tcp.seq', 'tcp.analysis.ack_rtt', 'dns.qry.name', 'http.host'];

function captures(): string[] {
  const fixtures = ['query/http-dns-icmp.pcap', 'http-objects.pcap', 'imap.pcap', 'pop3.pcap', 'sip.pcap'].map(
    (f) => FIXTURES + f,
  );
  if (!hasCorpus) return fixtures;
  const folder = (name: string) =>
    readdirSync(join(CORPUS, name))
      .filter((f) => /\.(pcap|pcapng)$/.test(f))
      .map((f) => join(CORPUS, name, f));
  return [...fixtures, ...folder('apps'), ...folder('real')];
}

const TEXTS = [
  ...PRINTED,
  'dns.a',
  'http.request.uri',
  'tcp.analysis.flags',
  'frame.protocols',
  'imf.from',
  'sip.Method',
];

/** What a query reads of a frame: the core's records and what the application layer made of it. */
const essence = (f: DissectedFrame) => ({
  number: f.number,
  records: Array.from(f.input.records.subarray(f.input.start, f.input.end)),
  app: { protocol: f.app.protocol, info: f.app.info, layers: f.app.layers, items: f.app.items.length },
  texts: fieldTexts(f, TEXT_IDS),
});

const TEXT_IDS = TEXTS.map((name) => fieldId(name)!);

describe('a query plan’s frames decoded alone', () => {
  const printed = PRINTED.map((name) => fieldId(name)!);
  for (const path of captures()) {
    it(`come out as in a pass over the whole file: ${path.replace(/.*\/(corpus|fixtures)\//, '')}`, async () => {
      const blob = (await openCapture(new Blob([readFileSync(path) as BlobPart]))).blob;
      const index = await indexOf(blob);
      const core = await newCore();
      for (const query of QUERIES) {
        const plan = planQuery(index, { filter: compileFilter(query), printed, printFromRecords: true });
        const alone = subsetFrames(index, plan.recordFrames, Infinity);
        if (!alone) continue;
        const wanted = new Set(plan.recordFrames);
        const options = { dissect: !plan.coreOnly, appFrames: plan.dissect, fieldFrames: plan.recordFrames };
        const full: object[] = [];
        await dissectFrames(core, blob, (f) => void full.push(essence(f)), options);
        const subset: object[] = [];
        const kept = await dissectSubset(
          core,
          blob,
          index,
          alone,
          (f) => {
            if (wanted.has(f.number)) subset.push(essence(f));
          },
          { appFrames: plan.dissect },
        );
        expect({ query, kept }).toEqual({ query, kept: true });
        expect({ query, frames: subset }).toEqual({ query, frames: full });
      }
    }, 120_000);
  }
});
