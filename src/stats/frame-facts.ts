import { RECORD_WORDS } from '../core/core';
import type { DissectedFrame } from '../passes/dissect-frames';
import { fieldById, fieldId } from '../fields/registry';
import { ether, ipv4, ipv6 } from '../fields/format';
import { hierarchyPath } from '../dissectors/frame-layers';

/** The layers whose conversations and endpoints Loupe counts, as tshark's `-z conv,<kind>` names them. */
export const TAP_KINDS = ['eth', 'ip', 'ipv6', 'tcp', 'udp'] as const;
export type TapKind = (typeof TAP_KINDS)[number];

/** Words of one tap tuple: kind, source address, destination address, source port, destination port, stream. */
export const TAP_WORDS = 6;
export const NO_TAP_STREAM = 0xffffffff;

/**
 * Every frame's conversation taps as columns, what conversations() and endpoints() count: frame i's time (seconds
 * since the first frame) and length, and its tap tuples [tapStart[i], tapStart[i + 1]) of TAP_WORDS words each in
 * `taps` (kind as an index of TAP_KINDS, addresses as indexes of addressTexts). FrameFacts is one, from a field-mode
 * pass; stats/index-taps.ts makes one from the packet index.
 */
export interface TapTable {
  readonly count: number;
  readonly addressTexts: readonly string[];
  tapColumns(): { seconds: Float64Array; lengths: Uint32Array; tapStart: Uint32Array; taps: Uint32Array };
}

/** A growable Uint32Array/Float64Array: the facts are one typed array per column, never an object per frame. */
class Grow<T extends Uint32Array | Float64Array> {
  length = 0;
  constructor(
    private array: T,
    private readonly make: (n: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = this.make(Math.max(64, this.array.length * 2));
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  view(): T {
    return this.array.subarray(0, this.length) as T;
  }
}

const u32 = (n: number) => new Uint32Array(n);
const f64 = (n: number) => new Float64Array(n);

/**
 * What the statistics need of every frame, kept in columns: its time and length, the address/port tuples of
 * each layer Wireshark's conversation taps see (several per frame: Ethernet, IP, TCP, and more in a tunnel),
 * and its protocol hierarchy path (an interned id). Addresses are interned too: a frame costs a few words.
 */
export class FrameFacts implements TapTable {
  private seconds = new Grow(f64(0), f64);
  private lengths = new Grow(u32(0), u32);
  /** Frame i's taps are tuples [tapStart[i], tapStart[i + 1]) of `taps`. */
  private tapStart = new Grow(u32(1), u32);
  private taps = new Grow(u32(0), u32);
  private stacks = new Grow(u32(0), u32);
  private addressIds = new Map<string, number>();
  readonly addressTexts: string[] = [];
  private stackIds = new Map<string, number>();
  readonly stackTexts: string[] = [];
  /** The first frame's time, whole and fraction apart so nanoseconds survive (seconds are relative to it). */
  private baseSec = 0;
  private baseNsec = 0;

  constructor() {
    this.tapStart.push(0);
  }

  get count(): number {
    return this.lengths.length;
  }

  /** Appends one frame (frames must come in order, from frame 1). */
  push(sec: number, nsec: number, length: number, taps: readonly Tap[], stack: readonly string[]): void {
    if (this.count === 0) {
      this.baseSec = sec;
      this.baseNsec = nsec;
    }
    this.seconds.push(sec - this.baseSec + (nsec - this.baseNsec) / 1e9);
    this.lengths.push(length);
    for (const tap of taps) {
      this.taps.push(TAP_KINDS.indexOf(tap.kind));
      this.taps.push(this.address(tap.src));
      this.taps.push(this.address(tap.dst));
      this.taps.push(tap.srcPort ?? 0);
      this.taps.push(tap.dstPort ?? 0);
      this.taps.push(tap.stream ?? NO_TAP_STREAM);
    }
    this.tapStart.push(this.taps.length / TAP_WORDS);
    const path = stack.join(':');
    let id = this.stackIds.get(path);
    if (id === undefined) {
      id = this.stackTexts.push(path) - 1;
      this.stackIds.set(path, id);
    }
    this.stacks.push(id);
  }

  private address(text: string): number {
    let id = this.addressIds.get(text);
    if (id === undefined) {
      id = this.addressTexts.push(text) - 1;
      this.addressIds.set(text, id);
    }
    return id;
  }

  tapColumns(): { seconds: Float64Array; lengths: Uint32Array; tapStart: Uint32Array; taps: Uint32Array } {
    return {
      seconds: this.seconds.view(),
      lengths: this.lengths.view(),
      tapStart: this.tapStart.view(),
      taps: this.taps.view(),
    };
  }

  /** Frame index i's time in seconds since the first frame. */
  time(i: number): number {
    return this.seconds.view()[i];
  }

  length(i: number): number {
    return this.lengths.view()[i];
  }

  /** Frame index i's protocol path ("eth:ip:tcp:http"). */
  stack(i: number): string {
    return this.stackTexts[this.stacks.view()[i]];
  }

  stackId(i: number): number {
    return this.stacks.view()[i];
  }

  /** Frame index i's innermost network-layer addresses (IPv4 or IPv6), as text, if it has any. */
  network(i: number): { src: string; dst: string } | undefined {
    const start = this.tapStart.view();
    const taps = this.taps.view();
    const ip = TAP_KINDS.indexOf('ip');
    const ip6 = TAP_KINDS.indexOf('ipv6');
    for (let t = (start[i + 1] - 1) * TAP_WORDS; t >= start[i] * TAP_WORDS; t -= TAP_WORDS) {
      if (taps[t] === ip || taps[t] === ip6)
        return { src: this.addressTexts[taps[t + 1]], dst: this.addressTexts[taps[t + 2]] };
    }
    return undefined;
  }

  /** Calls `each` for every tap of `kind` in frame index i (addresses as interned ids). */
  forTaps(
    i: number,
    kind: TapKind,
    each: (src: number, dst: number, srcPort: number, dstPort: number, stream: number) => void,
  ): void {
    const start = this.tapStart.view();
    const taps = this.taps.view();
    const code = TAP_KINDS.indexOf(kind);
    for (let t = start[i] * TAP_WORDS, end = start[i + 1] * TAP_WORDS; t < end; t += TAP_WORDS) {
      if (taps[t] === code) each(taps[t + 1], taps[t + 2], taps[t + 3], taps[t + 4], taps[t + 5]);
    }
  }
}

/** One layer's addresses as a conversation tap sees them. */
export interface Tap {
  kind: TapKind;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  stream?: number;
}

const ids = (names: string[]) => names.map((n) => fieldId(n)!);
const [FRAME_LEN, TIME_EPOCH, ETH_SRC, ETH_DST, IP_SRC, IP_DST, IPV6_SRC, IPV6_DST] = ids([
  'frame.len',
  'frame.time_epoch',
  'eth.src',
  'eth.dst',
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
]);
const [TCP_SRCPORT, TCP_DSTPORT, TCP_STREAM, UDP_SRCPORT, UDP_DSTPORT, UDP_STREAM] = ids([
  'tcp.srcport',
  'tcp.dstport',
  'tcp.stream',
  'udp.srcport',
  'udp.dstport',
  'udp.stream',
]);
const [ETH, IP, IPV6, TCP, UDP, ICMP, ICMPV6] = ids(['eth', 'ip', 'ipv6', 'tcp', 'udp', 'icmp', 'icmpv6']);
const [IPV6_FRAGHDR, IPV6_REASSEMBLED] = ids(['ipv6.fraghdr', 'ipv6.reassembled.length']);

/**
 * One frame's facts from its field-mode records and application items; its hierarchy path is its layers'
 * (src/dissectors/frame-layers.ts). What an ICMP error quotes is no conversation of its own (Wireshark taps
 * nothing inside an error packet).
 */
export function frameFacts(frame: DissectedFrame): {
  sec: number;
  nsec: number;
  length: number;
  taps: Tap[];
  stack: string[];
} {
  const { records, start, end } = frame.input;
  let sec = 0;
  let nsec = 0;
  let length = 0;
  const taps: Tap[] = [];
  let quoting = false;
  let ipv6Fragment = false;
  /** The network layer's addresses TCP and UDP conversations are keyed on (the innermost). */
  let net: { src: string; dst: string } | undefined;
  let current: Tap | undefined;
  const value = (at: number) => records[at + 4];
  for (let at = start; at < end; at += RECORD_WORDS) {
    const id = records[at];
    const depth = records[at + 1] & 0xff;
    if (id === IPV6_REASSEMBLED) ipv6Fragment = false;
    if (depth === 0) {
      if (quoting) continue;
      // Wireshark's IPv6 tap sees a fragmented datagram once, in the frame that completes it.
      if (id === IPV6_FRAGHDR && taps.at(-1)?.kind === 'ipv6') ipv6Fragment = true;
      current = undefined;
      if (id === ICMP || id === ICMPV6) quoting = true;
      if (id === ETH) current = { kind: 'eth', src: '', dst: '' };
      else if (id === IP) current = { kind: 'ip', src: '', dst: '' };
      else if (id === IPV6) current = { kind: 'ipv6', src: '', dst: '' };
      else if ((id === TCP || id === UDP) && net)
        current = { kind: id === TCP ? 'tcp' : 'udp', ...net, srcPort: 0, dstPort: 0 };
      if (current) taps.push(current);
      continue;
    }
    if (depth !== 1 || quoting) continue;
    if (id === TIME_EPOCH) {
      // Seconds are 64-bit (two words), as frame-detail.ts reads them.
      sec = (records[at + 5] | 0) * 2 ** 32 + records[at + 4];
      nsec = records[at + 6] | 0;
    } else if (id === FRAME_LEN) length = value(at);
    else if (!current) continue;
    else if (id === ETH_SRC) current.src = ether(records[at + 4], records[at + 5]);
    else if (id === ETH_DST) current.dst = ether(records[at + 4], records[at + 5]);
    else if (id === IP_SRC || id === IPV6_SRC) current.src = id === IP_SRC ? ipv4(value(at)) : ipv6(words(records, at));
    else if (id === IP_DST || id === IPV6_DST) {
      current.dst = id === IP_DST ? ipv4(value(at)) : ipv6(words(records, at));
      net = { src: current.src, dst: current.dst };
    } else if (id === TCP_SRCPORT || id === UDP_SRCPORT) current.srcPort = value(at);
    else if (id === TCP_DSTPORT || id === UDP_DSTPORT) current.dstPort = value(at);
    else if (id === TCP_STREAM || id === UDP_STREAM) current.stream = value(at);
  }
  if (ipv6Fragment)
    taps.splice(
      taps.findLastIndex((t) => t.kind === 'ipv6'),
      1,
    );
  const stack = hierarchyPath(frame.app.layers);
  return { sec, nsec, length, taps: taps.filter((t) => t.src !== '' && t.dst !== ''), stack };
}

function words(records: Uint32Array, at: number): number[] {
  return [records[at + 4], records[at + 5], records[at + 6], records[at + 7]];
}

/** Collects the facts of every frame of a field-mode pass. */
export function addFrame(facts: FrameFacts, frame: DissectedFrame): void {
  const f = frameFacts(frame);
  facts.push(f.sec, f.nsec, f.length, f.taps, f.stack);
}
