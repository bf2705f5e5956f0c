import { describe, expect, it } from 'vitest';
import { chunkRanges } from '../../src/store/chunks';
import {
  migrationPlan,
  MIGRATIONS,
  SCHEMA_VERSION,
  withAnnotationDefaults,
  withLastOpened,
} from '../../src/store/migrations';
import { captureFacts } from '../../src/store/metadata';
import { PacketIndex } from '../../src/core/packet-index';
import { arrange, formatBytes } from '../../src/ui/library/format';
import type { CaptureEntry } from '../../src/store/schema';

describe('library, pure parts', () => {
  it('chunks cover the file exactly', () => {
    expect(chunkRanges(0, 4)).toEqual([[0, 0]]);
    expect(chunkRanges(8, 4)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(chunkRanges(9, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 9],
    ]);
    expect(chunkRanges(3 * 2 ** 30).length).toBe(192);
  });

  it('plans migrations forward from any older version and refuses a newer library', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3, 4]);
    expect(migrationPlan(0, SCHEMA_VERSION).map((m) => m.version)).toEqual([1, 2, 3, 4]);
    expect(migrationPlan(1, 3).map((m) => m.version)).toEqual([2, 3]);
    expect(migrationPlan(3, 3)).toEqual([]);
    expect(() => migrationPlan(4, 3)).toThrow(/newer Loupe/);
    expect(withLastOpened({ added: 5 } as CaptureEntry).lastOpened).toBe(5);
  });

  it('brings version 2 annotations (one comment a packet, marks only) to version 4', () => {
    expect(
      withAnnotationDefaults({ capture: 'a', comments: { 3: 'slow here', 7: ['two', 'notes'] }, marks: [3] }),
    ).toEqual({
      capture: 'a',
      comments: { 3: ['slow here'], 7: ['two', 'notes'] },
      marks: [3],
      ignored: [],
      timeRefs: [],
      columns: [],
    });
    const current = {
      capture: 'b',
      comments: {},
      marks: [],
      ignored: [2],
      timeRefs: [5],
      columns: [{ field: 'http.host', title: 'Host' }],
    };
    expect(withAnnotationDefaults(current)).toEqual(current);
  });

  it('derives packets, time span and link types from the index', () => {
    const index = new PacketIndex(4);
    const batch = {
      count: 3,
      tsSec: Float64Array.of(20, 10, 30),
      tsNsec: Uint32Array.of(0, 500_000_000, 250_000_000),
      fileOffset: new Float64Array(3),
      capLen: new Uint32Array(3),
      origLen: new Uint32Array(3),
      linkType: Uint16Array.of(1, 101, 1),
      flags: new Uint32Array(3),
      top: new Uint8Array(3),
      l3Offset: new Uint16Array(3),
      l4Offset: new Uint16Array(3),
      stream: new Uint32Array(3),
      analysis: new Uint32Array(3),
      relSeq: new Uint32Array(3),
      payloadLen: new Uint32Array(3),
      payloadOffset: new Uint16Array(3),
      transport: new Uint8Array(3),
      expert: new Uint8Array(3),
      relAck: new Uint32Array(3),
      shape: new Uint8Array(3),
      ipSrc: new Uint32Array(3),
      ipDst: new Uint32Array(3),
      ipProto: new Uint8Array(3),
      srcPort: new Uint16Array(3),
      dstPort: new Uint16Array(3),
    };
    index.append(batch);
    const facts = captureFacts({ name: 'x', frames: 3, format: 'pcap', compressed: false, warnings: [] }, index);
    expect(facts).toMatchObject({ packets: 3, firstTime: 10.5, lastTime: 30.25, linkTypes: [1, 101] });
    const restored = PacketIndex.restore(3, index.snapshot());
    expect(Array.from(restored.column('linkType'))).toEqual([1, 101, 1]);
    expect(() => PacketIndex.restore(4, index.snapshot())).toThrow(/does not hold 4/);
  });

  it('searches by every word and sorts', () => {
    const e = (name: string, size: number) =>
      ({ name, size, added: size, lastOpened: size, packets: size }) as CaptureEntry;
    const all = [e('Office uplink.pcap', 3), e('home wifi.pcapng', 9), e('office dns.pcap', 1)];
    expect(arrange(all, 'office PCAP', 'name').map((x) => x.name)).toEqual(['office dns.pcap', 'Office uplink.pcap']);
    expect(arrange(all, '', 'size').map((x) => x.size)).toEqual([9, 3, 1]);
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(13_400)).toBe('13 kB');
  });
});
