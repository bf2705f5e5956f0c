import { describe, expect, it } from 'vitest';
import { fieldsOf, newCore } from '../../support/run';
import { hex } from '../../support/pcap-builder';
import { PcapngWriter, comment, tsoffset, tsresol } from '../../support/pcapng-builder';
import { ingest, type SideEntry } from '../../../src/core/ingest';
import { SideKind } from '../../../src/abi/core-constants';

const FRAME = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len'];
const eth = hex('ffffffffffff 001122334455 0806');
const us = (sec: number, usec: number) => BigInt(sec) * 1_000_000n + BigInt(usec);

async function sideOf(file: Uint8Array): Promise<{ side: SideEntry[]; flags: number[] }> {
  const side: SideEntry[] = [];
  const flags: number[] = [];
  await ingest(await newCore(), new Blob([file as BlobPart]), false, {
    onSide: (e) => side.push(e),
    onRows: (r) => flags.push(...r.flags.subarray(0, r.count)),
  });
  return { side, flags };
}

describe('pcapng reader', () => {
  for (const bigEndian of [false, true]) {
    it(`reads EPBs of a ${bigEndian ? 'big' : 'little'}-endian section`, async () => {
      const file = new PcapngWriter(bigEndian)
        .shb()
        .idb()
        .epb(0, us(1000, 5), eth)
        .epb(0, us(1001, 999999), eth, { origLen: 60 })
        .bytes();
      const { text, result } = await fieldsOf(file, FRAME);
      expect(text).toBe('1\t1000.000005000\t14\t14\n2\t1001.999999000\t60\t14\n');
      expect(result.problem).toBeUndefined();
      expect(result.format).toBe('pcapng');
    });
  }

  it('starts afresh at each section: byte order and interfaces', async () => {
    const a = new PcapngWriter(false)
      .shb()
      .idb()
      .idb(1, 0, [tsresol(9)])
      .epb(1, 7_000_000_001n, eth)
      .bytes();
    const b = new PcapngWriter(true).shb().idb().epb(0, us(8, 0), eth).epb(1, us(9, 0), eth).bytes();
    const { text, result } = await fieldsOf(new Uint8Array([...a, ...b]), [
      'frame.number',
      'frame.time_epoch',
      'frame.interface_id',
    ]);
    expect(text).toBe('1\t7.000000001\t1\n2\t8.000000000\t0\n');
    expect(result.problem?.message).toContain('names interface 1, which no interface block declared');
  });

  it('scales timestamps by if_tsresol (powers of 10 and 2) and adds if_tsoffset', async () => {
    const file = new PcapngWriter()
      .shb()
      .idb(1, 0, [tsresol(9)])
      .idb(1, 0, [tsresol(0x80 | 20)])
      .idb(1, 0, [tsresol(3), tsoffset(-100n)])
      .idb(1, 0, [tsresol(12)])
      .epb(0, 5_123456789n, eth)
      .epb(1, (5n << 20n) | 123457n, eth) // 123457 / 2^20 s = 0.117737770... s
      .epb(2, 5_001n, eth) // 5.001 s - 100 s
      .epb(3, 5_000000000001n, eth) // one picosecond
      .bytes();
    const { text } = await fieldsOf(file, ['frame.time_epoch']);
    expect(text).toBe('5.123456789\n5.117737770\n-95.001000000\n5.000000000\n');
  });

  it('reads the obsolete Packet Block and the Simple Packet Block (interface 0, length capped by snaplen)', async () => {
    const file = new PcapngWriter()
      .shb()
      .idb(1, 10)
      .pb(0, us(3, 0), eth)
      .spb(14, eth)
      .spb(8, eth.subarray(0, 8))
      .bytes();
    const { text, result } = await fieldsOf(file, ['frame.number', 'frame.len', 'frame.cap_len']);
    expect(text).toBe('1\t14\t14\n2\t14\t10\n3\t8\t8\n');
    expect(result.problem).toBeUndefined();
  });

  it('skips statistics and unknown blocks', async () => {
    const file = new PcapngWriter()
      .shb()
      .idb()
      .block(5, new Uint8Array(12))
      .block(0x1234, hex('01020304'))
      .epb(0, 1n, eth)
      .bytes();
    expect((await fieldsOf(file, ['frame.number'])).text).toBe('1\n');
  });

  it('hands comments, secrets, name records and interfaces over as side data', async () => {
    const w = new PcapngWriter();
    const secrets = new TextEncoder().encode('CLIENT_RANDOM 00 11\n');
    const file = w
      .shb([comment('the file')])
      .idb(1, 96)
      .epb(0, 1n, eth)
      .nrb([{ address: [10, 0, 0, 1], name: 'host.example' }])
      .dsb(0x544c534b, secrets)
      .epb(0, 2n, eth, { options: [comment('second packet'), comment('again')] })
      .bytes();
    const { side, flags } = await sideOf(file);
    const text = (e: SideEntry) => new TextDecoder().decode(e.bytes);
    expect(side.filter((e) => e.kind === SideKind.FileComment).map(text)).toEqual(['the file']);
    expect(side.filter((e) => e.kind === SideKind.PacketComment).map((e) => [e.frame, text(e)])).toEqual([
      [2, 'second packet'],
      [2, 'again'],
    ]);
    expect(flags.map((f) => (f & (1 << 6)) !== 0)).toEqual([false, true]);
    const dsb = side.find((e) => e.kind === SideKind.DecryptionSecrets)!;
    expect(new DataView(dsb.bytes.buffer).getUint32(0, true)).toBe(0x544c534b);
    expect(text({ ...dsb, bytes: dsb.bytes.subarray(4) })).toBe('CLIENT_RANDOM 00 11\n');
    const nrb = side.find((e) => e.kind === SideKind.NameRecord)!;
    expect([...nrb.bytes.subarray(0, 6)]).toEqual([1, 0, 10, 0, 0, 1]);
    const idb = new DataView(side.find((e) => e.kind === SideKind.Interface)!.bytes.buffer);
    expect([idb.getUint32(0, true), idb.getUint32(4, true), idb.getUint32(8, true), idb.getUint32(12, true)]).toEqual([
      0, 1, 96, 6,
    ]);
  });

  describe('damaged blocks', () => {
    const good = () => new PcapngWriter().shb().idb().epb(0, 1n, eth);

    it('stops at a trailer that disagrees with the block length, keeping the packets before', async () => {
      const file = good().block(6, new Uint8Array(20), { trailer: 99 }).bytes();
      const { text, result } = await fieldsOf(file, ['frame.number']);
      expect(text).toBe('1\n');
      expect(result.problem?.message).toMatch(/pcapng block at byte offset \d+ is damaged/);
    });

    for (const length of [8, 30]) {
      it(`stops at a block length of ${length} (under 12 or not a multiple of 4)`, async () => {
        const file = good().block(6, new Uint8Array(20), { length }).bytes();
        const { text, result } = await fieldsOf(file, ['frame.number']);
        expect(text).toBe('1\n');
        expect(result.problem?.message).toContain(`damaged (length ${length})`);
      });
    }

    it('stops at an absurd block length without waiting for it', async () => {
      const file = good().block(6, new Uint8Array(20), { length: 0x7ffffff0 }).bytes();
      const { text, result } = await fieldsOf(file, ['frame.number']);
      expect(text).toBe('1\n');
      expect(result.problem?.message).toContain('claims 2147483632 bytes');
    });

    it('treats a block running past the end of the file as a capture cut short', async () => {
      const whole = good().epb(0, 2n, eth).bytes();
      const { text, result } = await fieldsOf(whole.subarray(0, whole.length - 6), ['frame.number']);
      expect(text).toBe('1\n');
      expect(result.problem?.message).toContain('cut short');
      expect(result.problem?.fatal).toBe(false);
    });

    it('stops at a packet whose captured length exceeds its block', async () => {
      const file = good().epb(0, 2n, eth, { capLen: 400 }).bytes();
      const { text, result } = await fieldsOf(file, ['frame.number']);
      expect(text).toBe('1\n');
      expect(result.problem).toBeDefined();
    });

    it('refuses a file whose first block is not a section header, and unknown major versions', async () => {
      const noShb = new PcapngWriter().shb().idb().bytes().subarray(28);
      expect((await fieldsOf(noShb, ['frame.number'])).result.problem?.fatal).toBe(true);
      const v2 = new PcapngWriter().shb([], 2).idb().epb(0, 1n, eth).bytes();
      const { text, result } = await fieldsOf(v2, ['frame.number']);
      expect(text).toBe('');
      expect(result.problem?.message).toContain('version 2.0');
    });
  });
});
