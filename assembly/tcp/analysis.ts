// TCP sequence analysis with Wireshark's meaning for every flag (Wireshark User's Guide, "TCP Analysis"):
// per direction it tracks the next expected sequence number, the last ACK and window, duplicate ACKs and
// the segments not yet acknowledged, and classifies each segment. Sequence numbers compare modulo 2^32
// (RFC 9293 §3.4), so wrap-around needs nothing special.
import * as seg from './segment';
import * as flow from './flows';
import * as unacked from './unacked';
import { RETRANSMISSION, LOST_SEGMENT, ACK_LOST_SEGMENT, KEEP_ALIVE, DUPLICATE_ACK, ZERO_WINDOW, ZERO_WINDOW_PROBE, ZERO_WINDOW_PROBE_ACK, KEEP_ALIVE_ACK, OUT_OF_ORDER, FAST_RETRANSMISSION, WINDOW_UPDATE, WINDOW_FULL, REUSED_PORTS, SPURIOUS_RETRANSMISSION } from '../generated/constants/tcp-analysis';

// The flag bits of the index column `analysis`, shared with TypeScript (src/abi/core-constants.ts).
export * from '../generated/constants/tcp-analysis';


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
 * Analyses the current segment (segment.ts) sent on direction `f` of connection `c`; `r` is the other
 * direction. now: capture time in ns.
 */
export function analyze(c: flow.Connection, f: flow.Direction, r: flow.Direction, frame: u32, now: i64, reusedPorts: bool): void {
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
  if ((f.staticFlags & flow.BASE_SET) == 0) {
    f.baseSeq = (tf & seg.SYN) != 0 ? seq : seq - 1;
    f.staticFlags |= flow.BASE_SET;
    // Mid-stream, the first segment's sequence number is the best guess of what comes next.
    if ((tf & seg.SYN) == 0) f.nextSeq = seq;
  }
  // The peer's ISN is best learnt from the first ACK (a SYN's ack field need not be zero).
  if ((r.staticFlags & flow.BASE_SET) == 0 && (tf & seg.ACK) != 0) {
    r.baseSeq = ack - 1;
    r.staticFlags |= flow.BASE_SET;
  }
  if ((tf & seg.ACK) != 0) r.validBif = true;

  const nextSeq = f.nextSeq;
  const lastAck = f.lastAck;
  const lastWindow = f.window;
  let skipToAckChecks = false;

  if (len == 1 && seq == nextSeq && r.window == 0) {
    mark(ZERO_WINDOW_PROBE);
    skipToAckChecks = true;
  }
  if (!skipToAckChecks) {
    if (window == 0 && noSynFinRst) mark(ZERO_WINDOW);
    if (nextSeq != 0 && gt(seq, nextSeq) && (tf & seg.RST) == 0) {
      mark(LOST_SEGMENT);
      // Bytes in flight cannot be known until the peer acknowledges again.
      f.validBif = false;
    }
    if (len <= 1 && seq == nextSeq - 1 && noSynFinRst) mark(KEEP_ALIVE);
    if (len == 0 && window != 0 && window != lastWindow && seq == nextSeq && ack == lastAck && noSynFinRst) {
      mark(WINDOW_UPDATE);
    }
    if (len > 0 && r.winScale != flow.SCALE_UNKNOWN && noSynFinRst &&
        seq + len == r.lastAck + scaledWindow(r)) {
      mark(WINDOW_FULL);
    }
    const repeatsAck = len == 0 && window == lastWindow && seq == nextSeq && ack == lastAck && noSynFinRst;
    if (repeatsAck && window != 0 && (r.lastFlags & KEEP_ALIVE) != 0) {
      mark(KEEP_ALIVE_ACK);
      skipToAckChecks = true;
    } else if (len == 0 && window == 0 && window == lastWindow && seq == nextSeq &&
               (ack == lastAck || ack == lastAck + 1) && noSynFinRst &&
               (r.lastFlags & ZERO_WINDOW_PROBE) != 0) {
      mark(ZERO_WINDOW_PROBE_ACK);
      // The receiver took the probe's byte after all.
      if (ack == lastAck + 1) r.nextSeq += 1;
      skipToAckChecks = true;
    } else if (repeatsAck && window != 0) {
      const n = f.dupAckCount + 1;
      f.dupAckCount = n;
      mark(DUPLICATE_ACK);
      dupAckNum = n;
      dupAckFrame = f.lastNonDupAck;
    }
  }

  if (ack != lastAck) {
    f.lastNonDupAck = frame;
    f.dupAckCount = 0;
  }

  const revMax = r.maxSeqToBeAcked;
  if (revMax != 0 && gt(ack, revMax) && (tf & seg.ACK) != 0) {
    mark(ACK_LOST_SEGMENT);
    // Report it once: the peer's data up to what it has sent counts as acknowledged from here on.
    r.maxSeqToBeAcked = r.nextSeq;
  }

  classifyResend(c, f, r, now);
  recordSent(f, frame, now);

  f.window = window;
  f.windowFromSyn = (tf & seg.SYN) != 0;
  f.lastAck = ack;
  f.lastAckTime = now;
  f.lastFlags = flags;
  f.sacked = seg.sackedBytes;

  // tshark matches the acknowledgement field against sent data even without the ACK flag (a bare RST, say).
  acknowledge(r, ack, now);
  if (len != 0) measureBytesInFlight(f, r);
}

/** Retransmission, fast retransmission, out-of-order or spurious retransmission: data that does not advance. */
function classifyResend(c: flow.Connection, f: flow.Direction, r: flow.Direction, now: i64): void {
  const seq = seg.seq;
  const len = seg.length;
  if (len == 0 && (seg.flags & (seg.SYN | seg.FIN)) == 0) return;
  if ((flags & KEEP_ALIVE) != 0) return;
  const nextSeq = f.nextSeq;
  const notAdvanced = nextSeq != 0 && lt(seq, nextSeq);

  const sinceAck = <u64>(now - r.lastAckTime);
  if (notAdvanced && r.dupAckCount >= 2 && r.lastAck == seq &&
      sinceAck < FAST_RETRANSMISSION_WINDOW) {
    mark(FAST_RETRANSMISSION);
    return;
  }
  const sinceNext = <u64>(now - f.nextSeqTime);
  const irtt = c.initialRtt;
  const threshold = irtt != 0 ? <u64>irtt : DEFAULT_OOO_THRESHOLD;
  if (notAdvanced && sinceNext < threshold && nextSeq != seq + len) {
    mark(OUT_OF_ORDER);
    return;
  }
  const revAck = r.lastAck;
  if (len > 0 && revAck != 0 && le(seq + len, revAck)) {
    mark(SPURIOUS_RETRANSMISSION);
    return;
  }
  if (notAdvanced) mark(RETRANSMISSION);
}

/** Remembers data (and SYN/FIN) that advances the sequence space, to be acknowledged later. */
function recordSent(f: flow.Direction, frame: u32, now: i64): void {
  const synFin = (seg.flags & (seg.SYN | seg.FIN)) != 0;
  if (seg.length == 0 && !synFin) return;
  const end = seg.seq + seg.length + (synFin ? 1 : 0);
  const probe = (flags & ZERO_WINDOW_PROBE) != 0;
  const nextSeq = f.nextSeq;
  // A retransmission of data sent before but no longer listed (acknowledged, or never captured) is
  // listed again: the peer's next ACK may be for it.
  if (!probe) unacked.add(f, seg.seq, end, frame, now);
  if ((gt(end, nextSeq) || nextSeq == 0) && !probe) {
    f.nextSeq = end;
    f.nextSeqFrame = frame;
    f.nextSeqTime = now;
  }
  // What the peer may acknowledge without having seen more than we did: all sent so far, except that a
  // segment after a gap does not raise it (an ACK beyond it then reveals the uncaptured bytes); a segment
  // that fills a gap does.
  const maxSeq = f.maxSeqToBeAcked;
  const sent = f.nextSeq;
  if ((gt(sent, maxSeq) || maxSeq == 0) && !probe && (flags & LOST_SEGMENT) == 0) f.maxSeqToBeAcked = sent;
}

/** Drops the peer's segments this ACK covers; an exact match is "the frame this ACKs", with its RTT. */
function acknowledge(r: flow.Direction, ack: u32, now: i64): void {
  unacked.acknowledge(r, ack);
  if (unacked.ackedFrame == 0) return;
  present = true;
  acksFrame = unacked.ackedFrame;
  ackRtt = now - unacked.ackedTime;
}

/**
 * Bytes sent and not yet acknowledged after this segment: the span from the lowest unacknowledged byte
 * (this segment's included, a retransmission too) to the highest sent, less what the peer's last SACK covers.
 */
function measureBytesInFlight(f: flow.Direction, r: flow.Direction): void {
  if (!f.validBif) return;
  const base = f.baseSeq;
  let first = seg.seq - base;
  let last = seg.seq + seg.length - base;
  if (unacked.span(f, base)) {
    if (unacked.spanFirst < first) first = unacked.spanFirst;
    if (unacked.spanLast > last) last = unacked.spanLast;
  }
  // The sequence number a SYN or FIN occupies is not a byte in flight.
  const synFin: u32 = (seg.flags & (seg.SYN | seg.FIN)) != 0 ? 1 : 0;
  const inFlight = last - first - r.sacked - synFin;
  if (inFlight > 0 && inFlight < 2_000_000_000) {
    present = true;
    bytesInFlight = inFlight;
  }
}

/** The peer's last advertised window in bytes (a SYN's window is never scaled, RFC 7323 §2.2). */
function scaledWindow(d: flow.Direction): u32 {
  const w = d.window;
  const scale = d.winScale;
  return d.windowFromSyn || scale < 0 ? w : w << <u32>scale;
}
