// The segments each direction has sent that the peer has not acknowledged yet (for "the frame this ACKs",
// its RTT and bytes in flight). Each direction's list is kept in order of sequence number, lowest first, and
// linked both ways: new data joins at the back in O(1); a resend or reordered segment is placed by walking
// from whichever end is nearer in sequence space (resends sit near the front, reordering near the back); an
// ACK drops what it covers from the front and stops at the first segment it does not reach. So the cost per
// segment does not grow with the window. Segments are pooled across captures and recycled through a free
// list: steady-state analysis allocates nothing.
import { Direction } from './flows';
import { Segment } from './unacked-segment';

/**
 * Loupe's bound on the list's length per direction (tshark has none): 10000 full-size segments are ~14 MB in
 * flight, beyond any window seen in practice. Past it, new segments are not listed, so only "the frame this
 * ACKs" and bytes in flight for them can differ from tshark; the rest of the analysis does not read the list.
 */
export const MAX_UNACKED: i32 = 10000;

/** Every segment ever made; the first `handedOut` have been used in the current capture. */
const pool = new Array<Segment>();
let handedOut: i32 = 0;
let free: Segment | null = null;

/** Set by acknowledge(): the frame of the segment the ACK ends exactly on (0: none) and when it was sent. */
export let ackedFrame: u32 = 0;
export let ackedTime: i64 = 0;

// @ts-ignore: decorator
@inline function lt(a: u32, b: u32): bool { return <i32>(a - b) < 0; }
// @ts-ignore: decorator
@inline function gt(a: u32, b: u32): bool { return <i32>(a - b) > 0; }

export function reset(): void {
  handedOut = 0;
  free = null;
}

/** Lists [seq, next) sent by `d` in `frame`, unless a segment starting at seq is listed already. */
export function add(d: Direction, seq: u32, next: u32, frame: u32, time: i64): void {
  if (d.unackedCount >= MAX_UNACKED) return;
  const tail = d.unackedTail;
  let prev: Segment | null = tail;
  let after: Segment | null = null;
  if (tail !== null && !gt(seq, tail.seq)) {
    const head = d.unacked!;
    if (<i32>(seq - head.seq) <= <i32>(tail.seq - seq)) {
      // Nearer the front (a resend): walk forward to the first segment not below seq.
      prev = null;
      after = head;
      while (after !== null && lt(after.seq, seq)) {
        prev = after;
        after = after.after;
      }
      if (after !== null && after.seq == seq) return;
    } else {
      // Nearer the back (reordered data): walk back to the last segment not above seq.
      prev = tail;
      while (prev !== null && gt(prev.seq, seq)) prev = prev.before;
      if (prev !== null && prev.seq == seq) return;
      after = prev !== null ? prev.after : head;
    }
  }
  const s = newSegment(seq, next, frame, time);
  s.before = prev;
  s.after = after;
  if (prev === null) d.unacked = s;
  else prev.after = s;
  if (after === null) d.unackedTail = s;
  else after.before = s;
  if (d.unackedCount == 0 || gt(next, d.unackedMaxNext)) d.unackedMaxNext = next;
  d.unackedCount += 1;
}

/**
 * Applies the peer's acknowledgement number `ack` to `d`'s list: drops the segments it covers and trims one
 * it ends inside. ackedFrame: the earliest-sent segment the ACK ends exactly on. Segments at or beyond `ack`
 * are untouched, and in sequence order they all come after the first one.
 */
export function acknowledge(d: Direction, ack: u32): void {
  ackedFrame = 0;
  ackedTime = 0;
  let s = d.unacked;
  while (s !== null && gt(ack, s.seq)) {
    const after = s.after;
    if (gt(s.next, ack)) {
      s.seq = ack; // partly acknowledged: the rest is still in flight
      s = after;
      continue;
    }
    if (ack == s.next && (ackedFrame == 0 || s.frame < ackedFrame)) {
      ackedFrame = s.frame;
      ackedTime = s.time;
    }
    unlink(d, s);
    s = after;
  }
}

/** Set by span(): the lowest and highest listed sequence numbers, relative to the direction's base. */
export let spanFirst: u32 = 0;
export let spanLast: u32 = 0;

/**
 * The listed range relative to `base`, as tshark measures it: the lowest relative start and the highest
 * relative end, compared as unsigned numbers. Returns false when the list is empty.
 */
export function span(d: Direction, base: u32): bool {
  const head = d.unacked;
  if (head === null) return false;
  spanFirst = head.seq - base;
  spanLast = d.unackedMaxNext - base;
  if (spanFirst <= spanLast) return true;
  // The list straddles relative number 0 (4 GiB into the flow): unsigned order is not sequence order there.
  spanFirst = 0xffffffff;
  spanLast = 0;
  for (let s: Segment | null = head; s !== null; s = s.after) {
    const a = s.seq - base;
    const b = s.next - base;
    if (a < spanFirst) spanFirst = a;
    if (b > spanLast) spanLast = b;
  }
  return true;
}

function unlink(d: Direction, s: Segment): void {
  const before = s.before;
  const after = s.after;
  if (before === null) d.unacked = after;
  else before.after = after;
  if (after === null) d.unackedTail = before;
  else after.before = before;
  d.unackedCount -= 1;
  s.after = free;
  free = s;
}

function newSegment(seq: u32, next: u32, frame: u32, time: i64): Segment {
  let s = free;
  if (s !== null) {
    free = s.after;
  } else if (handedOut < pool.length) {
    s = unchecked(pool[handedOut++]);
  } else {
    s = new Segment();
    pool.push(s);
    handedOut++;
  }
  s.seq = seq;
  s.next = next;
  s.frame = frame;
  s.time = time;
  return s;
}
