import { describe, expect, it } from 'vitest';
import { PacketIndex, type ColumnName } from '../../src/core/packet-index';

function batch(first: number, count: number): Parameters<PacketIndex['append']>[0] {
  const fill = <T extends { [i: number]: number }>(a: T, f: (i: number) => number) => {
    for (let i = 0; i < count; i++) a[i] = f(first + i);
    return a;
  };
  const cols: Record<ColumnName, ArrayLike<number>> = {
    tsSec: fill(new Float64Array(count), (i) => 1_700_000_000 + i),
    tsNsec: fill(new Uint32Array(count), (i) => i * 1000),
    fileOffset: fill(new Float64Array(count), (i) => 24 + i * 100 + 2 ** 33),
    capLen: fill(new Uint32Array(count), (i) => 60 + (i % 7)),
    origLen: fill(new Uint32Array(count), (i) => 60 + (i % 7)),
    linkType: fill(new Uint16Array(count), () => 1),
    flags: fill(new Uint32Array(count), (i) => i & 1),
    top: fill(new Uint8Array(count), (i) => i % 9),
    l3Offset: fill(new Uint16Array(count), () => 14),
    l4Offset: fill(new Uint16Array(count), () => 34),
    stream: fill(new Uint32Array(count), (i) => (i % 3 === 0 ? 0xffffffff : i % 5)),
    analysis: fill(new Uint32Array(count), (i) => (i % 4 === 0 ? 1 << 4 : 0)),
    relSeq: fill(new Uint32Array(count), (i) => i * 1460 + 1),
    payloadLen: fill(new Uint32Array(count), (i) => i % 1461),
    payloadOffset: fill(new Uint16Array(count), (i) => (i % 2 ? 54 : 0xffff)),
    transport: fill(new Uint8Array(count), (i) => i & 31),
    expert: fill(new Uint8Array(count), (i) => i % 5),
    relAck: fill(new Uint32Array(count), (i) => i * 3),
    shape: fill(new Uint8Array(count), () => 5),
    ipSrc: fill(new Uint32Array(count), (i) => 0x0a000000 + i),
    ipDst: fill(new Uint32Array(count), (i) => 0xc0a80000 + i),
    ipProto: fill(new Uint8Array(count), () => 6),
    srcPort: fill(new Uint16Array(count), (i) => 1024 + i),
    dstPort: fill(new Uint16Array(count), () => 443),
  };
  return { count, ...cols } as Parameters<PacketIndex['append']>[0];
}

describe('PacketIndex', () => {
  it('appends batches across growth and keeps every column', () => {
    const index = new PacketIndex(4);
    index.append(batch(0, 3));
    index.append(batch(3, 10));
    index.append(batch(13, 0));
    expect(index.count).toBe(13);
    expect(Array.from(index.column('tsSec'))).toEqual(Array.from({ length: 13 }, (_, i) => 1_700_000_000 + i));
    expect(index.at('fileOffset', 12)).toBe(24 + 1200 + 2 ** 33);
    expect(index.at('flags', 5)).toBe(1);
    expect(index.column('top').length).toBe(13);
    expect(index.at('stream', 12)).toBe(0xffffffff);
    expect(index.at('relSeq', 11)).toBe(11 * 1460 + 1);
    expect(index.at('payloadOffset', 11)).toBe(54);
    expect(index.at('expert', 9)).toBe(4);
  });

  it('trims its spare room to the rows indexed, keeping every value, file offsets past 4 GB exact', () => {
    const index = new PacketIndex(4);
    index.append(batch(0, 3));
    index.append(batch(3, 10));
    expect(index.byteSize).toBeGreaterThan(13 * PacketIndex.rowBytes);
    const before = index.snapshot();
    index.trim();
    expect(index.byteSize).toBe(13 * PacketIndex.rowBytes);
    expect(index.snapshot()).toEqual(before);
    expect(index.at('fileOffset', 12)).toBe(24 + 1200 + 2 ** 33);
    index.append(batch(13, 2));
    expect(index.at('srcPort', 14)).toBe(1024 + 14);
  });

  it('copies batches, so the source views may be reused', () => {
    const index = new PacketIndex();
    const b = batch(0, 2);
    index.append(b);
    (b.capLen as Uint32Array).fill(0);
    expect(index.at('capLen', 1)).toBe(61);
  });

  it('takes only count rows from longer views and clears', () => {
    const index = new PacketIndex(2);
    const b = batch(0, 8);
    index.append({ ...b, count: 5 });
    expect(index.count).toBe(5);
    index.clear();
    expect(index.count).toBe(0);
    expect(index.column('origLen').length).toBe(0);
  });
});
