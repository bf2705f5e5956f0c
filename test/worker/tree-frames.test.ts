import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';
import { buildTree } from '../../src/present/tree';
import { treeText } from '../../src/cli/show-command';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore, showAll } from '../support/run';
import { ethernet, icmp, ipv4, tcp, udp } from '../support/packet-builder';
import { pcapFile } from '../support/pcap-builder';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { StreamRows } from '../../src/core/stream-rows';
import { TreeFrames } from '../../src/worker/tree-frames';
import { DissectorChoice, defaultSettings, parseDecodeAs } from '../../src/dissectors/decode-as';

const wasm = readFileSync(new URL('../../dist/core.wasm', import.meta.url));

/**
 * The protocol tree the app shows for frame n, as `loupe show` prints it. The app gives the delta from the
 * previous displayed frame as Wireshark's window does; tshark's single pass gives 0 there: set aside.
 */
async function shownTree(session: CaptureSession, n: number): Promise<string> {
  const d = (await session.frame(n))!;
  return singlePass(treeText(buildTree(d.records, d.bytes, d.appItems, d.context, d.comments)) + '\n');
}

const singlePass = (tree: string) =>
  tree.replace(
    /\[Time delta from previous displayed frame: [^\]]*\]/,
    '[Time delta from previous displayed frame: 0.000000000 seconds]',
  );

/** Up to `most` frame numbers spread over 1..count, the first and last included. */
function sample(count: number, most: number): number[] {
  if (count <= most) return Array.from({ length: count }, (_, i) => i + 1);
  return Array.from({ length: most }, (_, i) => 1 + Math.round((i * (count - 1)) / (most - 1)));
}

const captures = (folder: string) =>
  readdirSync(join(CORPUS, folder))
    .filter((name) => /\.(pcap|pcapng|cap|gz)$/.test(name) && statSync(join(CORPUS, folder, name)).size < 4 << 20)
    .map((name) => join(CORPUS, folder, name));

describe.skipIf(!hasCorpus)('protocol tree from the frames it depends on (tree-frames)', () => {
  // The app's tree pass dissects a frame's own conversation, the announcing ones and ICMP only; a `loupe show`
  // pass dissects every frame. They must agree on every line, on captures with FTP data channels (announced),
  // TFTP, DNS, HTTP reassembly, SMB, MSN, TLS, ICMP echo pairs, tunnels and broken files.
  for (const folder of ['apps', 'real', 'msn', 'tls', 'variants', 'malformed']) {
    it(`gives every sampled frame of ${folder}/ the tree a full pass gives`, { timeout: 300_000 }, async () => {
      const differences: string[] = [];
      const files = captures(folder);
      // The malformed folder holds hundreds of small files: a spread of them keeps the test quick.
      const chosen = folder === 'malformed' ? files.filter((_, i) => i % 8 === 0) : files;
      for (const path of chosen) {
        const full = await showAll(path);
        const session = await CaptureSession.create(wasm);
        await session.open(new Blob([readFileSync(path)]), path);
        for (const n of sample(full.length, folder === 'malformed' ? 6 : 60)) {
          if ((await shownTree(session, n)) !== full[n - 1])
            differences.push(`${path.slice(CORPUS.length + 1)} frame ${n}`);
        }
      }
      expect(differences).toEqual([]);
    });
  }
});

describe('tree frames', () => {
  const a = { src: '192.0.2.1', dst: '198.51.100.2' };
  const b = { src: '198.51.100.2', dst: '192.0.2.1' };
  const text = (s: string) => new TextEncoder().encode(s);
  const ip = (l4: Uint8Array, proto: number, o: { src: string; dst: string }) =>
    ethernet(ipv4(l4, { proto, ...o }), 0x0800);
  // 1-2: an FTP control conversation, 3: DNS, 4-5: an HTTP conversation, 6: ICMP echo request, 7: ARP-less
  // UDP elsewhere, 8: HTTP again, 9: the echo reply.
  const frames = [
    ip(tcp(text('220 ready\r\n'), { ...b, sport: 21, dport: 40000, seq: 1, flags: 0x18 }), 6, b),
    ip(tcp(text('PASV\r\n'), { ...a, sport: 40000, dport: 21, seq: 1, flags: 0x18 }), 6, a),
    ip(udp(new Uint8Array(12), { ...a, sport: 5353, dport: 53 }), 17, a),
    ip(tcp(text('GET / HTTP/1.1\r\n'), { ...a, sport: 40001, dport: 80, seq: 1, flags: 0x18 }), 6, a),
    ip(tcp(new Uint8Array(0), { ...b, sport: 80, dport: 40001, seq: 1, flags: 0x10 }), 6, b),
    ip(icmp(8, 0, new Uint8Array([0, 1, 0, 1]), new Uint8Array(8), a), 1, a),
    ip(udp(new Uint8Array(4), { ...a, sport: 6000, dport: 6001 }), 17, a),
    ip(tcp(text('HTTP/1.1 200 OK\r\n\r\n'), { ...b, sport: 80, dport: 40001, seq: 1, flags: 0x18 }), 6, b),
    ip(icmp(0, 0, new Uint8Array([0, 1, 0, 1]), new Uint8Array(8), b), 1, b),
  ];
  const capture = pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000, frac: i, data })));

  async function indexed(): Promise<{ index: PacketIndex; streams: StreamRows }> {
    const index = new PacketIndex();
    const streams = new StreamRows();
    await ingest(await newCore(), new Blob([capture as BlobPart]), false, {
      onRows: (rows) => {
        index.append(rows);
        streams.update(index);
      },
    });
    return { index, streams };
  }

  it('takes the frame’s own stream and the announcing streams before it', async () => {
    const { index, streams } = await indexed();
    const plan = new TreeFrames(new DissectorChoice());
    expect(Array.from(plan.of(8, index, streams))).toEqual([1, 2, 4, 5, 8]);
    expect(Array.from(plan.of(3, index, streams))).toEqual([1, 2, 3]);
    expect(Array.from(plan.of(1, index, streams))).toEqual([1]);
  });

  it('takes the ICMP frames before an ICMP frame (echo replies name their request)', async () => {
    const { index, streams } = await indexed();
    expect(Array.from(new TreeFrames(new DissectorChoice()).of(9, index, streams))).toEqual([1, 2, 6, 9]);
  });

  it('follows Decode As: a conversation ruled FTP announces, one ruled (none) does not', async () => {
    const { index, streams } = await indexed();
    const settings = {
      ...defaultSettings(),
      decodeAs: [parseDecodeAs('tcp.port==21,(none)'), parseDecodeAs('udp.port==6000,tftp')],
    };
    expect(Array.from(new TreeFrames(new DissectorChoice(settings)).of(8, index, streams))).toEqual([4, 5, 7, 8]);
  });
});
