// Conversations: one per (protocol, address pair, port pair), either direction, numbered per protocol in the
// order they appear, as Wireshark numbers tcp.stream and udp.stream. An open-addressing hash table over
// growable parallel arrays: nothing is allocated per packet, only when a table or array doubles.
import * as endpoints from './endpoints';

const EMPTY: i32 = -1;
/** Table slots; doubled when more than half full. */
let slots = new StaticArray<i32>(1 << 12);
let used: i32 = 0;

// Per conversation (index = creation order across protocols). Side A is the lower (address, port) endpoint.
const proto = new Array<u8>();
const addrA = new Array<u32>(); // 4 words per conversation
const addrB = new Array<u32>();
const isV6 = new Array<bool>();
const portA = new Array<u16>();
const portB = new Array<u16>();
/** tcp.stream / udp.stream. */
const streamOf = new Array<u32>();
let tcpStreams: u32 = 0;
let udpStreams: u32 = 0;

/** Set by lookup(): the packet goes from side B to side A. */
export let fromB = false;

export function reset(): void {
  // The table keeps the size a previous capture grew it to (the stub runtime never frees).
  for (let i = 0; i < slots.length; i++) unchecked(slots[i] = EMPTY);
  used = 0;
  proto.length = 0;
  addrA.length = 0;
  addrB.length = 0;
  isV6.length = 0;
  portA.length = 0;
  portB.length = 0;
  streamOf.length = 0;
  tcpStreams = 0;
  udpStreams = 0;
}

export function count(): i32 { return proto.length; }
export function stream(conv: i32): u32 { return unchecked(streamOf[conv]); }

/**
 * The conversation of the current packet (endpoints + these ports), created if new; sets fromB.
 * Returns the conversation index.
 */
export function lookup(p: u8, sport: u32, dport: u32): i32 {
  fromB = compareEndpoints(sport, dport) > 0;
  const h = hash(p, sport, dport);
  const mask = slots.length - 1;
  let i = h & mask;
  while (unchecked(slots[i]) != EMPTY) {
    const c = unchecked(slots[i]);
    if (matches(c, p, sport, dport)) return c;
    i = (i + 1) & mask;
  }
  const conv = create(p, sport, dport);
  unchecked(slots[i] = conv);
  if (++used * 2 > slots.length) rehash();
  return conv;
}

/**
 * A new conversation for the current packet's key, which from now on replaces the one lookup() returned
 * (TCP port reuse: a new SYN on an old address/port pair starts a new stream).
 */
export function replace(old: i32, sport: u32, dport: u32): i32 {
  const conv = create(unchecked(proto[old]), sport, dport);
  const mask = slots.length - 1;
  let i = hash(unchecked(proto[old]), sport, dport) & mask;
  while (unchecked(slots[i]) != old) i = (i + 1) & mask;
  unchecked(slots[i] = conv);
  return conv;
}

/** One endpoint's address word w and port: side 0 = A, 1 = B. */
export function address(conv: i32, side: i32, w: i32): u32 {
  return side == 0 ? unchecked(addrA[conv * 4 + w]) : unchecked(addrB[conv * 4 + w]);
}
export function port(conv: i32, side: i32): u32 { return side == 0 ? unchecked(portA[conv]) : unchecked(portB[conv]); }
export function ipv6(conv: i32): bool { return unchecked(isV6[conv]); }

function create(p: u8, sport: u32, dport: u32): i32 {
  const conv = proto.length;
  proto.push(p);
  isV6.push(endpoints.v6);
  const s = endpoints.src;
  const d = endpoints.dst;
  for (let w = 0; w < 4; w++) {
    addrA.push(fromB ? unchecked(d[w]) : unchecked(s[w]));
    addrB.push(fromB ? unchecked(s[w]) : unchecked(d[w]));
  }
  portA.push(<u16>(fromB ? dport : sport));
  portB.push(<u16>(fromB ? sport : dport));
  streamOf.push(p == 6 ? tcpStreams++ : udpStreams++);
  return conv;
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

function matches(c: i32, p: u8, sport: u32, dport: u32): bool {
  if (unchecked(proto[c]) != p || unchecked(isV6[c]) != endpoints.v6) return false;
  const a = fromB ? endpoints.dst : endpoints.src;
  const b = fromB ? endpoints.src : endpoints.dst;
  if (<u32>unchecked(portA[c]) != (fromB ? dport : sport) || <u32>unchecked(portB[c]) != (fromB ? sport : dport)) return false;
  for (let w = 0; w < 4; w++) {
    if (unchecked(addrA[c * 4 + w]) != unchecked(a[w]) || unchecked(addrB[c * 4 + w]) != unchecked(b[w])) return false;
  }
  return true;
}

/** Symmetric in the two endpoints, so both directions land on the same slot chain. */
function hash(p: u8, sport: u32, dport: u32): i32 {
  let h: u32 = <u32>p * 0x9e3779b1 ^ (sport ^ dport) * 0x85ebca6b;
  for (let w = 0; w < 4; w++) h = (h ^ (unchecked(endpoints.src[w]) ^ unchecked(endpoints.dst[w]))) * 0xc2b2ae35;
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
    let j = storedHash(c) & mask;
    while (unchecked(slots[j]) != EMPTY) j = (j + 1) & mask;
    unchecked(slots[j] = c);
  }
}

/** hash() of a stored conversation (xor of the endpoints is symmetric, so A/B order does not matter). */
function storedHash(c: i32): i32 {
  let h: u32 = <u32>unchecked(proto[c]) * 0x9e3779b1 ^ (<u32>unchecked(portA[c]) ^ <u32>unchecked(portB[c])) * 0x85ebca6b;
  for (let w = 0; w < 4; w++) h = (h ^ (unchecked(addrA[c * 4 + w]) ^ unchecked(addrB[c * 4 + w]))) * 0xc2b2ae35;
  return <i32>(h ^ (h >> 15));
}

/** The conversation with this stream number, or -1. */
export function byStream(p: u8, s: u32): i32 {
  for (let c = 0; c < proto.length; c++) {
    if (unchecked(proto[c]) == p && unchecked(streamOf[c]) == s) return c;
  }
  return -1;
}
