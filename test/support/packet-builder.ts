/**
 * Builds link, network and transport headers for decoder tests, with checksums computed here (RFC 1071) so
 * tests do not trust the decoder under test. Addresses are dotted/colon text; every builder returns bytes.
 */
import { concat } from './pcap-builder';

/** RFC 1071 Internet checksum of some byte arrays taken as one. */
export function internetChecksum(...parts: Uint8Array[]): number {
  const all = concat(parts);
  let sum = 0;
  for (let i = 0; i < all.length; i += 2) sum += (all[i] << 8) | (i + 1 < all.length ? all[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

export function ipv6Bytes(text: string): Uint8Array {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const words = (s: string) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const h = words(head);
  const t = tail === undefined ? [] : words(tail);
  const groups = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 255;
  });
  return out;
}

export function macBytes(text: string): Uint8Array {
  return Uint8Array.from(text.split(':').map((b) => parseInt(b, 16)));
}

const be16 = (v: number) => Uint8Array.of(v >> 8, v & 255);
const be32 = (v: number) => Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);

export function ethernet(
  payload: Uint8Array,
  type: number,
  opts: { src?: string; dst?: string; vlans?: { tpid: number; tci: number }[] } = {},
): Uint8Array {
  const tags = (opts.vlans ?? []).map((v, i, all) =>
    concat([be16(v.tci), be16(i + 1 < all.length ? all[i + 1].tpid : type)]),
  );
  const firstType = opts.vlans?.length ? opts.vlans[0].tpid : type;
  return concat([
    macBytes(opts.dst ?? '00:00:5e:00:53:01'),
    macBytes(opts.src ?? '00:00:5e:00:53:02'),
    be16(firstType),
    ...tags,
    payload,
  ]);
}

export interface Ipv4Options {
  src?: string;
  dst?: string;
  proto: number;
  id?: number;
  ttl?: number;
  df?: boolean;
  mf?: boolean;
  /** In bytes; must be a multiple of 8. */
  fragmentOffset?: number;
  options?: Uint8Array;
  /** Overrides the total length field (e.g. 0 for TSO). */
  totalLength?: number;
  badChecksum?: boolean;
}

export function ipv4(payload: Uint8Array, o: Ipv4Options): Uint8Array {
  const options = o.options ?? new Uint8Array(0);
  const hdrLen = 20 + options.length;
  const h = new Uint8Array(hdrLen);
  const v = new DataView(h.buffer);
  h[0] = 0x40 | (hdrLen / 4);
  v.setUint16(2, o.totalLength ?? hdrLen + payload.length);
  v.setUint16(4, o.id ?? 0x1234);
  v.setUint16(6, (o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | ((o.fragmentOffset ?? 0) / 8));
  h[8] = o.ttl ?? 64;
  h[9] = o.proto;
  h.set(ipv4Bytes(o.src ?? '192.0.2.1'), 12);
  h.set(ipv4Bytes(o.dst ?? '198.51.100.2'), 16);
  h.set(options, 20);
  v.setUint16(10, internetChecksum(h) ^ (o.badChecksum ? 0x5a5a : 0));
  return concat([h, payload]);
}

export function ipv6(
  payload: Uint8Array,
  o: { src?: string; dst?: string; next: number; hopLimit?: number; payloadLength?: number },
): Uint8Array {
  const h = new Uint8Array(40);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, o.payloadLength ?? payload.length);
  h[6] = o.next;
  h[7] = o.hopLimit ?? 64;
  h.set(ipv6Bytes(o.src ?? '2001:db8::1'), 8);
  h.set(ipv6Bytes(o.dst ?? '2001:db8::2'), 24);
  return concat([h, payload]);
}

/** The pseudo-header of RFC 768/793 (IPv4) or RFC 8200 §8.1 (IPv6), for the checksum of `length` bytes. */
export function pseudoHeader(src: string, dst: string, proto: number, length: number): Uint8Array {
  if (src.includes(':')) return concat([ipv6Bytes(src), ipv6Bytes(dst), be32(length), Uint8Array.of(0, 0, 0, proto)]);
  return concat([ipv4Bytes(src), ipv4Bytes(dst), Uint8Array.of(0, proto), be16(length)]);
}

export interface L4Addresses {
  src?: string;
  dst?: string;
}

const addrs = (a: L4Addresses, v6 = false) => ({
  src: a.src ?? (v6 ? '2001:db8::1' : '192.0.2.1'),
  dst: a.dst ?? (v6 ? '2001:db8::2' : '198.51.100.2'),
});

export function udp(
  payload: Uint8Array,
  o: L4Addresses & { sport: number; dport: number; v6?: boolean; checksum?: 'good' | 'bad' | 'zero' },
): Uint8Array {
  const h = new Uint8Array(8);
  const v = new DataView(h.buffer);
  v.setUint16(0, o.sport);
  v.setUint16(2, o.dport);
  v.setUint16(4, 8 + payload.length);
  const { src, dst } = addrs(o, o.v6);
  const sum = internetChecksum(pseudoHeader(src, dst, 17, 8 + payload.length), h, payload) || 0xffff;
  v.setUint16(6, o.checksum === 'zero' ? 0 : o.checksum === 'bad' ? sum ^ 0x0101 : sum);
  return concat([h, payload]);
}

export function tcp(
  payload: Uint8Array,
  o: L4Addresses & {
    sport: number;
    dport: number;
    seq?: number;
    ack?: number;
    flags?: number;
    window?: number;
    options?: Uint8Array;
    v6?: boolean;
    badChecksum?: boolean;
  },
): Uint8Array {
  const options = o.options ?? new Uint8Array(0);
  const h = new Uint8Array(20 + options.length);
  const v = new DataView(h.buffer);
  v.setUint16(0, o.sport);
  v.setUint16(2, o.dport);
  v.setUint32(4, o.seq ?? 1000);
  v.setUint32(8, o.ack ?? 0);
  v.setUint16(12, ((h.length / 4) << 12) | (o.flags ?? 0x002));
  v.setUint16(14, o.window ?? 65535);
  h.set(options, 20);
  const { src, dst } = addrs(o, o.v6);
  const sum = internetChecksum(pseudoHeader(src, dst, 6, h.length + payload.length), h, payload);
  v.setUint16(16, o.badChecksum ? sum ^ 0x0101 : sum);
  return concat([h, payload]);
}

/** An ICMP (or, with v6 addresses, ICMPv6) message: type, code, checksum, 4 bytes of rest-of-header, body. */
export function icmp(
  type: number,
  code: number,
  rest: Uint8Array,
  body: Uint8Array,
  o: L4Addresses & { v6?: boolean; badChecksum?: boolean } = {},
): Uint8Array {
  const m = concat([Uint8Array.of(type, code, 0, 0), rest, body]);
  const pseudo = o.v6
    ? (() => {
        const a = addrs(o, true);
        return pseudoHeader(a.src, a.dst, 58, m.length);
      })()
    : new Uint8Array(0);
  const sum = internetChecksum(pseudo, m) ^ (o.badChecksum ? 0x0101 : 0);
  m[2] = sum >> 8;
  m[3] = sum & 255;
  return m;
}

export { be16, be32 };
