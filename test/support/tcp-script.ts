import { ethernet, ipv4, ipv6, tcp } from './packet-builder';
import { pcapFile, type PcapPacket } from './pcap-builder';

/**
 * Writes a pcap (Ethernet, IPv4 or IPv6, TCP, valid checksums unless asked otherwise) from a script of segments
 * between two hosts, for TCP analysis and Follow tests. Sequence numbers are given relative to each side's ISN,
 * as tshark shows them.
 */
export interface Segment {
  /** 'c' = client (10.0.0.1 or 2001:db8::1), 's' = server (10.0.0.2 or 2001:db8::2). */
  from: 'c' | 's';
  /** Relative sequence number (the SYN has 0) and acknowledgement number (written even without the A flag). */
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
  /** Frame bytes kept in the capture (the rest is cut off as by a snap length). */
  snap?: number;
  badChecksum?: boolean;
}

export interface ScriptOptions {
  clientIsn?: number;
  serverIsn?: number;
  ipv6?: boolean;
}

const FLAG_BITS: Record<string, number> = { F: 1, S: 2, R: 4, P: 8, A: 16 };
const HOSTS = { v4: { c: '10.0.0.1', s: '10.0.0.2' }, v6: { c: '2001:db8::1', s: '2001:db8::2' } };

export function tcpCapture(segments: Segment[], opts: ScriptOptions = {}): Uint8Array {
  const isn = { c: opts.clientIsn ?? 1000, s: opts.serverIsn ?? 5000 };
  const hosts = opts.ipv6 ? HOSTS.v6 : HOSTS.v4;
  const packets: PcapPacket[] = segments.map((seg) => {
    const payload =
      typeof seg.data === 'string'
        ? new TextEncoder().encode(seg.data)
        : new Uint8Array(seg.data ?? 0).map((_, i) => 0x41 + (i % 26));
    const peer = seg.from === 'c' ? 's' : 'c';
    const cport = seg.cport ?? 40000;
    const sport = seg.sport ?? 80;
    const addresses = { src: hosts[seg.from], dst: hosts[peer] };
    const segment = tcp(payload, {
      ...addresses,
      v6: opts.ipv6,
      sport: seg.from === 'c' ? cport : sport,
      dport: seg.from === 'c' ? sport : cport,
      seq: (isn[seg.from] + seg.seq) >>> 0,
      ack: seg.ack === undefined ? 0 : (isn[peer] + seg.ack) >>> 0,
      flags: [...(seg.flags ?? 'A')].reduce((f, c) => f | FLAG_BITS[c], 0),
      window: seg.window ?? 8192,
      options: seg.wscale !== undefined ? Uint8Array.of(1, 3, 3, seg.wscale) : undefined,
      badChecksum: seg.badChecksum,
    });
    const packet = opts.ipv6
      ? ipv6(segment, { ...addresses, next: 6 })
      : ipv4(segment, { ...addresses, proto: 6, df: true });
    const frame = ethernet(packet, opts.ipv6 ? 0x86dd : 0x0800);
    const us = Math.round(seg.t * 1000);
    const data = seg.snap === undefined ? frame : frame.subarray(0, seg.snap);
    return { sec: 1_700_000_000 + Math.floor(us / 1e6), frac: us % 1e6, data, origLen: frame.length };
  });
  return pcapFile(packets);
}
