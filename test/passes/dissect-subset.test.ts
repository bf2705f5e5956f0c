import { describe, expect, it } from 'vitest';
import { dissectFrames, type DissectedFrame } from '../../src/passes/dissect-frames';
import { dissectSubset } from '../../src/passes/dissect-subset';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { newCore } from '../support/run';
import { ethernet, ipv4, tcp, udp } from '../support/packet-builder';
import { concat, pcapFile } from '../support/pcap-builder';
import { netmonFile } from '../support/netmon-builder';
import { fieldId } from '../../src/fields/registry';
import { RECORD_WORDS } from '../../src/core/core';

const a = { src: '192.0.2.1', dst: '198.51.100.2' };
const b = { src: '198.51.100.2', dst: '192.0.2.1' };
const text = (s: string) => new TextEncoder().encode(s);
const v4 = (
  l4: Uint8Array,
  proto: number,
  o: { src: string; dst: string },
  extra: { id?: number; mf?: boolean; fragmentOffset?: number } = {},
) => ethernet(ipv4(l4, { proto, ...o, ...extra }), 0x0800);
const datagram = udp(new Uint8Array(40), { ...a, sport: 7000, dport: 7001 });

// 1, 3, 5, 6: one HTTP conversation (stream 1); 2: another (stream 0); 4: DNS; 7-8: a fragmented UDP datagram.
const frames = [
  v4(tcp(text('GET /a HTTP/1.1\r\n\r\n'), { ...a, sport: 40001, dport: 80, seq: 100, flags: 0x18 }), 6, a),
  v4(tcp(text('GET /b HTTP/1.1\r\n\r\n'), { ...a, sport: 40000, dport: 80, seq: 1, flags: 0x18 }), 6, a),
  v4(tcp(new Uint8Array(0), { ...b, sport: 80, dport: 40000, seq: 7, ack: 20, flags: 0x10 }), 6, b),
  v4(udp(new Uint8Array(12), { ...a, sport: 5353, dport: 53 }), 17, a),
  v4(
    tcp(text('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'), {
      ...b,
      sport: 80,
      dport: 40000,
      seq: 7,
      ack: 20,
      flags: 0x18,
    }),
    6,
    b,
  ),
  v4(tcp(new Uint8Array(0), { ...a, sport: 40000, dport: 80, seq: 20, ack: 45, flags: 0x10 }), 6, a),
  v4(datagram.subarray(0, 24), 17, a, { id: 9, mf: true }),
  v4(datagram.subarray(24), 17, a, { id: 9, fragmentOffset: 24 }),
];
const blob = new Blob([
  pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: i * 1000, data }))) as BlobPart,
]);

async function indexed(): Promise<PacketIndex> {
  const index = new PacketIndex();
  await ingest(await newCore(), blob, false, { onRows: (rows) => index.append(rows) });
  return index;
}

/** What a frame gives the tree: its core records and the application layer's items and columns. */
const essence = (f: DissectedFrame) => ({
  number: f.number,
  records: Array.from(f.input.records.subarray(f.input.start, f.input.end)),
  app: f.app,
});

describe('dissectSubset', () => {
  it('gives the chosen frames as a pass through the whole file does: times, stream numbers, TCP analysis, app layer', async () => {
    const index = await indexed();
    const chosen = Uint32Array.of(2, 3, 5, 6);
    const full: object[] = [];
    await dissectFrames(await newCore(), blob, (f) => void (chosen.includes(f.number) && full.push(essence(f))));
    const alone: ReturnType<typeof essence>[] = [];
    expect(await dissectSubset(await newCore(), blob, index, chosen, (f) => void alone.push(essence(f)))).toBe(true);
    // Frame 3, an ACK with no payload before the last frame, changes no application state: not dissected.
    expect(alone[1].app).toEqual({ items: [], protocol: '', info: '', layers: [] });
    alone[1].app = (full[1] as ReturnType<typeof essence>).app;
    expect(alone).toEqual(full);
  });

  it('declines a conversation that reuses an earlier one’s ports: its SYN is judged against the old one', async () => {
    const reuse = [
      v4(tcp(new Uint8Array(0), { ...a, sport: 40000, dport: 80, seq: 1, flags: 0x02 }), 6, a),
      v4(tcp(new Uint8Array(0), { ...a, sport: 40000, dport: 80, seq: 5000, flags: 0x02 }), 6, a),
    ];
    const file = new Blob([pcapFile(reuse.map((data, i) => ({ sec: 1, frac: i, data }))) as BlobPart]);
    const index = new PacketIndex();
    await ingest(await newCore(), file, false, { onRows: (rows) => index.append(rows) });
    expect(index.at('stream', 1)).toBe(1);
    expect(await dissectSubset(await newCore(), file, index, Uint32Array.of(2), () => {})).toBe(false);
  });

  it('declines a set with an IP fragment: its datagram needs the frames before it', async () => {
    const index = await indexed();
    let called = 0;
    expect(await dissectSubset(await newCore(), blob, index, Uint32Array.of(8), () => void called++)).toBe(false);
    expect(called).toBe(0);
  });

  it('knows a Network Monitor frame carries no FCS, as the pass through the file does', async () => {
    // 64 bytes with 12 after the datagram: were an FCS possible, the last 4 would be one; NetMon keeps no FCS.
    const frame = concat([
      v4(udp(new Uint8Array(10), { ...a, sport: 7000, dport: 7001 }), 17, a),
      new Uint8Array(12).fill(7),
    ]);
    const file = new Blob([netmonFile([{ offsetUs: 0n, data: frame }], { minor: 2 }) as BlobPart]);
    const index = new PacketIndex();
    await ingest(await newCore(), file, false, { onRows: (rows) => index.append(rows) });
    const full: ReturnType<typeof essence>[] = [];
    await dissectFrames(await newCore(), file, (f) => void full.push(essence(f)));
    const alone: ReturnType<typeof essence>[] = [];
    expect(
      await dissectSubset(await newCore(), file, index, Uint32Array.of(1), (f) => void alone.push(essence(f))),
    ).toBe(true);
    expect(alone).toEqual(full);
    const ids = full[0].records.filter((_, k) => k % RECORD_WORDS === 0);
    expect(ids).toContain(fieldId('eth.trailer'));
    expect(ids).not.toContain(fieldId('eth.fcs'));
  });
});
