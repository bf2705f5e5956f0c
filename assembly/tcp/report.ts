// Reports what conversation tracking and TCP analysis found: field records in the TCP/UDP tree (named and
// printed as Wireshark does) and the per-frame index columns the display filter and stream views read.
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as rows from '../rows';
import * as record from '../capture/record';
import * as reassembly from '../decode/reassembly';
import * as side from '../side';
import * as frame from '../decode/frame-state';
import * as flow from './flows';
import * as seg from './segment';
import * as A from './analysis';
import * as expert from './expert';

import { FROM_B, SYN, FIN, RST, UDP } from '../generated/constants/transport';

/** Column `transport` bits (shared with TypeScript: src/abi/core-constants.ts). */
export { FROM_B, SYN, FIN, RST, UDP };

/** Set by track.ts for the current packet: its conversation's completeness before it, and its times. */
export let completeness: u32 = 0;
export let timeRelative: i64 = 0;
export let timeDelta: i64 = 0;
export const COMPLETE_SYN: u32 = 1;
export const COMPLETE_SYN_ACK: u32 = 2;
export const COMPLETE_ACK: u32 = 4;
export const COMPLETE_DATA: u32 = 8;
export const COMPLETE_FIN: u32 = 16;
export const COMPLETE_RST: u32 = 32;

export function tcp(stream: u32, c: flow.Connection, side: i32, f: flow.Direction, r: flow.Direction): void {
  const base = f.baseSeq;
  const relSeq = seg.seq - base;
  const synFin: u32 = ((seg.flags & seg.SYN) != 0 ? 1 : 0) + ((seg.flags & seg.FIN) != 0 ? 1 : 0);
  // Without the ACK flag the field is not an acknowledgement: tshark shows it raw.
  const ack = (seg.flags & seg.ACK) != 0 ? seg.ack - r.baseSeq : seg.ack;
  setRow(
    stream,
    side,
    seg.payload,
    seg.captured,
    relSeq,
    ((seg.flags & seg.SYN) != 0 ? SYN : 0) |
      ((seg.flags & seg.FIN) != 0 ? FIN : 0) |
      ((seg.flags & seg.RST) != 0 ? RST : 0),
    A.flags,
  );
  unchecked((rows.relAck[rows.count] = ack));
  // Bytes sent since this direction's last PSH (counted whether or not fields are wanted).
  // A PSH or FIN ends the run; a segment after a gap reports none (Wireshark's).
  f.pushBytes += seg.length;
  const ends = (seg.flags & (seg.PSH | seg.FIN)) != 0;
  const pushed = ends && (A.flags & A.LOST_SEGMENT) == 0 ? f.pushBytes : 0;
  if (ends) f.pushBytes = 0;
  if (!emit.enabled) return;
  emit.field(F.TCP_STREAM, 0, 0, stream);
  emit.field(F.TCP_COMPLETENESS, 0, 0, completeness);
  relativeSack(r.baseSeq);
  if ((seg.flags & seg.SYN) == 0) emit.field(F.TCP_WINDOW_SIZE_SCALEFACTOR, 0, 0, scaleFactor(f));
  emit.field(F.TCP_SEQ, 0, 0, relSeq);
  emit.field(F.TCP_NXTSEQ, 0, 0, relSeq + seg.length + synFin);
  emit.field(F.TCP_ACK, 0, 0, ack);
  emit.field(F.TCP_WINDOW_SIZE, 0, 0, windowSize(f));
  relativeTime(F.TCP_TIME_RELATIVE, timeRelative);
  relativeTime(F.TCP_TIME_DELTA, timeDelta);
  if (A.present) analysisTree(c, pushed);
  else if (pushed != 0) emit.field(F.TCP_ANALYSIS_PUSH_BYTES_SENT, 0, 0, pushed);
  expert.tcp(f, r);
}

export function udp(stream: u32, side: i32, payload: usize, length: u32): void {
  setRow(stream, side, payload, length, 0, UDP, 0);
  if (!emit.enabled) return;
  emit.field(F.UDP_STREAM, 0, 0, stream);
  relativeTime(F.UDP_TIME_RELATIVE, timeRelative);
  relativeTime(F.UDP_TIME_DELTA, timeDelta);
}

/** tcp.window_size_scalefactor: the multiplier, -1 while unknown (no SYN seen), -2 when scaling is off. */
function scaleFactor(f: flow.Direction): u32 {
  const scale = f.winScale;
  return scale >= 0 ? (<u32>1) << (<u32>scale) : <u32>scale;
}

/** SACK edges are relative to the sender of the data they acknowledge (the other direction's ISN). */
function relativeSack(base: u32): void {
  for (let i = 0; i < seg.sackCount; i++) emit.subtractFromValue(unchecked(seg.sackRecords[i]), base);
}

/** The window in bytes: scaled unless this is a SYN or scaling is off or unknown. */
function windowSize(f: flow.Direction): u32 {
  const scale = f.winScale;
  return (seg.flags & seg.SYN) != 0 || scale < 0 ? seg.window : seg.window << (<u32>scale);
}

function analysisTree(c: flow.Connection, pushed: u32): void {
  emit.open(F.TCP_ANALYSIS, 0, 0);
  if (A.acksFrame != 0) {
    emit.field(F.TCP_ANALYSIS_ACKS_FRAME, 0, 0, A.acksFrame);
    relativeTime(F.TCP_ANALYSIS_ACK_RTT, A.ackRtt);
  }
  const irtt = c.initialRtt;
  if (irtt != 0) relativeTime(F.TCP_ANALYSIS_INITIAL_RTT, irtt);
  if (A.bytesInFlight != 0) emit.field(F.TCP_ANALYSIS_BYTES_IN_FLIGHT, 0, 0, A.bytesInFlight);
  if (pushed != 0) emit.field(F.TCP_ANALYSIS_PUSH_BYTES_SENT, 0, 0, pushed);
  if (A.flags != 0) {
    emit.open(F.TCP_ANALYSIS_FLAGS, 0, 0);
    flag(A.RETRANSMISSION, F.TCP_ANALYSIS_RETRANSMISSION);
    // A fast or spurious retransmission is reported as a retransmission as well.
    flag(A.FAST_RETRANSMISSION, F.TCP_ANALYSIS_FAST_RETRANSMISSION);
    flag(A.FAST_RETRANSMISSION, F.TCP_ANALYSIS_RETRANSMISSION);
    flag(A.SPURIOUS_RETRANSMISSION, F.TCP_ANALYSIS_SPURIOUS_RETRANSMISSION);
    flag(A.SPURIOUS_RETRANSMISSION, F.TCP_ANALYSIS_RETRANSMISSION);
    flag(A.OUT_OF_ORDER, F.TCP_ANALYSIS_OUT_OF_ORDER);
    flag(A.REUSED_PORTS, F.TCP_ANALYSIS_REUSED_PORTS);
    flag(A.LOST_SEGMENT, F.TCP_ANALYSIS_LOST_SEGMENT);
    flag(A.ACK_LOST_SEGMENT, F.TCP_ANALYSIS_ACK_LOST_SEGMENT);
    flag(A.WINDOW_UPDATE, F.TCP_ANALYSIS_WINDOW_UPDATE);
    flag(A.WINDOW_FULL, F.TCP_ANALYSIS_WINDOW_FULL);
    flag(A.KEEP_ALIVE, F.TCP_ANALYSIS_KEEP_ALIVE);
    flag(A.KEEP_ALIVE_ACK, F.TCP_ANALYSIS_KEEP_ALIVE_ACK);
    if ((A.flags & A.DUPLICATE_ACK) != 0) {
      // Wireshark adds both a "Duplicate ACK" item and an expert item of the same name: it prints twice.
      emit.field(F.TCP_ANALYSIS_DUPLICATE_ACK, 0, 0, 1);
      emit.field(F.TCP_ANALYSIS_DUPLICATE_ACK, 0, 0, 1);
    }
    flag(A.ZERO_WINDOW_PROBE, F.TCP_ANALYSIS_ZERO_WINDOW_PROBE);
    flag(A.ZERO_WINDOW, F.TCP_ANALYSIS_ZERO_WINDOW);
    flag(A.ZERO_WINDOW_PROBE_ACK, F.TCP_ANALYSIS_ZERO_WINDOW_PROBE_ACK);
    emit.close();
  }
  if (A.dupAckNum != 0) {
    emit.field(F.TCP_ANALYSIS_DUPLICATE_ACK_NUM, 0, 0, A.dupAckNum);
    emit.field(F.TCP_ANALYSIS_DUPLICATE_ACK_FRAME, 0, 0, A.dupAckFrame);
  }
  emit.close();
}

function flag(bit: u32, id: u16): void {
  if ((A.flags & bit) != 0) emit.field(id, 0, 0, 1);
}

/** A relative time field: v0 = seconds, v1 = nanoseconds (non-negative). */
function relativeTime(id: u16, ns: i64): void {
  emit.field(id, 0, 0, <u32>(ns / 1_000_000_000), <u32>(ns % 1_000_000_000));
}

function setRow(stream: u32, side: i32, payload: usize, length: u32, relSeq: u32, bits: u8, analysisFlags: u32): void {
  const i = rows.count;
  unchecked((rows.stream[i] = stream));
  unchecked((rows.analysis[i] = analysisFlags));
  unchecked((rows.relSeq[i] = relSeq));
  payloadColumns(i, side, payload, length, bits);
}

/**
 * A piece of a parallel ingest (transport-log.ts): the row's columns that need no conversation; the replay of the
 * piece's log fills stream, analysis and relative numbers.
 */
export function untrackedTcp(side: i32): void {
  const bits: u8 =
    ((seg.flags & seg.SYN) != 0 ? SYN : 0) |
    ((seg.flags & seg.FIN) != 0 ? FIN : 0) |
    ((seg.flags & seg.RST) != 0 ? RST : 0);
  payloadColumns(rows.count, side, seg.payload, seg.captured, bits);
}

export function untrackedUdp(side: i32, payload: usize, length: u32): void {
  payloadColumns(rows.count, side, payload, length, UDP);
}

function payloadColumns(i: i32, side: i32, payload: usize, length: u32, bits: u8): void {
  unchecked((rows.payloadLen[i] = length));
  unchecked((rows.transport[i] = bits | (side != 0 ? FROM_B : 0)));
  // The payload's place in the frame, so stream bytes can be sliced from the file; NO_OFFSET when the payload
  // is not in the frame's own bytes (an IP-reassembled datagram): then side data says where its pieces are.
  const inFrame = payload >= record.data && payload <= record.data + <usize>record.capLen;
  unchecked((rows.payloadOffset[i] = inFrame ? <u16>(payload - record.data) : <u16>rows.NO_OFFSET));
  if (!inFrame && length > 0) reportPieces(payload, length);
}

/** Room for reassembly.pieces(): at most two pieces per fragment. */
const pieces = new StaticArray<f64>(4 * reassembly.MAX_FRAGMENTS);

/** Side data for a payload inside the datagram this frame's IP layer just reassembled. */
function reportPieces(payload: usize, length: u32): void {
  if (!reassembly.justCompleted()) return;
  const datagram = reassembly.data();
  const end = datagram + <usize>reassembly.length();
  if (payload < datagram || payload + <usize>length > end) return;
  const from = <i32>(payload - datagram);
  const n = reassembly.pieces(from, from + <i32>length, changetype<usize>(pieces));
  if (n > 0) side.add(side.PAYLOAD_PIECES, frame.number, changetype<usize>(pieces), <u32>n * 16);
}
