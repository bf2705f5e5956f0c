// Entry points the transport decoders call once per segment or datagram: find the conversation (tcp.stream,
// udp.stream), run TCP's sequence analysis, then report the results as fields and index columns.
import * as conversations from './conversations';
import * as flow from './flows';
import * as unacked from './unacked';
import * as seg from './segment';
import * as analysis from './analysis';
import * as report from './report';
import * as record from '../capture/record';
import * as frame from '../decode/frame-state';
import * as expert from './expert';
import * as log from './transport-log';
import * as rows from '../rows';
import * as emit from '../emit';

const PROTO_TCP: u8 = 6;
const PROTO_UDP: u8 = 17;

export function reset(): void {
  conversations.reset();
  unacked.reset();
}

/**
 * p: the TCP header (hdrLen bytes present); reported/captured: segment bytes per IP / in the capture; wscale
 * (-1: none) and sacked: what its options say.
 */
export function analyzeTcp(p: usize, hdrLen: i32, reported: i32, captured: i32, wscale: i32, sacked: u32): void {
  if (frame.quoted) return; // the header an ICMP error quotes belongs to another packet
  seg.fill(p, hdrLen, reported, captured, wscale, sacked);
  if (log.deferring) {
    // A piece of a parallel ingest: logged for the replay, which adds what only tracking knows.
    log.noteTcp();
    report.untrackedTcp(conversations.senderSide(seg.sport, seg.dport));
    // The segment's expert items come with its report (report.tcp), in field mode only: none here either.
    return;
  }
  if (!enabled) {
    expert.tcp(null, null);
    return;
  }
  trackTcp();
}

/** Conversation, TCP analysis and report of the segment in seg (and endpoints, record's time, frame.number). */
function trackTcp(): void {
  let conv = conversations.lookup(PROTO_TCP, seg.sport, seg.dport);
  const side = conversations.fromB ? 1 : 0;
  let c = conv.connection;
  // A new SYN with another ISN on a known address/port pair opens a new stream (RFC 9293 §3.4.1 quiet time
  // aside, the old connection is over).
  let reused = false;
  const sender = c.side(side);
  if (
    (seg.flags & (seg.SYN | seg.ACK)) == seg.SYN &&
    (sender.staticFlags & flow.BASE_SET) != 0 &&
    seg.seq != sender.baseSeq
  ) {
    conv = conversations.replace(conv, seg.sport, seg.dport);
    c = conv.connection;
    reused = true;
  } else if (
    (seg.flags & (seg.SYN | seg.ACK)) == (seg.SYN | seg.ACK) &&
    (sender.staticFlags & flow.BASE_SET) != 0 &&
    seg.seq != sender.baseSeq
  ) {
    // A SYN+ACK with another ISN stays in the stream (tshark 4.0, whatever it acknowledges), flagged as port
    // reuse, and numbers its sender's sequence from its ISN from now on.
    sender.baseSeq = seg.seq;
    reused = true;
  }
  const f = c.side(side);
  const r = c.side(side ^ 1);
  const now = record.tsSec * 1_000_000_000 + <i64>record.tsNsec;
  if ((seg.flags & seg.SYN) != 0) noteSyn(c, f, r, now);
  else if ((seg.flags & seg.ACK) != 0 && c.synTime != 0 && c.initialRtt == 0) {
    // The first ACK after a SYN completes the handshake: its delay from the SYN is the initial RTT.
    c.initialRtt = now - c.synTime;
  }
  analysis.analyze(c, f, r, frame.number, now, reused);
  // Wireshark counts a conversation's first segment towards its completeness only when it is a SYN.
  const first = conv.firstTime == conversations.NO_TIME;
  noteTimes(conv, now);
  report.completeness = conv.completeness;
  if (!first || (seg.flags & seg.SYN) != 0) conv.completeness |= completenessBits();
  report.tcp(conv.stream, c, side, f, r);
}

/** Since the conversation's first and previous packets (report.timeRelative, report.timeDelta). */
function noteTimes(conv: conversations.Conversation, now: i64): void {
  if (conv.firstTime == conversations.NO_TIME) {
    conv.firstTime = now;
    conv.lastTime = now;
  }
  report.timeRelative = now - conv.firstTime;
  report.timeDelta = now - conv.lastTime;
  conv.lastTime = now;
}

/** What this segment adds to the conversation's completeness: Wireshark's SYN, SYN-ACK, ACK, DATA, FIN, RST. */
function completenessBits(): u32 {
  const syn = (seg.flags & seg.SYN) != 0;
  const ack = (seg.flags & seg.ACK) != 0;
  let bits: u32 = 0;
  if (syn) bits |= ack ? report.COMPLETE_SYN_ACK : report.COMPLETE_SYN;
  else if (ack && seg.length == 0) bits |= report.COMPLETE_ACK;
  if (seg.length > 0) bits |= report.COMPLETE_DATA;
  if ((seg.flags & seg.FIN) != 0) bits |= report.COMPLETE_FIN;
  if ((seg.flags & seg.RST) != 0) bits |= report.COMPLETE_RST;
  return bits;
}

export function analyzeUdp(sport: u32, dport: u32, payload: usize, length: u32): void {
  if (frame.quoted) return;
  if (log.deferring) {
    log.noteUdp(sport, dport);
    report.untrackedUdp(conversations.senderSide(sport, dport), payload, length);
    return;
  }
  if (!enabled) return;
  const conv = conversations.lookup(PROTO_UDP, sport, dport);
  noteTimes(conv, record.tsSec * 1_000_000_000 + <i64>record.tsNsec);
  report.udp(conv.stream, conversations.fromB ? 1 : 0, payload, length);
}

/** Window scaling (RFC 7323 §2.2): on only when both SYNs carry the option. */
function noteSyn(c: flow.Connection, f: flow.Direction, r: flow.Direction, now: i64): void {
  const synAck = (seg.flags & seg.ACK) != 0;
  if (!synAck) c.synTime = now;
  f.staticFlags |= synAck ? flow.SAW_SYN_ACK : flow.SAW_SYN;
  if (seg.wscale >= 0) f.winScale = seg.wscale;
  if (seg.wscale < 0) {
    f.winScale = flow.SCALE_NONE;
    if (synAck) r.winScale = flow.SCALE_NONE;
  } else if (synAck && r.winScale == flow.SCALE_NONE) {
    f.winScale = flow.SCALE_NONE;
  }
}

export let enabled = true;
/** Off while decoding a lone frame for the protocol tree: it must not disturb the capture's state. */
export function setEnabled(on: bool): void {
  enabled = on;
}

/**
 * Tracks the `count` entries of a piece's transport log at `entries` (transport-log.ts), in order, as if their
 * frames (numbered from firstFrame + 1) had been decoded here, and writes each one's results into it.
 */
export function replay(entries: usize, count: i32, firstFrame: u32): void {
  const fields = emit.enabled;
  emit.enabled = false;
  const i = rows.count;
  for (let k = 0; k < count; k++) {
    const e = entries + <usize>(k * log.WORDS * 4);
    log.restore(e, firstFrame);
    rows.beginRow();
    expert.beginFrame();
    if ((load<u32>(e, 4) & 0xff) == log.PROTO_TCP) {
      expert.noteTcpHeader(-1, false);
      trackTcp();
    } else {
      analyzeUdp(load<u32>(e, 40), load<u32>(e, 44), 0, 0);
    }
    log.writeResult(
      e,
      unchecked(rows.stream[i]),
      unchecked(rows.analysis[i]),
      unchecked(rows.relSeq[i]),
      unchecked(rows.relAck[i]),
      expert.frameSeverity,
    );
  }
  emit.enabled = fields;
}
