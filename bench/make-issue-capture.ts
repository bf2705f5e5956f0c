/**
 * The capture of issue #16's measurements, at any size: about 30 concurrent HTTP-port TCP transfers (full-size
 * segments, an ACK every second one, 0.5% of segments sent again), DNS lookups over UDP (queries and answers with
 * A records) and ICMP echoes, every checksum valid. About a million frames a GiB.
 */
import { createWriteStream } from 'node:fs';
import { packet, sum16 } from './make-capture';

const MSS = 1448;
const FLOWS = 30;
/** Segments a transfer carries before its connection is replaced by a new one. */
const SEGMENTS_PER_FLOW = 4000;
const CLIENT = 0x0a000001;
const SERVER = 0x0a000002;
const RESOLVER = 0x0a000035;

function dnsMessage(id: number, response: boolean): Uint8Array {
  const name = `host${id % 5000}.example${id % 7}.com`;
  const labels = name.split('.');
  const question = labels.reduce((n, l) => n + 1 + l.length, 1) + 4;
  const answers = response ? 1 + (id % 3) : 0;
  const b = new Uint8Array(12 + question + answers * 16);
  const v = new DataView(b.buffer);
  v.setUint16(0, id & 0xffff);
  v.setUint16(2, response ? 0x8180 : 0x0100);
  v.setUint16(4, 1);
  v.setUint16(6, answers);
  let at = 12;
  for (const l of labels) {
    b[at++] = l.length;
    for (const c of l) b[at++] = c.charCodeAt(0);
  }
  b[at++] = 0;
  v.setUint16(at, 1);
  v.setUint16(at + 2, 1);
  at += 4;
  for (let a = 0; a < answers; a++) {
    v.setUint16(at, 0xc00c);
    v.setUint16(at + 2, 1);
    v.setUint16(at + 4, 1);
    v.setUint32(at + 6, 300);
    v.setUint16(at + 10, 4);
    v.setUint32(at + 12, (0xc0a80000 + ((id * 3 + a) & 0xffff)) >>> 0);
    at += 16;
  }
  return b;
}

function icmpEcho(src: number, dst: number, reply: boolean, id: number, seq: number): Uint8Array {
  const data = 32;
  const b = new Uint8Array(14 + 20 + 8 + data);
  const v = new DataView(b.buffer);
  b.set([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, 0x88, 0x99, 0xaa], 0);
  v.setUint16(12, 0x0800);
  v.setUint8(14, 0x45);
  v.setUint16(16, 20 + 8 + data);
  v.setUint16(18, seq);
  v.setUint8(22, 64);
  v.setUint8(23, 1);
  v.setUint32(26, src);
  v.setUint32(30, dst);
  v.setUint16(24, ~sum16(b, 14, 34) & 0xffff);
  b[34] = reply ? 0 : 8;
  v.setUint16(38, id);
  v.setUint16(40, seq);
  for (let i = 0; i < data; i++) b[42 + i] = 0x61 + (i % 23);
  v.setUint16(36, ~sum16(b, 34, b.length) & 0xffff);
  return b;
}

interface Flow {
  port: number;
  seq: number;
  sent: number;
}

/** Writes the capture; returns its size and frame count. `segment`: payload bytes of a data segment. */
export async function makeIssueCapture(
  path: string,
  targetBytes: number,
  segment = MSS,
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
  const drained = () => new Promise<void>((r) => out.once('drain', () => r()));
  const write = (p: Uint8Array) => {
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(0, Math.floor(t / 1e6), true);
    rec.setUint32(4, t % 1e6, true);
    rec.setUint32(8, p.length, true);
    rec.setUint32(12, p.length, true);
    t += 29;
    bytes += 16 + p.length;
    packets++;
    out.write(new Uint8Array(rec.buffer));
    return out.write(p);
  };
  let nextPort = 40000;
  const newFlow = (): Flow => ({ port: nextPort++, seq: (nextPort * 2654435761) >>> 0, sent: 0 });
  const flows = Array.from({ length: FLOWS }, newFlow);
  // A deterministic pseudo-random sequence, so every run makes the same file.
  let rand = 12345;
  const random = () => ((rand = (rand * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
  let dnsId = 0;
  let icmpSeq = 0;
  for (let round = 0; bytes < targetBytes; round++) {
    let ok = true;
    const f = flows[round % FLOWS];
    const seq = f.seq;
    ok = write(packet(6, SERVER, CLIENT, 80, f.port, seq, 1000, segment, 0x18)) && ok;
    f.seq = (f.seq + segment) >>> 0;
    f.sent++;
    // 0.5% of segments are sent again a little later (a retransmission of the one just sent).
    if (random() < 0.005) ok = write(packet(6, SERVER, CLIENT, 80, f.port, seq, 1000, segment, 0x18)) && ok;
    if (f.sent % 2 === 0) ok = write(packet(6, CLIENT, SERVER, f.port, 80, 1000, f.seq, 0)) && ok;
    if (f.sent >= SEGMENTS_PER_FLOW) flows[round % FLOWS] = newFlow();
    if (round % 40 === 0) {
      const id = dnsId++;
      const port = 20000 + (id % 30000);
      ok = write(packet(17, CLIENT, RESOLVER, port, 53, 0, 0, 0, 0, undefined, dnsMessage(id, false))) && ok;
      ok = write(packet(17, RESOLVER, CLIENT, 53, port, 0, 0, 0, 0, undefined, dnsMessage(id, true))) && ok;
    }
    if (round % 500 === 0) {
      const s = icmpSeq++ & 0xffff;
      ok = write(icmpEcho(CLIENT, SERVER, false, 7, s)) && ok;
      ok = write(icmpEcho(SERVER, CLIENT, true, 7, s)) && ok;
    }
    if (!ok) await drained();
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { bytes, packets };
}
