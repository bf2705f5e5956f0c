import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { openCapture } from '../../src/core/source';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { conversations, endpoints } from '../../src/stats/conversations';
import { addFrame, FrameFacts, TAP_KINDS } from '../../src/stats/frame-facts';
import { indexTaps, type DecodedTaps } from '../../src/stats/index-taps';
import { CORPUS, hasCorpus } from '../support/corpus';
import { ethernet, ipv4, ipv6, tcp, udp } from '../support/packet-builder';
import { pcapFile } from '../support/pcap-builder';
import { newCore } from '../support/run';

/**
 * The tap tables made from the index must count what a field-mode pass's frame facts count, conversations and
 * endpoints of every layer, over all frames and over a subset (a display filter's).
 */
async function compare(blob: Blob): Promise<{ decodedFrames: number; frames: number }> {
  const source = await openCapture(blob);
  const index = new PacketIndex();
  await ingest(await newCore(), source.blob, false, { onRows: (rows) => index.append(rows) });
  const facts = new FrameFacts();
  await dissectFrames(await newCore(), source.blob, (frame) => addFrame(facts, frame), { dissect: false });
  const decoded: DecodedTaps = new Map();
  const core = newCore();
  const some = Uint32Array.from({ length: Math.ceil(index.count / 3) }, (_, k) => 3 * k + 1);
  for (const kind of TAP_KINDS) {
    const table = await indexTaps(() => core, source.blob, index, kind, decoded);
    expect(conversations(table, kind), kind).toEqual(conversations(facts, kind));
    expect(endpoints(table, kind), kind).toEqual(endpoints(facts, kind));
    expect(conversations(table, kind, some), kind).toEqual(conversations(facts, kind, some));
  }
  return { decodedFrames: decoded.size, frames: index.count };
}

const a = { src: '192.0.2.1', dst: '198.51.100.2' };
const b = { src: '198.51.100.2', dst: '192.0.2.1' };
const a6 = { src: '2001:db8::1', dst: '2001:db8::2' };
const v4 = (l4: Uint8Array, proto: number, o: { src: string; dst: string }) =>
  ethernet(ipv4(l4, { proto, ...o }), 0x0800);
const capture = (frames: Uint8Array[]) =>
  new Blob([pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: i * 1000, data }))) as BlobPart]);

describe('index tap tables', () => {
  it('count TCP, UDP and IPv6 frames from the index alone, as a pass does', async () => {
    const frames = [
      v4(tcp(new Uint8Array(0), { ...a, sport: 40000, dport: 80, seq: 1, flags: 0x02 }), 6, a),
      v4(tcp(new Uint8Array(0), { ...b, sport: 80, dport: 40000, seq: 9, ack: 2, flags: 0x12 }), 6, b),
      v4(udp(new Uint8Array(12), { ...a, sport: 5353, dport: 53 }), 17, a),
      ethernet(ipv6(udp(new Uint8Array(8), { ...a6, sport: 1000, dport: 2000 }), { next: 17, ...a6 }), 0x86dd),
      v4(tcp(new Uint8Array(4), { ...a, sport: 40000, dport: 80, seq: 2, ack: 10, flags: 0x18 }), 6, a),
    ];
    expect(await compare(capture(frames))).toEqual({ decodedFrames: 0, frames: 5 });
  });

  const fixtures = ['encap', 'linklayers'].flatMap((folder) => {
    const dir = new URL(`../fixtures/${folder}/`, import.meta.url).pathname;
    return readdirSync(dir)
      .filter((name) => name.endsWith('.pcap'))
      .map((name) => join(dir, name));
  });
  for (const path of fixtures) {
    it(`on ${path.split('/').slice(-2).join('/')}`, async () => {
      await compare(new Blob([readFileSync(path) as BlobPart]));
    });
  }
});

const captures = ['real', 'apps', 'variants', 'msn', 'tls'].flatMap((folder) =>
  existsSync(join(CORPUS, folder))
    ? readdirSync(join(CORPUS, folder))
        .filter((name) => /\.(pcapng|pcap|cap|gz)$/.test(name))
        .map((name) => `${folder}/${name}`)
    : [],
);

describe.skipIf(!hasCorpus)('index tap tables on the corpus', () => {
  for (const name of captures) {
    it(name, { timeout: 60_000 }, async () => {
      await compare(new Blob([readFileSync(join(CORPUS, name)) as BlobPart]));
    });
  }
});
