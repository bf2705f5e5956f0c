/**
 * Writes synthetic but valid pcaps with correct checksums, so the benchmark exercises the same paths a real
 * capture does: `mixed` is many short bulk TCP transfers (full-size data segments, ACKs, some DNS over UDP);
 * `large-window` is one long transfer whose receiver lags far behind (thousands of segments in flight) and
 * reports what it holds beyond a hole with SACK, the sender resending at the hole now and then: the case
 * where TCP analysis must not walk every unacknowledged segment per packet.
 */
import { createWriteStream } from 'node:fs';

const MSS = 1448;
/** large-window: segments between the receiver's ACK (its hole) and the newest sent, ~5.8 MB. */
const IN_FLIGHT = 4000;

export function sum16(b: Uint8Array, from: number, to: number, init = 0): number {
  let s = init;
  for (let i = from; i + 1 < to; i += 2) s += (b[i] << 8) | b[i + 1];
  if ((to - from) & 1) s += b[to - 1] << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

export type Profile = 'mixed' | 'large-window';

/** One SACK block (left, right edge) for an ACK; otherwise the segment carries timestamps. */
type Sack = [number, number];

export function packet(
  proto: 6 | 17,
  src: number,
  dst: number,
  sport: number,
  dport: number,
  seq: number,
  ack: number,
  payload: number,
  flags = 0x10,
  sack?: Sack,
  body?: Uint8Array,
): Uint8Array {
  const l4 = proto === 6 ? 32 : 8;
  if (body) payload = body.length;
  const b = new Uint8Array(14 + 20 + l4 + payload);
  const v = new DataView(b.buffer);
  b.set([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, 0x88, 0x99, 0xaa], 0);
  v.setUint16(12, 0x0800);
  v.setUint8(14, 0x45);
  v.setUint16(16, 20 + l4 + payload);
  v.setUint16(18, seq & 0xffff);
  v.setUint16(20, 0x4000);
  v.setUint8(22, 64);
  v.setUint8(23, proto);
  v.setUint32(26, src);
  v.setUint32(30, dst);
  v.setUint16(24, ~sum16(b, 14, 34) & 0xffff);
  v.setUint16(34, sport);
  v.setUint16(36, dport);
  if (body) b.set(body, 14 + 20 + l4);
  else for (let i = 0; i < payload; i++) b[14 + 20 + l4 + i] = (i * 7 + seq) & 0xff;
  const pseudo = sum16(b, 26, 34, proto + l4 + payload);
  if (proto === 6) {
    v.setUint32(38, seq);
    v.setUint32(42, ack);
    v.setUint16(46, (8 << 12) | flags);
    v.setUint16(48, 65535);
    if (sack) {
      b.set([1, 1, 5, 10], 54); // NOP NOP SACK, one block
      v.setUint32(58, sack[0]);
      v.setUint32(62, sack[1]);
    } else {
      b.set([1, 1, 8, 10], 54); // NOP NOP timestamps
      v.setUint32(58, seq >>> 3);
      v.setUint32(62, ack >>> 3);
    }
    v.setUint16(50, ~sum16(b, 34, b.length, pseudo) & 0xffff);
  } else {
    v.setUint16(38, 8 + payload);
    v.setUint16(40, ~sum16(b, 34, b.length, pseudo) & 0xffff || 0xffff);
  }
  return b;
}

/**
 * `segment`: payload bytes of each `mixed` data segment (smaller ones make more packets per megabyte);
 * `maxPackets`: stop at exactly this many packets, whichever of the two limits comes first.
 */
export async function makeCapture(
  path: string,
  targetBytes: number,
  profile: Profile = 'mixed',
  segment = MSS,
  maxPackets = Infinity,
): Promise<{ bytes: number; packets: number }> {
  const out = createWriteStream(path);
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, 0xa1b2c3d4, true);
  header.setUint16(4, 2, true);
  header.setUint16(6, 4, true);
  header.setUint32(16, 262144, true);
  header.setUint32(20, 1, true);
  out.write(new Uint8Array(header.buffer));
  let bytes = 24;
  let packets = 0;
  let t = 1_700_000_000 * 1e6;
  const more = () => bytes < targetBytes && packets < maxPackets;
  const write = (p: Uint8Array) => {
    if (packets >= maxPackets) return true;
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(0, Math.floor(t / 1e6), true);
    rec.setUint32(4, t % 1e6, true);
    rec.setUint32(8, p.length, true);
    rec.setUint32(12, p.length, true);
    t += 37;
    bytes += 16 + p.length;
    packets++;
    out.write(new Uint8Array(rec.buffer));
    return out.write(p);
  };
  const client = 0x0a000001;
  const server = 0x0a000002;
  const drained = () => new Promise<void>((r) => out.once('drain', () => r()));
  if (profile === 'large-window') {
    const start = 0x10000000;
    let seq = start;
    const sport = 40000;
    for (let i = 0; more(); i++) {
      let ok = write(packet(6, server, client, 443, sport, seq, 1000, MSS, 0x18));
      seq = (seq + MSS) >>> 0;
      if (i % 2 === 1) {
        // The receiver holds everything but a one-segment hole IN_FLIGHT segments back.
        const hole = i < IN_FLIGHT ? start : (seq - IN_FLIGHT * MSS) >>> 0;
        ok = write(packet(6, client, server, sport, 443, 1000, hole, 0, 0x10, [(hole + MSS) >>> 0, seq])) && ok;
        if (i % 200 === 1) ok = write(packet(6, server, client, 443, sport, hole, 1000, MSS, 0x18)) && ok;
      }
      if (!ok) await drained();
    }
  }
  for (let flow = 0; more(); flow++) {
    const sport = 40000 + (flow % 20000);
    let seq = (flow * 2654435761) >>> 0;
    for (let i = 0; i < 64 && more(); i++) {
      let ok = write(packet(6, server, client, 443, sport, seq, 1000, segment, 0x18));
      seq = (seq + segment) >>> 0;
      if (i % 2 === 1) ok = write(packet(6, client, server, sport, 443, 1000, seq, 0)) && ok;
      if (i % 16 === 0) ok = write(packet(17, client, 0x08080808, sport, 53, flow, 0, 40)) && ok;
      if (!ok) await drained();
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { bytes, packets };
}
