// The segments each direction has sent that the peer has not acknowledged yet (for "the frame this ACKs",
// its RTT and bytes in flight). Each direction's list is kept in order of sequence number, lowest first: new
// data joins at the back in O(1), an ACK drops what it covers from the front and stops at the first segment
// it does not reach, so the cost per segment does not grow with the window. Segments come from one pool
// (parallel arrays and a free list): steady-state analysis allocates nothing.
import * as flow from './flows';

/**
 * Loupe's bound on the list's length per direction (tshark has none): 10000 full-size segments are ~14 MB in
 * flight, beyond any window seen in practice. Past it, new segments are not listed, so only "the frame this
 * ACKs" and bytes in flight for them can differ from tshark; the rest of the analysis does not read the list.
 */
export const MAX_UNACKED: i32 = 10000;

const segSeq = new Array<u32>();
const segNext = new Array<u32>();
const segFrame = new Array<u32>();
const segTime = new Array<i64>();
/** The following segment in the list (higher sequence number), or the next free one. */
const segLink = new Array<i32>();
let freeSeg: i32 = -1;

/** Set by acknowledge(): the frame of the segment the ACK ends exactly on (0: none) and when it was sent. */
export let ackedFrame: u32 = 0;
export let ackedTime: i64 = 0;

// @ts-ignore: decorator
@inline function lt(a: u32, b: u32): bool { return <i32>(a - b) < 0; }
// @ts-ignore: decorator
@inline function gt(a: u32, b: u32): bool { return <i32>(a - b) > 0; }

export function reset(): void {
  segSeq.length = 0; segNext.length = 0; segFrame.length = 0; segTime.length = 0; segLink.length = 0;
  freeSeg = -1;
}

/** Lists [seq, next) sent by `dir` in `frame`, unless a segment starting at seq is listed already. */
export function add(dir: i32, seq: u32, next: u32, frame: u32, time: i64): void {
  if (unchecked(flow.unackedCount[dir]) >= MAX_UNACKED) return;
  const tail = unchecked(flow.unackedTail[dir]);
  let prev: i32 = tail;
  let after: i32 = -1;
  if (tail >= 0 && !gt(seq, unchecked(segSeq[tail]))) {
    // A resend (or reordered data): its place is further forward, usually near the front.
    prev = -1;
    after = unchecked(flow.unacked[dir]);
    while (after >= 0 && lt(unchecked(segSeq[after]), seq)) {
      prev = after;
      after = unchecked(segLink[after]);
    }
    if (after >= 0 && unchecked(segSeq[after]) == seq) return;
  }
  const s = newSegment(seq, next, frame, time, after);
  if (prev < 0) unchecked(flow.unacked[dir] = s);
  else unchecked(segLink[prev] = s);
  if (after < 0) unchecked(flow.unackedTail[dir] = s);
  if (unchecked(flow.unackedCount[dir]) == 0 || gt(next, unchecked(flow.unackedMaxNext[dir]))) {
    unchecked(flow.unackedMaxNext[dir] = next);
  }
  unchecked(flow.unackedCount[dir] += 1);
}

/**
 * Applies the peer's acknowledgement number `ack` to `dir`'s list: drops the segments it covers and trims one
 * it ends inside. ackedFrame: the earliest-sent segment the ACK ends exactly on. Segments at or beyond `ack`
 * are untouched, and in sequence order they all come after the first one.
 */
export function acknowledge(dir: i32, ack: u32): void {
  ackedFrame = 0;
  ackedTime = 0;
  let prev: i32 = -1;
  let s = unchecked(flow.unacked[dir]);
  while (s >= 0 && gt(ack, unchecked(segSeq[s]))) {
    const next = unchecked(segNext[s]);
    const after = unchecked(segLink[s]);
    if (gt(next, ack)) {
      unchecked(segSeq[s] = ack); // partly acknowledged: the rest is still in flight
      prev = s;
      s = after;
      continue;
    }
    if (ack == next && (ackedFrame == 0 || unchecked(segFrame[s]) < ackedFrame)) {
      ackedFrame = unchecked(segFrame[s]);
      ackedTime = unchecked(segTime[s]);
    }
    if (prev < 0) unchecked(flow.unacked[dir] = after);
    else unchecked(segLink[prev] = after);
    if (after < 0) unchecked(flow.unackedTail[dir] = prev);
    freeSegment(s);
    unchecked(flow.unackedCount[dir] -= 1);
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
export function span(dir: i32, base: u32): bool {
  const head = unchecked(flow.unacked[dir]);
  if (head < 0) return false;
  spanFirst = unchecked(segSeq[head]) - base;
  spanLast = unchecked(flow.unackedMaxNext[dir]) - base;
  if (spanFirst <= spanLast) return true;
  // The list straddles relative number 0 (4 GiB into the flow): unsigned order is not sequence order there.
  spanFirst = 0xffffffff;
  spanLast = 0;
  for (let s = head; s >= 0; s = unchecked(segLink[s])) {
    const a = unchecked(segSeq[s]) - base;
    const b = unchecked(segNext[s]) - base;
    if (a < spanFirst) spanFirst = a;
    if (b > spanLast) spanLast = b;
  }
  return true;
}

function newSegment(seq: u32, next: u32, frame: u32, time: i64, link: i32): i32 {
  if (freeSeg < 0) {
    segSeq.push(0); segNext.push(0); segFrame.push(0); segTime.push(0); segLink.push(-1);
    freeSeg = segSeq.length - 1;
  }
  const s = freeSeg;
  freeSeg = unchecked(segLink[s]);
  unchecked(segSeq[s] = seq);
  unchecked(segNext[s] = next);
  unchecked(segFrame[s] = frame);
  unchecked(segTime[s] = time);
  unchecked(segLink[s] = link);
  return s;
}

function freeSegment(s: i32): void {
  unchecked(segLink[s] = freeSeg);
  freeSeg = s;
}
