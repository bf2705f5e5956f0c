import { pcapFile, type PcapPacket } from './pcap-builder';

/**
 * Writes a pcap (Ethernet, IPv4, TCP, valid checksums) from a script of segments between two hosts, for TCP
 * analysis and Follow tests. Sequence numbers are given relative to each side's ISN, as tshark shows them.
 */
export interface Segment {
  /** 'c' = client (10.0.0.1), 's' = server (10.0.0.2). */
  from: 'c' | 's';
  /** Relative sequence number (the SYN has 0) and acknowledgement number. */
  seq: number;
  ack?: number;
  flags?: string; // any of S A F R P
  /** Payload: its length, or the bytes. */
  data?: number | string;
  window?: number;
  /** Window scale option (SYNs). */
  wscale?: number;
  /** Milliseconds since the capture's start. */
  t: number;
  /** Ports (defaults 40000 → 80), e.g. for port reuse. */
  cport?: number;
  sport?: number;
}

export interface ScriptOptions {
  clientIsn?: number;
  serverIsn?: number;
}

const FLAG_BITS: Record<string, number> = { F: 1, S: 2, R: 4, P: 8, A: 16 };

export function tcpCapture(segments: Segment[], opts: ScriptOptions = {}): Uint8Array {
  const isn = { c: opts.clientIsn ?? 1000, s: opts.serverIsn ?? 5000 };
  const packets: PcapPacket[] = segments.map((seg) => {
    const payload = typeof seg.data === 'string' ? new TextEncoder().encode(seg.data)
      : new Uint8Array(seg.data ?? 0).map((_, i) => 0x41 + (i % 26));
    const flags = [...(seg.flags ?? 'A')].reduce((f, c) => f | FLAG_BITS[c], 0);
    const peer = seg.from === 'c' ? 's' : 'c';
    const options = seg.wscale !== undefined ? [1, 3, 3, seg.wscale] : [];
    const tcpLen = 20 + options.length;
    const tcp = new Uint8Array(tcpLen + payload.length);
    const v = new DataView(tcp.buffer);
    const cport = seg.cport ?? 40000;
    const sport = seg.sport ?? 80;
    v.setUint16(0, seg.from === 'c' ? cport : sport);
    v.setUint16(2, seg.from === 'c' ? sport : cport);
    v.setUint32(4, (isn[seg.from] + seg.seq) >>> 0);
    v.setUint32(8, flags & 16 ? (isn[peer] + (seg.ack ?? 0)) >>> 0 : 0);
    v.setUint16(12, ((tcpLen / 4) << 12) | flags);
    v.setUint16(14, seg.window ?? 8192);
    tcp.set(options, 20);
    tcp.set(payload, tcpLen);
    const src = seg.from === 'c' ? [10, 0, 0, 1] : [10, 0, 0, 2];
    const dst = seg.from === 'c' ? [10, 0, 0, 2] : [10, 0, 0, 1];
    v.setUint16(16, checksum([...src, ...dst, 0, 6, tcp.length >> 8, tcp.length & 255], tcp));
    const ip = new Uint8Array(20);
    const iv = new DataView(ip.buffer);
    iv.setUint16(0, 0x4500);
    iv.setUint16(2, 20 + tcp.length);
    iv.setUint16(6, 0x4000);
    iv.setUint16(8, 0x4006);
    ip.set(src, 12);
    ip.set(dst, 16);
    iv.setUint16(10, checksum([], ip));
    const eth = Uint8Array.from([2, 0, 0, 0, 0, seg.from === 'c' ? 2 : 1, 2, 0, 0, 0, 0, seg.from === 'c' ? 1 : 2, 8, 0]);
    const data = new Uint8Array(14 + 20 + tcp.length);
    data.set(eth);
    data.set(ip, 14);
    data.set(tcp, 34);
    const us = Math.round(seg.t * 1000);
    return { sec: 1_700_000_000 + Math.floor(us / 1e6), frac: us % 1e6, data };
  });
  return pcapFile(packets);
}

/** RFC 1071 ones' complement checksum over a pseudo-header and bytes. */
function checksum(pseudo: number[], bytes: Uint8Array): number {
  let sum = 0;
  const all = [...pseudo, ...bytes];
  for (let i = 0; i < all.length; i += 2) sum += (all[i] << 8) | (all[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
