// TCP sequence analysis with Wireshark's meaning for every flag (Wireshark User's Guide, "TCP Analysis"):
// per direction it tracks the next expected sequence number, the last ACK and window, duplicate ACKs and
// the segments not yet acknowledged, and classifies each segment. Sequence numbers compare modulo 2^32
// (RFC 9293 §3.4), so wrap-around needs nothing special.
import * as seg from './segment';
import * as flow from './flows';
import * as unacked from './unacked';

export const RETRANSMISSION: u32 = 1 << 0;
export const LOST_SEGMENT: u32 = 1 << 1;
export const ACK_LOST_SEGMENT: u32 = 1 << 2;
export const KEEP_ALIVE: u32 = 1 << 3;
export const DUPLICATE_ACK: u32 = 1 << 4;
export const ZERO_WINDOW: u32 = 1 << 5;
export const ZERO_WINDOW_PROBE: u32 = 1 << 6;
export const ZERO_WINDOW_PROBE_ACK: u32 = 1 << 7;
export const KEEP_ALIVE_ACK: u32 = 1 << 8;
export const OUT_OF_ORDER: u32 = 1 << 9;
export const FAST_RETRANSMISSION: u32 = 1 << 10;
export const WINDOW_UPDATE: u32 = 1 << 11;
export const WINDOW_FULL: u32 = 1 << 12;
export const REUSED_PORTS: u32 = 1 << 13;
export const SPURIOUS_RETRANSMISSION: u32 = 1 << 14;

/** A retransmission within this long of the last duplicate ACK is a fast retransmission (ns). */
const FAST_RETRANSMISSION_WINDOW: u64 = 20_000_000;
/** Out-of-order threshold when the handshake RTT is not known (ns). */
const DEFAULT_OOO_THRESHOLD: u64 = 3_000_000;

// The result for the current segment (Wireshark's per-packet "acked" record).
/** The segment has analysis results at all (the SEQ/ACK analysis subtree). */
export let present = false;
export let flags: u32 = 0;
export let dupAckNum: u32 = 0;
export let dupAckFrame: u32 = 0;
export let acksFrame: u32 = 0;
export let ackRtt: i64 = 0;
export let bytesInFlight: u32 = 0;

// @ts-ignore: decorator
@inline function lt(a: u32, b: u32): bool { return <i32>(a - b) < 0; }
// @ts-ignore: decorator
@inline function gt(a: u32, b: u32): bool { return <i32>(a - b) > 0; }
// @ts-ignore: decorator
@inline function le(a: u32, b: u32): bool { return <i32>(a - b) <= 0; }

// @ts-ignore: decorator
@inline function mark(bit: u32): void { present = true; flags |= bit; }

/**
 * Analyses the current segment (segment.ts) sent on direction `fwd`; `rev` is the other direction, `conv` the
 * conversation. now: capture time in ns.
 */
export function analyze(conv: i32, fwd: i32, rev: i32, frame: u32, now: i64, reusedPorts: bool): void {
  present = false;
  flags = 0;
  dupAckNum = 0;
  dupAckFrame = 0;
  acksFrame = 0;
  ackRtt = 0;
  bytesInFlight = 0;
  if (reusedPorts) mark(REUSED_PORTS);

  const seq = seg.seq;
  const ack = seg.ack;
  const len = seg.length;
  const tf = seg.flags;
  const window = seg.window;
  const noSynFinRst = (tf & (seg.SYN | seg.FIN | seg.RST)) == 0;

  // Relative numbers start at 0 for a SYN and at 1 otherwise, so a capture that begins mid-stream still
  // shows 1 for the first byte it saw.
  if ((unchecked(flow.staticFlags[fwd]) & flow.BASE_SET) == 0) {
    unchecked(flow.baseSeq[fwd] = (tf & seg.SYN) != 0 ? seq : seq - 1);
    unchecked(flow.staticFlags[fwd] |= flow.BASE_SET);
    // Mid-stream, the first segment's sequence number is the best guess of what comes next.
    if ((tf & seg.SYN) == 0) unchecked(flow.nextSeq[fwd] = seq);
  }
  // The peer's ISN is best learnt from the first ACK (a SYN's ack field need not be zero).
  if ((unchecked(flow.staticFlags[rev]) & flow.BASE_SET) == 0 && (tf & seg.ACK) != 0) {
    unchecked(flow.baseSeq[rev] = ack - 1);
    unchecked(flow.staticFlags[rev] |= flow.BASE_SET);
  }
  if ((tf & seg.ACK) != 0) unchecked(flow.validBif[rev] = true);

  const nextSeq = unchecked(flow.nextSeq[fwd]);
  const lastAck = unchecked(flow.lastAck[fwd]);
  const lastWindow = unchecked(flow.window[fwd]);
  let skipToAckChecks = false;

  if (len == 1 && seq == nextSeq && unchecked(flow.window[rev]) == 0) {
    mark(ZERO_WINDOW_PROBE);
    skipToAckChecks = true;
  }
  if (!skipToAckChecks) {
    if (window == 0 && noSynFinRst) mark(ZERO_WINDOW);
    if (nextSeq != 0 && gt(seq, nextSeq) && (tf & seg.RST) == 0) {
      mark(LOST_SEGMENT);
      // Bytes in flight cannot be known until the peer acknowledges again.
      unchecked(flow.validBif[fwd] = false);
    }
    if (len <= 1 && seq == nextSeq - 1 && noSynFinRst) mark(KEEP_ALIVE);
    if (len == 0 && window != 0 && window != lastWindow && seq == nextSeq && ack == lastAck && noSynFinRst) {
      mark(WINDOW_UPDATE);
    }
    if (len > 0 && unchecked(flow.winScale[rev]) != flow.SCALE_UNKNOWN && noSynFinRst &&
        seq + len == unchecked(flow.lastAck[rev]) + scaledWindow(rev)) {
      mark(WINDOW_FULL);
    }
    const repeatsAck = len == 0 && window == lastWindow && seq == nextSeq && ack == lastAck && noSynFinRst;
    if (repeatsAck && window != 0 && (unchecked(flow.lastFlags[rev]) & KEEP_ALIVE) != 0) {
      mark(KEEP_ALIVE_ACK);
      skipToAckChecks = true;
    } else if (len == 0 && window == 0 && window == lastWindow && seq == nextSeq &&
               (ack == lastAck || ack == lastAck + 1) && noSynFinRst &&
               (unchecked(flow.lastFlags[rev]) & ZERO_WINDOW_PROBE) != 0) {
      mark(ZERO_WINDOW_PROBE_ACK);
      // The receiver took the probe's byte after all.
      if (ack == lastAck + 1) unchecked(flow.nextSeq[rev] += 1);
      skipToAckChecks = true;
    } else if (repeatsAck && window != 0) {
      const n = unchecked(flow.dupAckCount[fwd]) + 1;
      unchecked(flow.dupAckCount[fwd] = n);
      mark(DUPLICATE_ACK);
      dupAckNum = n;
      dupAckFrame = unchecked(flow.lastNonDupAck[fwd]);
    }
  }

  if (ack != lastAck) {
    unchecked(flow.lastNonDupAck[fwd] = frame);
    unchecked(flow.dupAckCount[fwd] = 0);
  }

  const revMax = unchecked(flow.maxSeqToBeAcked[rev]);
  if (revMax != 0 && gt(ack, revMax) && (tf & seg.ACK) != 0) {
    mark(ACK_LOST_SEGMENT);
    // Report it once: the peer's data up to what it has sent counts as acknowledged from here on.
    unchecked(flow.maxSeqToBeAcked[rev] = unchecked(flow.nextSeq[rev]));
  }

  classifyResend(conv, fwd, rev, now);
  recordSent(fwd, frame, now);

  unchecked(flow.window[fwd] = window);
  unchecked(flow.windowFromSyn[fwd] = (tf & seg.SYN) != 0);
  unchecked(flow.lastAck[fwd] = ack);
  unchecked(flow.lastAckTime[fwd] = now);
  unchecked(flow.lastFlags[fwd] = flags);
  unchecked(flow.sacked[fwd] = seg.sackedBytes);

  // tshark matches the acknowledgement field against sent data even without the ACK flag (a bare RST, say).
  acknowledge(rev, ack, now);
  if (len != 0) measureBytesInFlight(fwd, rev);
}

/** Retransmission, fast retransmission, out-of-order or spurious retransmission: data that does not advance. */
function classifyResend(conv: i32, fwd: i32, rev: i32, now: i64): void {
  const seq = seg.seq;
  const len = seg.length;
  if (len == 0 && (seg.flags & (seg.SYN | seg.FIN)) == 0) return;
  if ((flags & KEEP_ALIVE) != 0) return;
  const nextSeq = unchecked(flow.nextSeq[fwd]);
  const notAdvanced = nextSeq != 0 && lt(seq, nextSeq);

  const sinceAck = <u64>(now - unchecked(flow.lastAckTime[rev]));
  if (notAdvanced && unchecked(flow.dupAckCount[rev]) >= 2 && unchecked(flow.lastAck[rev]) == seq &&
      sinceAck < FAST_RETRANSMISSION_WINDOW) {
    mark(FAST_RETRANSMISSION);
    return;
  }
  const sinceNext = <u64>(now - unchecked(flow.nextSeqTime[fwd]));
  const irtt = unchecked(flow.initialRtt[conv]);
  const threshold = irtt != 0 ? <u64>irtt : DEFAULT_OOO_THRESHOLD;
  if (notAdvanced && sinceNext < threshold && nextSeq != seq + len) {
    mark(OUT_OF_ORDER);
    return;
  }
  const revAck = unchecked(flow.lastAck[rev]);
  if (len > 0 && revAck != 0 && le(seq + len, revAck)) {
    mark(SPURIOUS_RETRANSMISSION);
    return;
  }
  if (notAdvanced) mark(RETRANSMISSION);
}

/** Remembers data (and SYN/FIN) that advances the sequence space, to be acknowledged later. */
function recordSent(fwd: i32, frame: u32, now: i64): void {
  const synFin = (seg.flags & (seg.SYN | seg.FIN)) != 0;
  if (seg.length == 0 && !synFin) return;
  const end = seg.seq + seg.length + (synFin ? 1 : 0);
  const probe = (flags & ZERO_WINDOW_PROBE) != 0;
  const nextSeq = unchecked(flow.nextSeq[fwd]);
  // A retransmission of data sent before but no longer listed (acknowledged, or never captured) is
  // listed again: the peer's next ACK may be for it.
  if (!probe) unacked.add(fwd, seg.seq, end, frame, now);
  if ((gt(end, nextSeq) || nextSeq == 0) && !probe) {
    unchecked(flow.nextSeq[fwd] = end);
    unchecked(flow.nextSeqFrame[fwd] = frame);
    unchecked(flow.nextSeqTime[fwd] = now);
  }
  // What the peer may acknowledge without having seen more than we did: all sent so far, except that a
  // segment after a gap does not raise it (an ACK beyond it then reveals the uncaptured bytes); a segment
  // that fills a gap does.
  const maxSeq = unchecked(flow.maxSeqToBeAcked[fwd]);
  const sent = unchecked(flow.nextSeq[fwd]);
  if ((gt(sent, maxSeq) || maxSeq == 0) && !probe && (flags & LOST_SEGMENT) == 0) unchecked(flow.maxSeqToBeAcked[fwd] = sent);
}

/** Drops the peer's segments this ACK covers; an exact match is "the frame this ACKs", with its RTT. */
function acknowledge(rev: i32, ack: u32, now: i64): void {
  unacked.acknowledge(rev, ack);
  if (unacked.ackedFrame == 0) return;
  present = true;
  acksFrame = unacked.ackedFrame;
  ackRtt = now - unacked.ackedTime;
}

/**
 * Bytes sent and not yet acknowledged after this segment: the span from the lowest unacknowledged byte
 * (this segment's included, a retransmission too) to the highest sent, less what the peer's last SACK covers.
 */
function measureBytesInFlight(fwd: i32, rev: i32): void {
  if (!unchecked(flow.validBif[fwd])) return;
  const base = unchecked(flow.baseSeq[fwd]);
  let first = seg.seq - base;
  let last = seg.seq + seg.length - base;
  if (unacked.span(fwd, base)) {
    if (unacked.spanFirst < first) first = unacked.spanFirst;
    if (unacked.spanLast > last) last = unacked.spanLast;
  }
  // The sequence number a SYN or FIN occupies is not a byte in flight.
  const synFin: u32 = (seg.flags & (seg.SYN | seg.FIN)) != 0 ? 1 : 0;
  const inFlight = last - first - unchecked(flow.sacked[rev]) - synFin;
  if (inFlight > 0 && inFlight < 2_000_000_000) {
    present = true;
    bytesInFlight = inFlight;
  }
}

/** The peer's last advertised window in bytes (a SYN's window is never scaled, RFC 7323 §2.2). */
function scaledWindow(dir: i32): u32 {
  const w = unchecked(flow.window[dir]);
  const scale = unchecked(flow.winScale[dir]);
  return unchecked(flow.windowFromSyn[dir]) || scale < 0 ? w : w << <u32>scale;
}
