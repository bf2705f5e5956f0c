/** Builds classic pcap files in memory for reader tests. */
export interface PcapPacket {
  sec: number;
  frac: number;
  data: Uint8Array;
  origLen?: number;
}

export function pcapFile(
  packets: PcapPacket[],
  opts: { linkType?: number; bigEndian?: boolean; nanos?: boolean; snaplen?: number } = {},
): Uint8Array {
  const le = !opts.bigEndian;
  const parts: Uint8Array[] = [];
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4, le);
  header.setUint16(4, 2, le);
  header.setUint16(6, 4, le);
  header.setUint32(16, opts.snaplen ?? 262144, le);
  header.setUint32(20, opts.linkType ?? 1, le);
  parts.push(new Uint8Array(header.buffer));
  for (const p of packets) {
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(0, p.sec, le);
    rec.setUint32(4, p.frac, le);
    rec.setUint32(8, p.data.length, le);
    rec.setUint32(12, p.origLen ?? p.data.length, le);
    parts.push(new Uint8Array(rec.buffer), p.data);
  }
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Bytes from a hex string (whitespace ignored). */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}
