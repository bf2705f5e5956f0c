// Parallel ingest (src/core/parallel/): a piece of the capture decoded apart from the frames before it cannot
// track conversations (their numbers and TCP state depend on every earlier frame), so it logs, in order, each
// segment and datagram tracking would have seen: one entry of WORDS u32 words. The core holding the tracking
// state of the frames before the piece replays the log (track.replay), so stream numbers and TCP analysis are
// exactly those of one pass.
//
// Entry words: 0 the frame (numbered within the piece), 1 protocol (6, 17) | 0x100 over IPv6, 2-5 source and
// 6-9 destination address (assembly/tcp/endpoints.ts), 10 source port, 11 destination port, 12 seq, 13 ack,
// 14 flags, 15 window, 16 window scale option (i32, -1: none), 17 SACKed bytes, 18 length, 19 captured,
// 20-21 seconds (low, high), 22 nanoseconds. The replay writes its results after them: 23 stream, 24 analysis
// flags, 25 relative seq, 26 relative ack, 27 the highest expert severity tracking added.
import * as seg from './segment';
import * as endpoints from './endpoints';
import * as record from '../capture/record';
import * as frame from '../decode/frame-state';

export const WORDS: i32 = 28;
const BYTES: usize = <usize>WORDS * 4;
export const PROTO_TCP: u32 = 6;
export const PROTO_UDP: u32 = 17;
export const OVER_IPV6: u32 = 0x100;

/** Whether the current ingest logs instead of tracking (a piece of a parallel ingest). */
export let deferring = false;
let base: usize = 0;
let capacity: i32 = 0;
export let count: i32 = 0;

export function setDeferring(on: bool): void {
  deferring = on;
  count = 0;
}

export function ptr(): usize {
  return base;
}

export function clear(): void {
  count = 0;
}

function ensure(n: i32): void {
  if (n <= capacity) return;
  let grown = capacity == 0 ? 4096 : capacity * 2;
  while (grown < n) grown *= 2;
  base = base == 0 ? heap.alloc(<usize>grown * BYTES) : heap.realloc(base, <usize>grown * BYTES);
  capacity = grown;
}

/** Room for n entries written from outside (a piece's log, to replay); returns where they go. */
export function reserve(n: i32): usize {
  ensure(n);
  count = 0;
  return base;
}

function next(proto: u32, sport: u32, dport: u32): usize {
  ensure(count + 1);
  const e = base + <usize>count * BYTES;
  count++;
  store<u32>(e, frame.number);
  store<u32>(e, proto | (endpoints.v6 ? OVER_IPV6 : 0), 4);
  for (let w = 0; w < 4; w++) {
    store<u32>(e + 8 + <usize>(w << 2), unchecked(endpoints.src[w]));
    store<u32>(e + 24 + <usize>(w << 2), unchecked(endpoints.dst[w]));
  }
  store<u32>(e, sport, 40);
  store<u32>(e, dport, 44);
  store<u32>(e, <u32>record.tsSec, 80);
  store<u32>(e, <u32>(record.tsSec >> 32), 84);
  store<u32>(e, record.tsNsec, 88);
  return e;
}

/** The TCP segment seg.fill() just read. */
export function noteTcp(): void {
  const e = next(PROTO_TCP, seg.sport, seg.dport);
  store<u32>(e, seg.seq, 48);
  store<u32>(e, seg.ack, 52);
  store<u32>(e, seg.flags, 56);
  store<u32>(e, seg.window, 60);
  store<i32>(e, seg.wscale, 64);
  store<u32>(e, seg.sackedBytes, 68);
  store<u32>(e, seg.length, 72);
  store<u32>(e, seg.captured, 76);
}

export function noteUdp(sport: u32, dport: u32): void {
  next(PROTO_UDP, sport, dport);
}

/** Restores what entry e recorded into the globals tracking reads (frame numbers offset by `firstFrame`). */
export function restore(e: usize, firstFrame: u32): void {
  const proto = load<u32>(e, 4);
  frame.begin(firstFrame + load<u32>(e), 0, 0);
  for (let w = 0; w < 4; w++) {
    unchecked((endpoints.src[w] = load<u32>(e + 8 + <usize>(w << 2))));
    unchecked((endpoints.dst[w] = load<u32>(e + 24 + <usize>(w << 2))));
  }
  endpoints.v6 = (proto & OVER_IPV6) != 0;
  const sec = (<i64>load<u32>(e, 80)) | ((<i64>load<u32>(e, 84)) << 32);
  // No bytes: the payload "starts" at 0 inside a record of any length, so the report finds it in the frame.
  record.set(0, u32.MAX_VALUE, 0, sec, load<u32>(e, 88), 0, 0, 0);
  if ((proto & 0xff) == PROTO_TCP) {
    seg.restore(
      load<u32>(e, 40),
      load<u32>(e, 44),
      load<u32>(e, 48),
      load<u32>(e, 52),
      load<u32>(e, 56),
      load<u32>(e, 60),
      load<i32>(e, 64),
      load<u32>(e, 68),
      load<u32>(e, 72),
      load<u32>(e, 76),
    );
  }
}

export function writeResult(e: usize, stream: u32, analysis: u32, relSeq: u32, relAck: u32, severity: u32): void {
  store<u32>(e, stream, 92);
  store<u32>(e, analysis, 96);
  store<u32>(e, relSeq, 100);
  store<u32>(e, relAck, 104);
  store<u32>(e, severity, 108);
}
