import { describe, expect, it } from 'vitest';
import { newCore } from '../support/run';
import { pcapFile, concat } from '../support/pcap-builder';
import { PcapngWriter as PcapngBuilder, comment, tsresol } from '../support/pcapng-builder';
import { netmonFile } from '../support/netmon-builder';
import { ingest, type SideEntry } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { SideKind } from '../../src/abi/core-constants';
import { exportPcapng, ExportSideData, type ExportRequest } from '../../src/core/export-pcapng';
import { SECRETS_TLS_KEY_LOG } from '../../src/core/pcapng-writer';

interface Read {
  index: PacketIndex;
  side: ExportSideData;
  entries: SideEntry[];
}

async function read(bytes: Uint8Array): Promise<Read> {
  const index = new PacketIndex();
  const side = new ExportSideData();
  const entries: SideEntry[] = [];
  const result = await ingest(await newCore(), new Blob([bytes as BlobPart]), false, {
    onRows: (b) => index.append(b),
    onSide: (e) => {
      side.observe(e);
      entries.push(e);
    },
  });
  expect(result.problem).toBeUndefined();
  return { index, side, entries };
}

async function exported(capture: Uint8Array, frames: number[], extra: Partial<ExportRequest> = {}) {
  const source = await read(capture);
  const chunks: Uint8Array[] = [];
  const result = await exportPcapng({
    blob: new Blob([capture as BlobPart]),
    index: source.index,
    side: source.side,
    frames,
    commentsOf: () => [],
    sink: (c) => void chunks.push(c),
    ...extra,
  });
  const file = concat(chunks);
  return { result, file, source, back: await read(file) };
}

/** Each IDB's [link type, snaplen, if_tsresol] in the file (little-endian, as the writer writes). */
function interfaces(file: Uint8Array): number[][] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out = [];
  for (let at = 0; at < file.length; at += v.getUint32(at + 4, true)) {
    if (v.getUint32(at, true) !== 1) continue;
    const resolution = v.getUint32(at + 4, true) > 20 && v.getUint16(at + 16, true) === 9 ? file[at + 20] : 6;
    out.push([v.getUint16(at + 8, true), v.getUint32(at + 12, true), resolution]);
  }
  return out;
}

const frame = (n: number, length = 60) => new Uint8Array(length).fill(n);
const columns = (r: Read, ...names: ('tsSec' | 'tsNsec' | 'capLen' | 'origLen' | 'linkType')[]) =>
  names.map((name) => [...r.index.column(name)]);

describe('export as pcapng', () => {
  it('keeps each frame of a pcapng its interface link type, snaplen and resolution, in big-endian sections too', async () => {
    const capture = new PcapngBuilder(true)
      .shb()
      .idb(1, 1500, [tsresol(9)])
      .idb(101, 0)
      .epb(0, 1_700_000_000_123_456_789n, frame(1), { origLen: 100 })
      .epb(1, 1_700_000_001_654_321n, frame(2, 40))
      .pb(0, 1_700_000_002_000_000_001n, frame(3))
      .bytes();
    const { file, back, result } = await exported(capture, [1, 2, 3]);
    expect(result).toEqual({ written: 3, skipped: 0 });
    expect(interfaces(file)).toEqual([
      [1, 1500, 9],
      [101, 0, 6],
    ]);
    expect(columns(back, 'linkType', 'tsSec', 'tsNsec', 'capLen', 'origLen')).toEqual([
      [1, 101, 1],
      [1_700_000_000, 1_700_000_001, 1_700_000_002],
      [123_456_789, 654_321_000, 1],
      [60, 40, 60],
      [100, 40, 60],
    ]);
  });

  it('tells interfaces apart by the id in each packet block, sections restarting the numbering', async () => {
    const capture = new PcapngBuilder()
      .shb()
      .idb(1, 0)
      .idb(1, 0, [tsresol(3)])
      .epb(1, 1_700_000_000_250n, frame(1))
      .epb(0, 1_700_000_001_000_001n, frame(2))
      .shb()
      .idb(1, 0, [tsresol(9)])
      .epb(0, 1_700_000_002_000_000_007n, frame(3))
      .spb(60, frame(4))
      .bytes();
    const { file, back } = await exported(capture, [1, 2, 3, 4]);
    expect(interfaces(file)).toEqual([
      [1, 0, 3],
      [1, 0, 6],
      [1, 0, 9],
    ]);
    expect(columns(back, 'tsSec', 'tsNsec')).toEqual([
      [1_700_000_000, 1_700_000_001, 1_700_000_002, 0],
      [250_000_000, 1_000, 7, 0],
    ]);
  });

  it('writes the chosen frames in the order given, with their comments and original bytes', async () => {
    const capture = pcapFile(
      [1, 2, 3, 4].map((n) => ({ sec: 1_700_000_000 + n, frac: n, data: frame(n, 50 + n) })),
      { nanos: true, snaplen: 9000 },
    );
    const comments: Record<number, string[]> = { 3: ['look here', 'and here'] };
    const { file, back, result } = await exported(capture, [3, 1], { commentsOf: (n) => comments[n] ?? [] });
    expect(result.written).toBe(2);
    expect(interfaces(file)).toEqual([[1, 9000, 9]]);
    expect(columns(back, 'tsSec', 'tsNsec', 'capLen')).toEqual([
      [1_700_000_003, 1_700_000_001],
      [3, 1],
      [53, 51],
    ]);
    const noted = back.entries
      .filter((e) => e.kind === SideKind.PacketComment)
      .map((e) => [e.frame, new TextDecoder().decode(e.bytes)]);
    expect(noted).toEqual([
      [1, 'look here'],
      [1, 'and here'],
    ]);
    const offset = back.index.at('fileOffset', 0);
    expect(file.subarray(offset, offset + 53)).toEqual(frame(3, 53));
  });

  it('reads frames far apart in the file in separate slices', async () => {
    const size = 200_000; // 30 of them span more than one read
    const big = pcapFile(
      Array.from({ length: 30 }, (_, n) => ({ sec: n, frac: 0, data: frame(n, size) })),
      { snaplen: 262144 },
    );
    const { back, file } = await exported(big, [30, 1, 15]);
    expect(columns(back, 'tsSec', 'capLen')).toEqual([
      [29, 0, 14],
      [size, size, size],
    ]);
    for (const [row, fill] of [
      [0, 29],
      [1, 0],
      [2, 14],
    ]) {
      const at = back.index.at('fileOffset', row);
      expect(file.subarray(at, at + size).every((b) => b === fill)).toBe(true);
    }
  });

  it('writes NetMon frames on the pcap link type the core gave them, in 100 ns units', async () => {
    const capture = netmonFile([
      { offsetUs: 5n, data: frame(1) },
      { offsetUs: 1_000_007n, data: frame(2), origLen: 90 },
    ]);
    const { file, back, source } = await exported(capture, [1, 2]);
    expect(interfaces(file)).toEqual([[1, 0, 7]]);
    expect(columns(back, 'linkType', 'tsSec', 'tsNsec', 'origLen')).toEqual(
      columns(source, 'linkType', 'tsSec', 'tsNsec', 'origLen'),
    );
  });

  it("writes TLS secrets first: the capture's own DSBs and key logs given, only when asked", async () => {
    const log = new TextEncoder().encode('CLIENT_RANDOM 01 02\n');
    const capture = new PcapngBuilder()
      .shb()
      .dsb(SECRETS_TLS_KEY_LOG, log)
      .dsb(0x5353484b, Uint8Array.of(1))
      .idb(1, 0)
      .epb(0, 1n, frame(1))
      .bytes();
    const secrets = (r: Read) => r.side.secrets.map((s) => [s.type, new TextDecoder().decode(s.data)]);
    const extra = new TextEncoder().encode('CLIENT_RANDOM 03 04\n');
    const { source, back } = await exported(capture, [1], { tlsSecrets: { fromCapture: true, keyLogs: [extra] } });
    expect(source.side.hasTlsSecrets).toBe(true);
    expect(secrets(back)).toEqual([
      [SECRETS_TLS_KEY_LOG, 'CLIENT_RANDOM 01 02\n'],
      [SECRETS_TLS_KEY_LOG, 'CLIENT_RANDOM 03 04\n'],
    ]);
    expect(back.entries.findIndex((e) => e.kind === SideKind.DecryptionSecrets)).toBeLessThan(1);
    expect(secrets((await exported(capture, [1])).back)).toEqual([]);
  });
});
