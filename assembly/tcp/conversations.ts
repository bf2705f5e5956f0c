// Conversations: one per (protocol, address pair, port pair), either direction, numbered per protocol in the
// order they appear, as Wireshark numbers tcp.stream and udp.stream. An open-addressing hash table over pooled
// Conversation objects: nothing is allocated per packet, and objects are reused by the next capture, so only a
// table doubling or a capture with more conversations than any before it allocates.
import * as endpoints from './endpoints';
import { Connection } from './flows';

const EMPTY: i32 = -1;
export const NO_TIME: i64 = i64.MIN_VALUE;
const PROTO_TCP: u8 = 6;

@final
export class Conversation {
  /** Creation order across protocols: the conversation's place in the table. */
  index: i32 = 0;
  proto: u8 = 0;
  v6: bool = false;
  // Side A is the lower (address, port) endpoint.
  portA: u16 = 0;
  portB: u16 = 0;
  a0: u32 = 0; a1: u32 = 0; a2: u32 = 0; a3: u32 = 0;
  b0: u32 = 0; b1: u32 = 0; b2: u32 = 0; b3: u32 = 0;
  /** tcp.stream / udp.stream. */
  stream: u32 = 0;
  /** When the conversation's first and latest packets were captured (ns; NO_TIME: none yet), for the
   * tcp/udp.time_relative and time_delta fields. */
  firstTime: i64 = NO_TIME;
  lastTime: i64 = NO_TIME;
  /** TCP's conversation completeness so far (tcp.completeness bits, Wireshark's). */
  completeness: u32 = 0;
  /** TCP's sequence analysis state; reinitialised whenever the object starts a TCP conversation. */
  readonly connection: Connection = new Connection();

  /** One endpoint's address word w (side 0 = A, 1 = B). */
  address(side: i32, w: i32): u32 {
    if (side == 0) return w == 0 ? this.a0 : w == 1 ? this.a1 : w == 2 ? this.a2 : this.a3;
    return w == 0 ? this.b0 : w == 1 ? this.b1 : w == 2 ? this.b2 : this.b3;
  }
  port(side: i32): u32 { return side == 0 ? this.portA : this.portB; }
}

/** Table slots (conversation indices); doubled when more than half full. */
let slots = new StaticArray<i32>(1 << 12);
let used: i32 = 0;
/** Every conversation object made; the first `live` are the current capture's, in creation order. */
const all = new Array<Conversation>();
let live: i32 = 0;
let tcpStreams: u32 = 0;
let udpStreams: u32 = 0;

/** Set by lookup(): the packet goes from side B to side A. */
export let fromB = false;

export function reset(): void {
  // The table keeps the size a previous capture grew it to (the stub runtime never frees).
  for (let i = 0; i < slots.length; i++) unchecked(slots[i] = EMPTY);
  used = 0;
  live = 0;
  tcpStreams = 0;
  udpStreams = 0;
}

/** lookup() calls since setNextStreams(): more than one, and the frame's conversations cannot all be numbered so. */
export let lookups: i32 = 0;

/** The numbers the next new TCP and UDP conversations get (a frame decoded without the frames before it). */
export function setNextStreams(tcp: u32, udp: u32): void {
  tcpStreams = tcp;
  udpStreams = udp;
  lookups = 0;
}

/** The conversation of the current packet (endpoints + these ports), created if new; sets fromB. */
export function lookup(p: u8, sport: u32, dport: u32): Conversation {
  lookups++;
  fromB = compareEndpoints(sport, dport) > 0;
  const mask = slots.length - 1;
  let i = hash(p, sport, dport) & mask;
  while (unchecked(slots[i]) != EMPTY) {
    const c = unchecked(all[unchecked(slots[i])]);
    if (matches(c, p, sport, dport)) return c;
    i = (i + 1) & mask;
  }
  const c = create(p, sport, dport);
  unchecked(slots[i] = c.index);
  if (++used * 2 > slots.length) rehash();
  return c;
}

/**
 * A new conversation for the current packet's key, which from now on replaces `old` (what lookup() returned):
 * TCP port reuse, a new SYN on an old address/port pair starts a new stream.
 */
export function replace(old: Conversation, sport: u32, dport: u32): Conversation {
  const c = create(old.proto, sport, dport);
  const mask = slots.length - 1;
  let i = hash(old.proto, sport, dport) & mask;
  while (unchecked(slots[i]) != old.index) i = (i + 1) & mask;
  unchecked(slots[i] = c.index);
  return c;
}

function create(p: u8, sport: u32, dport: u32): Conversation {
  let c: Conversation;
  if (live < all.length) {
    c = unchecked(all[live]);
  } else {
    c = new Conversation();
    all.push(c);
  }
  c.index = live++;
  c.proto = p;
  c.v6 = endpoints.v6;
  const a = fromB ? endpoints.dst : endpoints.src;
  const b = fromB ? endpoints.src : endpoints.dst;
  c.a0 = unchecked(a[0]); c.a1 = unchecked(a[1]); c.a2 = unchecked(a[2]); c.a3 = unchecked(a[3]);
  c.b0 = unchecked(b[0]); c.b1 = unchecked(b[1]); c.b2 = unchecked(b[2]); c.b3 = unchecked(b[3]);
  c.portA = <u16>(fromB ? dport : sport);
  c.portB = <u16>(fromB ? sport : dport);
  c.stream = p == PROTO_TCP ? tcpStreams++ : udpStreams++;
  c.firstTime = NO_TIME;
  c.lastTime = NO_TIME;
  c.completeness = 0;
  if (p == PROTO_TCP) c.connection.init();
  return c;
}

/** The side (0 = A, 1 = B) the current packet comes from, as lookup() would set fromB, without a lookup. */
export function senderSide(sport: u32, dport: u32): i32 {
  return compareEndpoints(sport, dport) > 0 ? 1 : 0;
}

/** <0 when the source endpoint sorts first, >0 when the destination does (0: a packet to itself). */
function compareEndpoints(sport: u32, dport: u32): i32 {
  for (let w = 0; w < 4; w++) {
    const a = unchecked(endpoints.src[w]);
    const b = unchecked(endpoints.dst[w]);
    if (a != b) return a < b ? -1 : 1;
  }
  return sport < dport ? -1 : sport > dport ? 1 : 0;
}

function matches(c: Conversation, p: u8, sport: u32, dport: u32): bool {
  if (c.proto != p || c.v6 != endpoints.v6) return false;
  if (<u32>c.portA != (fromB ? dport : sport) || <u32>c.portB != (fromB ? sport : dport)) return false;
  const a = fromB ? endpoints.dst : endpoints.src;
  const b = fromB ? endpoints.src : endpoints.dst;
  return c.a0 == unchecked(a[0]) && c.b0 == unchecked(b[0]) && c.a1 == unchecked(a[1]) && c.b1 == unchecked(b[1]) &&
    c.a2 == unchecked(a[2]) && c.b2 == unchecked(b[2]) && c.a3 == unchecked(a[3]) && c.b3 == unchecked(b[3]);
}

/** Symmetric in the two endpoints, so both directions land on the same slot chain. */
function hash(p: u8, sport: u32, dport: u32): i32 {
  const s = endpoints.src;
  const d = endpoints.dst;
  return mix(p, sport ^ dport, unchecked(s[0]) ^ unchecked(d[0]), unchecked(s[1]) ^ unchecked(d[1]),
    unchecked(s[2]) ^ unchecked(d[2]), unchecked(s[3]) ^ unchecked(d[3]));
}

/** hash() of a stored conversation (xor of the endpoints is symmetric, so A/B order does not matter). */
function storedHash(c: Conversation): i32 {
  return mix(c.proto, <u32>c.portA ^ <u32>c.portB, c.a0 ^ c.b0, c.a1 ^ c.b1, c.a2 ^ c.b2, c.a3 ^ c.b3);
}

// @ts-ignore: decorator
@inline function mix(p: u8, ports: u32, w0: u32, w1: u32, w2: u32, w3: u32): i32 {
  let h: u32 = <u32>p * 0x9e3779b1 ^ ports * 0x85ebca6b;
  h = (h ^ w0) * 0xc2b2ae35;
  h = (h ^ w1) * 0xc2b2ae35;
  h = (h ^ w2) * 0xc2b2ae35;
  h = (h ^ w3) * 0xc2b2ae35;
  return <i32>(h ^ (h >> 15));
}

function rehash(): void {
  const old = slots;
  slots = new StaticArray<i32>(old.length * 2);
  for (let i = 0; i < slots.length; i++) unchecked(slots[i] = EMPTY);
  const mask = slots.length - 1;
  for (let i = 0; i < old.length; i++) {
    const c = unchecked(old[i]);
    if (c == EMPTY) continue;
    let j = storedHash(unchecked(all[c])) & mask;
    while (unchecked(slots[j]) != EMPTY) j = (j + 1) & mask;
    unchecked(slots[j] = c);
  }
}

/** The conversation with this stream number, or null. */
export function byStream(p: u8, s: u32): Conversation | null {
  for (let i = 0; i < live; i++) {
    const c = unchecked(all[i]);
    if (c.proto == p && c.stream == s) return c;
  }
  return null;
}
