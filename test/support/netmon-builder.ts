/** Builds Microsoft Network Monitor 2.x capture files in memory: header, frames, frame table at the end. */
import { concat } from './pcap-builder';

export interface NetmonFrame {
  /** Microseconds since the capture start (may be negative). */
  offsetUs: bigint;
  data: Uint8Array;
  origLen?: number;
  /** 2.1+ per-frame media type (default: the file's). */
  media?: number;
  /** 2.3 per-frame UTC time, as a FILETIME (100 ns since 1601). */
  filetime?: bigint;
}

const HEADER = 128; // 72 bytes of fields, then room, as NetMon writes it

export function netmonFile(
  frames: NetmonFrame[],
  opts: { minor?: number; media?: number; start?: number[]; order?: number[] } = {},
): Uint8Array {
  const minor = opts.minor ?? 0;
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = HEADER;
  for (const f of frames) {
    const h = new DataView(new ArrayBuffer(16));
    h.setBigInt64(0, f.offsetUs, true);
    h.setUint32(8, f.origLen ?? f.data.length, true);
    h.setUint32(12, f.data.length, true);
    const trailer = new DataView(new ArrayBuffer(minor >= 3 ? 15 : minor >= 1 ? 2 : 0));
    if (minor >= 1) trailer.setUint16(0, f.media ?? opts.media ?? 1, true);
    if (minor >= 3) trailer.setBigUint64(6, f.filetime ?? 0n, true);
    const rec = concat([new Uint8Array(h.buffer), f.data, new Uint8Array(trailer.buffer)]);
    offsets.push(at);
    parts.push(rec);
    at += rec.length;
  }
  const header = new DataView(new ArrayBuffer(HEADER));
  [0x47, 0x4d, 0x42, 0x55].forEach((c, i) => header.setUint8(i, c));
  header.setUint8(4, minor);
  header.setUint8(5, 2);
  header.setUint16(6, opts.media ?? 1, true);
  (opts.start ?? [2006, 12, 6, 16, 18, 22, 47, 202]).forEach((x, i) => header.setUint16(8 + 2 * i, x, true));
  header.setUint32(24, at, true);
  header.setUint32(28, 4 * frames.length, true);
  const order = opts.order ?? offsets.map((_, i) => i);
  const table = new DataView(new ArrayBuffer(4 * order.length));
  order.forEach((i, k) => table.setUint32(4 * k, offsets[i], true));
  return concat([new Uint8Array(header.buffer), ...parts, new Uint8Array(table.buffer)]);
}
