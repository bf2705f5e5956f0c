import { describe, expect, it } from 'vitest';
import { newCore } from '../support/run';
import { ingest, type SideEntry } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { SideKind } from '../../src/abi/core-constants';
import { PcapngWriter, SECRETS_TLS_KEY_LOG, timestampUnits } from '../../src/core/pcapng-writer';

async function written(build: (w: PcapngWriter) => void): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => void chunks.push(c), 'test');
  build(w);
  await w.close();
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** [type, total length, body] of each block, checking that both length fields agree and are multiples of 4. */
function blocks(file: Uint8Array): { type: number; body: Uint8Array }[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out = [];
  for (let at = 0; at < file.length;) {
    const total = v.getUint32(at + 4, true);
    expect(total % 4).toBe(0);
    expect(v.getUint32(at + total - 4, true)).toBe(total);
    out.push({ type: v.getUint32(at, true), body: file.subarray(at + 8, at + total - 4) });
    at += total;
  }
  return out;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('pcapng writer: block layout', () => {
  it('opens with a little-endian SHB of version 1.0, unknown section length and the application name', async () => {
    const [shb] = blocks(await written(() => {}));
    expect(shb.type).toBe(0x0a0d0d0a);
    // magic, 1.0, length -1, shb_userappl "test", opt_endofopt
    expect(hex(shb.body)).toBe(
      '4d3c2b1a' + '01000000' + 'ffffffffffffffff' + '0400' + '0400' + hex(Buffer.from('test')) + '00000000',
    );
  });

  it('writes if_tsresol only when it is not the default microseconds', async () => {
    const [, micro, nano] = blocks(
      await written((w) => {
        expect(w.addInterface({ linkType: 1, snaplen: 65535, tsresol: 6 })).toBe(0);
        expect(w.addInterface({ linkType: 113, snaplen: 0, tsresol: 9 })).toBe(1);
      }),
    );
    expect(micro.type).toBe(1);
    expect(hex(micro.body)).toBe('0100' + '0000' + 'ffff0000');
    expect(hex(nano.body)).toBe('7100' + '0000' + '00000000' + '0900' + '0100' + '09000000' + '00000000');
  });

  it('pads packet data to 4 bytes and puts each comment in its own opt_comment', async () => {
    const [, , epb] = blocks(
      await written((w) => {
        w.addInterface({ linkType: 1, snaplen: 0, tsresol: 6 });
        void w.addPacket({
          interfaceId: 0,
          sec: 1,
          nsec: 2_000,
          originalLength: 60,
          bytes: Uint8Array.of(1, 2, 3, 4, 5),
          comments: ['hé', 'x'],
        });
      }),
    );
    expect(epb.type).toBe(6);
    expect(hex(epb.body)).toBe(
      '00000000' +
        '00000000' +
        '42420f00' +
        '05000000' +
        '3c000000' + // iface, ts 1_000_002 µs, caplen 5, origlen 60
        '0102030405000000' +
        '0100' +
        '0300' +
        '68c3a900' +
        '0100' +
        '0100' +
        '78000000' +
        '00000000',
    );
  });

  it('writes a packet without options as data and padding only', async () => {
    const [, , epb] = blocks(
      await written((w) => {
        w.addInterface({ linkType: 1, snaplen: 0, tsresol: 6 });
        void w.addPacket({ interfaceId: 0, sec: 0, nsec: 0, originalLength: 4, bytes: Uint8Array.of(9, 9, 9, 9) });
      }),
    );
    expect(epb.body.length).toBe(20 + 4);
  });

  it('writes a DSB as secrets type, length and padded secrets', async () => {
    const [, dsb] = blocks(await written((w) => w.addSecrets(SECRETS_TLS_KEY_LOG, Uint8Array.of(0x41, 0x42, 0x43))));
    expect(dsb.type).toBe(10);
    expect(hex(dsb.body)).toBe('4b534c54' + '03000000' + '41424300');
  });

  it('refuses a packet on an interface it has not described', async () => {
    const w = new PcapngWriter(() => {});
    expect(() => w.addPacket({ interfaceId: 0, sec: 0, nsec: 0, originalLength: 0, bytes: new Uint8Array(0) })).toThrow(
      RangeError,
    );
  });

  it('converts times to the interface resolution: decimal and binary', () => {
    expect(timestampUnits(1_700_000_000, 123_456_789, 9)).toBe(1_700_000_000_123_456_789n);
    expect(timestampUnits(1_700_000_000, 123_456_789, 6)).toBe(1_700_000_000_123_456n);
    expect(timestampUnits(3, 500_000_000, 0x80 | 10)).toBe(3n * 1024n + 512n);
  });
});

describe('pcapng writer: read back by the core', () => {
  it('gives back link types, times in each resolution, lengths, comments and secrets, across chunks', async () => {
    const chunks: Uint8Array[] = [];
    const w = new PcapngWriter((c) => void chunks.push(c));
    w.addSecrets(SECRETS_TLS_KEY_LOG, new TextEncoder().encode('CLIENT_RANDOM aa bb\n'));
    const eth = w.addInterface({ linkType: 1, snaplen: 0, tsresol: 6 });
    const raw = w.addInterface({ linkType: 101, snaplen: 0, tsresol: 9 });
    const big = new Uint8Array(700_000).fill(0xab); // two of these do not fit one chunk
    const packets = [
      { interfaceId: eth, sec: 1_700_000_000, nsec: 123_456_000, originalLength: 1000, bytes: big.subarray(0, 61) },
      {
        interfaceId: raw,
        sec: 1_700_000_001,
        nsec: 987_654_321,
        originalLength: 700_000,
        bytes: big,
        comments: ['first', 'second'],
      },
      { interfaceId: raw, sec: 1_700_000_002, nsec: 1, originalLength: 700_000, bytes: big },
    ];
    for (const p of packets) await w.addPacket(p);
    await w.close();
    expect(chunks.length).toBeGreaterThan(1);
    const index = new PacketIndex();
    const side: SideEntry[] = [];
    const result = await ingest(await newCore(), new Blob(chunks as BlobPart[]), false, {
      onRows: (b) => index.append(b),
      onSide: (e) => void side.push(e),
    });
    expect(result.problem).toBeUndefined();
    expect(index.count).toBe(3);
    expect([...index.column('linkType')]).toEqual([1, 101, 101]);
    expect([...index.column('tsSec')]).toEqual([1_700_000_000, 1_700_000_001, 1_700_000_002]);
    expect([...index.column('tsNsec')]).toEqual([123_456_000, 987_654_321, 1]);
    expect([...index.column('capLen')]).toEqual([61, 700_000, 700_000]);
    expect([...index.column('origLen')]).toEqual([1000, 700_000, 700_000]);
    const text = (kind: number) =>
      side.filter((e) => e.kind === kind).map((e) => [e.frame, new TextDecoder().decode(e.bytes)]);
    expect(text(SideKind.PacketComment)).toEqual([
      [2, 'first'],
      [2, 'second'],
    ]);
    const secrets = side.find((e) => e.kind === SideKind.DecryptionSecrets)!;
    expect(new DataView(secrets.bytes.buffer, secrets.bytes.byteOffset).getUint32(0, true)).toBe(SECRETS_TLS_KEY_LOG);
    expect(new TextDecoder().decode(secrets.bytes.subarray(4))).toBe('CLIENT_RANDOM aa bb\n');
  });
});
