import type { Core } from '../core/core';
import type { PacketIndex } from '../core/packet-index';
import { readSlice } from '../core/source';
import { FrameShape, NO_OFFSET, NO_STREAM, RowFlag, TopProtocol } from '../abi/core-constants';
import { dissectFrames } from '../passes/dissect-frames';
import { ether, ipv4, ipv6 } from '../fields/format';
import { frameFacts, NO_TAP_STREAM, TAP_KINDS, TAP_WORDS, type Tap, type TapKind, type TapTable } from './frame-facts';

/**
 * One layer's conversation taps (stats/frame-facts.ts) made from the packet index instead of a field-mode pass: a
 * frame the index describes (one network header, no problem flag, nothing the shape calls complex) has at most one
 * tap of a layer, read from the columns (IPv4 addresses, ports, stream) or from a few header bytes of the file
 * (Ethernet and IPv6 addresses); only the others (tunnels, fragments, ICMP errors, IPv6 extension headers, unknown
 * link types) are decoded, with field records for them alone. conversations() and endpoints() over it print what
 * they print over a whole pass's FrameFacts (test/stats/index-taps.test.ts compares them on the corpus).
 */

const ETHERNET = 1;
/** Link types whose frames carry no Ethernet header of their own (nothing for the eth tap). */
const NO_ETHERNET = new Set([0, 9, 12, 14, 50, 101, 104, 105, 108, 113, 127, 228, 229, 239, 276]);
const ETHERTYPE_VLAN = 0x8100;
/** Ethertypes that may carry a second Ethernet header (a second eth tap): left to the decoder. */
const CARRIERS = new Set([0x6558, 0x8847, 0x8848, 0x88be, 0x22eb, 0x8863, 0x8864, 0x880b, 0x88a8, 0x9100]);
const IPV4_OR_IPV6 = new Set([0x0800, 0x86dd]);
/** IPv6 next headers after which nothing changes the taps (others: extension headers, left to the decoder). */
const IPV6_PLAIN_NEXT = new Set([6, 17, 58, 59]);
/** File bytes read at a time for the header bytes; a gap larger than SKIP between frames starts a new read. */
const SPAN = 8 << 20;
const SKIP = 64 << 10;
/** Header bytes read of a frame: Ethernet with one VLAN tag, or an IPv6 header's addresses. */
const HEAD = 18;

/** Taps of the frames the index cannot place, by frame number (every layer's), shared by the layers' tables. */
export type DecodedTaps = Map<number, readonly Tap[]>;

/** What a frame needs for one layer's tap: nothing (no tap), the columns alone, header bytes, or the decoder. */
const enum Need {
  None,
  Columns,
  Bytes,
  Decode,
}

export class IndexTapTable implements TapTable {
  constructor(
    readonly count: number,
    readonly addressTexts: readonly string[],
    private readonly columns: ReturnType<TapTable['tapColumns']>,
  ) {}
  tapColumns(): ReturnType<TapTable['tapColumns']> {
    return this.columns;
  }
}

/** The ids of the last two keys looked up (`id` is -1 on a miss: then `remember` the id found). */
class AddressCache {
  private k0 = -1;
  private i0 = 0;
  private k1 = -1;
  private i1 = 0;
  id(key: number): number {
    return key === this.k0 ? this.i0 : key === this.k1 ? this.i1 : -1;
  }
  remember(key: number, id: number): number {
    this.k1 = this.k0;
    this.i1 = this.i0;
    this.k0 = key;
    this.i0 = id;
    return id;
  }
}

/** Interns address texts, with number-keyed shortcuts for IPv4 and Ethernet addresses. */
class Addresses {
  readonly texts: string[] = [];
  private byText = new Map<string, number>();
  private byIpv4 = new Map<number, number>();
  private byEther = new Map<number, number>();
  text(text: string): number {
    let id = this.byText.get(text);
    if (id === undefined) {
      id = this.texts.push(text) - 1;
      this.byText.set(text, id);
    }
    return id;
  }
  // The last two addresses asked for and their ids: a conversation's frames come in runs, its two ends in turn.
  private ipv4Cache = new AddressCache();
  private etherCache = new AddressCache();
  ipv4(value: number): number {
    const cached = this.ipv4Cache.id(value);
    if (cached >= 0) return cached;
    let id = this.byIpv4.get(value);
    if (id === undefined) this.byIpv4.set(value, (id = this.text(ipv4(value))));
    return this.ipv4Cache.remember(value, id);
  }
  ether(b: Uint8Array, at: number): number {
    const hi = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
    const lo = (b[at + 4] << 8) | b[at + 5];
    const key = hi * 65536 + lo;
    const cached = this.etherCache.id(key);
    if (cached >= 0) return cached;
    let id = this.byEther.get(key);
    if (id === undefined) this.byEther.set(key, (id = this.text(ether(hi, lo))));
    return this.etherCache.remember(key, id);
  }
  ipv6(b: Uint8Array, at: number): number {
    const words = [0, 1, 2, 3].map(
      (k) => ((b[at + 4 * k] << 24) | (b[at + 4 * k + 1] << 16) | (b[at + 4 * k + 2] << 8) | b[at + 4 * k + 3]) >>> 0,
    );
    return this.text(ipv6(words));
  }
}

/**
 * The tap table of one layer from the index. `decoded` keeps the taps of frames decoded so far (any layer's),
 * and gets those this layer needs added (a field-mode pass on `core` over the file, field records only for them).
 */
export async function indexTaps(
  core: () => Promise<Core>,
  blob: Blob,
  index: PacketIndex,
  kind: TapKind,
  decoded: DecodedTaps,
  options: { signal?: AbortSignal; onProgress?: (read: number, total: number) => void } = {},
): Promise<IndexTapTable> {
  const count = index.count;
  const addresses = new Addresses();
  const code = TAP_KINDS.indexOf(kind);
  // One tap at most per frame placed by the index: src, dst (address ids), ports and stream; has[i] 1 when set,
  // 2 when the frame is decoded.
  const has = new Uint8Array(count);
  const src = new Uint32Array(count);
  const dst = new Uint32Array(count);
  const srcPorts = new Uint32Array(count);
  const dstPorts = new Uint32Array(count);
  const streams = new Uint32Array(count).fill(NO_TAP_STREAM);
  const bytesRows: number[] = [];
  const decodeRows: number[] = [];
  const ports = kind === 'tcp' || kind === 'udp';
  const [shape, flags, linkType, top, ipProto, l3Offset] = [
    index.column('shape'),
    index.column('flags'),
    index.column('linkType'),
    index.column('top'),
    index.column('ipProto'),
    index.column('l3Offset'),
  ];
  const [ipSrc, ipDst, srcPort, dstPort, stream] = [
    index.column('ipSrc'),
    index.column('ipDst'),
    index.column('srcPort'),
    index.column('dstPort'),
    index.column('stream'),
  ];
  const transportTop = kind === 'tcp' ? TopProtocol.Tcp : TopProtocol.Udp;
  const transportProto = kind === 'tcp' ? 6 : 17;
  const unplaced = RowFlag.Fragment | RowFlag.Reassembled;
  for (let i = 0; i < count; i++) {
    // What frame i needs: nothing (no tap of this layer), the columns, header bytes, or the decoder.
    let need: Need;
    const s = shape[i];
    if (s & FrameShape.Complex || flags[i] & unplaced) need = Need.Decode;
    else if (kind === 'eth')
      need = linkType[i] === ETHERNET ? Need.Bytes : NO_ETHERNET.has(linkType[i]) ? Need.None : Need.Decode;
    else if (kind === 'ip') need = s & FrameShape.Ipv4 ? Need.Columns : Need.None;
    else if (kind === 'ipv6') need = s & FrameShape.Ipv6 ? Need.Bytes : Need.None;
    else if (!(s & FrameShape.Ports) || top[i] !== transportTop) need = Need.None;
    else if (s & FrameShape.Ipv6) need = Need.Bytes;
    // Transport right after IPv4 (AH or ESP in between: the decoder tells).
    else need = ipProto[i] === transportProto ? Need.Columns : Need.Decode;
    if (need === Need.None) continue;
    if (need === Need.Decode) {
      has[i] = 2;
      if (!decoded.has(i + 1)) decodeRows.push(i);
      continue;
    }
    if (ports) {
      srcPorts[i] = srcPort[i];
      dstPorts[i] = dstPort[i];
      streams[i] = stream[i] === NO_STREAM ? NO_TAP_STREAM : stream[i];
    }
    if (need === Need.Bytes) {
      bytesRows.push(i);
      continue;
    }
    has[i] = 1;
    src[i] = addresses.ipv4(ipSrc[i]);
    dst[i] = addresses.ipv4(ipDst[i]);
  }
  // Header bytes: Ethernet's addresses (and its type, to tell a carrier of a second Ethernet header), IPv6's.
  const eth = kind === 'eth';
  const headAt = (i: number) => (eth ? 0 : l3Offset[i]);
  await readHeads(blob, index, bytesRows, headAt, (i, b, at, end) => {
    if (eth) {
      if (end - at < 14) return void (has[i] = 2);
      let type = (b[at + 12] << 8) | b[at + 13];
      if (type === ETHERTYPE_VLAN && end - at >= HEAD) type = (b[at + 16] << 8) | b[at + 17];
      // An Ethernet header after the network layer's (ERSPAN, say) shows as a top layer below it.
      const t = top[i];
      const plain =
        l3Offset[i] === NO_OFFSET
          ? !CARRIERS.has(type) && type !== ETHERTYPE_VLAN
          : IPV4_OR_IPV6.has(type) && t !== TopProtocol.Eth && t !== TopProtocol.Arp && t !== TopProtocol.Raw;
      if (!plain) return void (has[i] = 2);
      has[i] = 1;
      dst[i] = addresses.ether(b, at);
      src[i] = addresses.ether(b, at + 6);
      return;
    }
    if (end - at < 40 || b[at] >> 4 !== 6 || !IPV6_PLAIN_NEXT.has(b[at + 6])) return void (has[i] = 2);
    has[i] = 1;
    src[i] = addresses.ipv6(b, at + 8);
    dst[i] = addresses.ipv6(b, at + 24);
  });
  for (const i of bytesRows) if (has[i] === 2 && !decoded.has(i + 1)) decodeRows.push(i);
  if (decodeRows.length) {
    decodeRows.sort((a, b) => a - b);
    await decodeTaps(
      await core(),
      blob,
      Uint32Array.from(decodeRows, (i) => i + 1),
      decoded,
      options,
    );
    if (options.signal?.aborted) throw new Error('superseded');
  }
  // The columns: times, lengths, and the taps in frame order (the decoded frames' of this layer among them).
  const ofKind = (i: number) => (decoded.get(i + 1) ?? []).filter((tap) => tap.kind === kind);
  let size = 0;
  for (let i = 0; i < count; i++) size += has[i] === 1 ? 1 : has[i] === 2 ? ofKind(i).length : 0;
  const tapStart = new Uint32Array(count + 1);
  const taps = new Uint32Array(TAP_WORDS * size);
  let t = 0;
  const push = (s: number, d: number, sp: number, dp: number, stream: number) => {
    taps[t++] = code;
    taps[t++] = s;
    taps[t++] = d;
    taps[t++] = sp;
    taps[t++] = dp;
    taps[t++] = stream;
  };
  for (let i = 0; i < count; i++) {
    tapStart[i] = t / TAP_WORDS;
    if (has[i] === 1) push(src[i], dst[i], srcPorts[i], dstPorts[i], streams[i]);
    else if (has[i] === 2) {
      for (const tap of ofKind(i)) {
        push(
          addresses.text(tap.src),
          addresses.text(tap.dst),
          tap.srcPort ?? 0,
          tap.dstPort ?? 0,
          tap.stream ?? NO_TAP_STREAM,
        );
      }
    }
  }
  tapStart[count] = t / TAP_WORDS;
  return new IndexTapTable(count, addresses.texts, {
    seconds: secondsOf(index),
    lengths: index.column('origLen'),
    tapStart,
    taps,
  });
}

/** Each frame's time in seconds since the first (as FrameFacts keeps it), made once per index. */
const secondsByIndex = new WeakMap<PacketIndex, Float64Array>();
function secondsOf(index: PacketIndex): Float64Array {
  const kept = secondsByIndex.get(index);
  if (kept?.length === index.count) return kept;
  const count = index.count;
  const seconds = new Float64Array(count);
  const tsSec = index.column('tsSec');
  const tsNsec = index.column('tsNsec');
  const baseSec = count ? tsSec[0] : 0;
  const baseNsec = count ? tsNsec[0] : 0;
  for (let i = 0; i < count; i++) seconds[i] = tsSec[i] - baseSec + (tsNsec[i] - baseNsec) / 1e9;
  secondsByIndex.set(index, seconds);
  return seconds;
}

/**
 * Calls `each` with the file bytes around each row's frame (rows ascending): its header at `at` of `bytes`, the
 * frame ending at `end`; a few megabytes of the file are read at a time.
 */
async function readHeads(
  blob: Blob,
  index: PacketIndex,
  rows: readonly number[],
  headAt: (i: number) => number,
  each: (i: number, bytes: Uint8Array, at: number, end: number) => void,
): Promise<void> {
  const offset = index.column('fileOffset');
  const capLen = index.column('capLen');
  for (let from = 0; from < rows.length;) {
    const lo = offset[rows[from]];
    let hi = lo + capLen[rows[from]];
    let to = from + 1;
    for (; to < rows.length; to++) {
      const end = offset[rows[to]] + capLen[rows[to]];
      if (end - lo > SPAN || offset[rows[to]] > hi + SKIP) break;
      hi = Math.max(hi, end);
    }
    const span = await readSlice(blob, lo, hi - lo);
    for (let k = from; k < to; k++) {
      const i = rows[k];
      const start = offset[i] - lo;
      each(i, span, start + headAt(i), start + capLen[i]);
    }
    from = to;
  }
}

/** The taps of the given frames (ascending numbers), from their field records in a pass over the file. */
async function decodeTaps(
  core: Core,
  blob: Blob,
  frames: Uint32Array,
  decoded: DecodedTaps,
  options: { signal?: AbortSignal; onProgress?: (read: number, total: number) => void },
): Promise<void> {
  const wanted = new Set(frames);
  await dissectFrames(
    core,
    blob,
    (frame) => {
      if (wanted.has(frame.number)) decoded.set(frame.number, frameFacts(frame).taps);
    },
    { dissect: false, fieldFrames: frames, signal: options.signal, onProgress: options.onProgress },
  );
}
