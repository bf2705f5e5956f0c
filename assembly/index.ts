// The core's exported API, driven by src/core/core.ts. One ingest at a time per instance:
//   open(fileSize, withFields) → loop { p = reserve(n); write n bytes read at readOffset() to p; feed(n, last) }
// feed() returns a status; after each call the driver drains index rows, field records and side data.
import * as input from './input';
import * as problem from './problem';
import * as emit from './emit';
import * as side from './side';
import * as rows from './rows';
import * as record from './capture/record';
import * as frame from './decode/frame-state';
import { MORE, PACKET, META, STOP, SEEKED } from './capture/step';
import { detect, PCAP, PCAPNG, NETMON, UNKNOWN } from './capture/detect';
import * as pcap from './capture/pcap';
import * as pcapng from './capture/pcapng';
import * as netmon from './capture/netmon';
import { decodeFrame, resetTimes, setTimes } from './decode/frame';
import { registerProtocols } from './decode/protocols';
import * as reassembly from './decode/reassembly';
import * as icmpEcho from './decode/icmp-echo';
import * as track from './tcp/track';
import * as expert from './tcp/expert';
import * as conversations from './tcp/conversations';
import * as transportLog from './tcp/transport-log';

// What feed() returns (src/abi/core-constants.ts: FeedStatus).
import { NEED_INPUT, OUTPUT_FULL, DONE, NEED_SEEK } from './generated/constants/feed-status';

registerProtocols();

/** In field mode, feed returns after this many frames so the field buffer stays small. */
const FRAMES_PER_FIELD_BATCH: i32 = 256;

let format: i32 = UNKNOWN;
let frames: u32 = 0;
let finished = false;
/** Field mode: whether field records are wanted at all; which frames get them is `chosen` (all when unset). */
let fieldsWanted = false;
/** The frames that get field records, ascending (wantFieldFrames); the others are read as in index mode. */
let chosen: usize = 0;
let chosenCapacity: i32 = 0;
let chosenCount: i32 = -1;
let chosenAt: i32 = 0;
/** A parallel ingest's piece ends at the first record starting at or after this file offset (-1: none). */
let stopOffset: f64 = -1;
let stoppedAtLimit = false;

export function open(fileSize: f64, withFields: bool): void {
  fieldsWanted = withFields;
  chosenCount = -1;
  chosenAt = 0;
  input.reset(<u64>fileSize);
  problem.reset();
  emit.reset(withFields);
  side.clear();
  rows.clear();
  pcap.reset();
  reassembly.reset();
  icmpEcho.reset();
  track.reset();
  pcapng.reset();
  netmon.reset();
  resetTimes();
  format = UNKNOWN;
  frames = 0;
  finished = false;
  stopOffset = -1;
  stoppedAtLimit = false;
  transportLog.setDeferring(false);
}

/**
 * After open(), in field mode: only `count` frames get field records (and frame bytes); the driver writes their
 * numbers, ascending, as u32 at the address returned. Every frame is still decoded for the core's state (TCP
 * analysis, reassembly), at index speed: one frame's tree needs the frames before it read, not their fields.
 */
export function wantFieldFrames(count: i32): usize {
  if (count > chosenCapacity) {
    chosen = heap.alloc(<usize>count << 2);
    chosenCapacity = count;
  }
  chosenCount = count;
  chosenAt = 0;
  return chosen;
}

/**
 * After open(), in field mode: only the records of the field ids the driver marks with 1 in the table of `size`
 * bytes returned are emitted (and every depth-0 record, each protocol's own), for passes that read few fields.
 */
export function keepFields(size: i32): usize {
  return emit.keepOnly(size);
}

function fieldsFor(frame: u32): bool {
  if (!fieldsWanted || chosenCount < 0) return fieldsWanted;
  while (chosenAt < chosenCount && load<u32>(chosen + (<usize>chosenAt << 2)) < frame) chosenAt++;
  return chosenAt < chosenCount && load<u32>(chosen + (<usize>chosenAt << 2)) == frame;
}

export function reserve(n: i32): usize { return input.reserve(n); }
export function readOffset(): f64 { return <f64>input.readOffset(); }

export function feed(n: i32, last: bool): i32 {
  input.commit(n, last);
  if (finished) return DONE;
  let batch: i32 = 0;
  while (true) {
    if (rows.full() || (emit.count() > 0 && batch >= FRAMES_PER_FIELD_BATCH)) return OUTPUT_FULL;
    if (stopOffset >= 0 && format != UNKNOWN && <f64>input.hereOffset() >= stopOffset) {
      stoppedAtLimit = true;
      finished = true;
      return DONE;
    }
    const r = step();
    if (r == PACKET) {
      frames++;
      batch++;
      ingestPacket();
    } else if (r == MORE) {
      if (!input.eof) return NEED_INPUT;
      if (input.available() > 0) problem.report(problem.CUT_SHORT, input.hereOffset(), <u64>input.available());
      finished = true;
      return DONE;
    } else if (r == STOP) {
      finished = true;
      return DONE;
    } else if (r == SEEKED) {
      return NEED_SEEK;
    }
    // META: keep going
  }
}

function step(): i32 {
  if (format == UNKNOWN) {
    if (input.available() < 4) {
      if (input.eof) {
        problem.report(problem.NOT_A_CAPTURE, 0, firstBytes());
        return STOP;
      }
      return MORE;
    }
    format = detect(load<u32>(input.here()));
    record.setFcsAbsent(format == NETMON);
    if (format == UNKNOWN) {
      problem.report(problem.NOT_A_CAPTURE, 0, firstBytes());
      return STOP;
    }
  }
  if (format == PCAP) return pcap.step();
  if (format == PCAPNG) return pcapng.step();
  if (format == NETMON) return netmon.step();
  return STOP;
}

/** Up to the first four bytes, big-endian, left-aligned (for the "starts with 0x..." message). */
function firstBytes(): u64 {
  let v: u64 = 0;
  const n = min(input.available(), 4);
  for (let i = 0; i < n; i++) v |= <u64>load<u8>(input.here() + <usize>i) << (<u64>(24 - 8 * i));
  return v;
}

function ingestPacket(): void {
  emit.enabled = fieldsFor(frames);
  if (emit.enabled) side.add(side.FRAME_BYTES, frames, record.data, record.capLen);
  rows.beginRow();
  expert.beginFrame();
  decodeFrame(record.data, <i32>record.capLen, <i32>record.origLen, frames, record.tsSec, record.tsNsec,
    record.linkType, record.interfaceId);
  const i = rows.count;
  unchecked(rows.tsSec[i] = <f64>record.tsSec);
  unchecked(rows.tsNsec[i] = record.tsNsec);
  unchecked(rows.fileOffset[i] = <f64>record.fileOffset);
  unchecked(rows.capLen[i] = record.capLen);
  unchecked(rows.origLen[i] = record.origLen);
  unchecked(rows.linkType[i] = <u16>record.linkType);
  unchecked(rows.flags[i] = frame.flags | (record.commented ? rows.FLAG_COMMENT : 0));
  unchecked(rows.top[i] = frame.top);
  unchecked(rows.l3Offset[i] = <u16>frame.l3Offset);
  unchecked(rows.l4Offset[i] = <u16>frame.l4Offset);
  unchecked(rows.expert[i] = expert.frameSeverity);
  rows.setFilterColumns(i, record.data, frame.top, frame.l3Offset, frame.l4Offset,
    frame.networkHeaders > 1 || frame.quoted, frame.flags);
  rows.count = i + 1;
}

// Results, read by the driver after each feed.
export function frameCount(): u32 { return frames; }
export function problemCode(): u32 { return problem.code; }
export function problemOffset(): f64 { return <f64>problem.offset; }
export function problemValue(): f64 { return <f64>problem.value; }
export function captureFormat(): i32 { return format; }

export function rowCount(): i32 { return rows.count; }
export function clearRows(): void { rows.clear(); }
export function rowColumn(which: i32): usize {
  switch (which) {
    case 0: return changetype<usize>(rows.tsSec);
    case 1: return changetype<usize>(rows.tsNsec);
    case 2: return changetype<usize>(rows.fileOffset);
    case 3: return changetype<usize>(rows.capLen);
    case 4: return changetype<usize>(rows.origLen);
    case 5: return changetype<usize>(rows.linkType);
    case 6: return changetype<usize>(rows.flags);
    case 7: return changetype<usize>(rows.top);
    case 8: return changetype<usize>(rows.l3Offset);
    case 9: return changetype<usize>(rows.l4Offset);
    case 10: return changetype<usize>(rows.stream);
    case 11: return changetype<usize>(rows.analysis);
    case 12: return changetype<usize>(rows.relSeq);
    case 13: return changetype<usize>(rows.payloadLen);
    case 14: return changetype<usize>(rows.payloadOffset);
    case 15: return changetype<usize>(rows.transport);
    case 16: return changetype<usize>(rows.expert);
    case 17: return changetype<usize>(rows.relAck);
    case 18: return changetype<usize>(rows.shape);
    case 19: return changetype<usize>(rows.ipSrc);
    case 20: return changetype<usize>(rows.ipDst);
    case 21: return changetype<usize>(rows.ipProto);
    case 22: return changetype<usize>(rows.srcPort);
    case 23: return changetype<usize>(rows.dstPort);
  }
  return 0;
}

const endpointOut = new StaticArray<u32>(6);

/**
 * One endpoint of a TCP (proto 6) or UDP (17) stream after an ingest, for Follow Stream's header: a pointer to
 * [ipv6 flag, port, address words 0..3], or 0 when there is no such stream. side 0 = endpoint A, 1 = B (the
 * transport column's FROM_B bit names the sender of each frame).
 */
export function streamEndpoint(proto: i32, stream: u32, side: i32): usize {
  const c = conversations.byStream(<u8>proto, stream);
  if (c === null) return 0;
  unchecked(endpointOut[0] = c.v6 ? 1 : 0);
  unchecked(endpointOut[1] = c.port(side));
  for (let w = 0; w < 4; w++) unchecked(endpointOut[2 + w] = c.address(side, w));
  return changetype<usize>(endpointOut);
}

export function fieldRecords(): usize { return emit.ptr(); }
export function fieldRecordCount(): i32 { return emit.count(); }
export function clearFieldRecords(): void { emit.clear(); }

export function sideData(): usize { return side.ptr(); }
export function sideDataLength(): i32 { return <i32>side.bytesUsed(); }
export function clearSideData(): void { side.clear(); }

/** The capture format (src/abi/core-constants.ts: CaptureFormat) a file's first four bytes, little-endian, say. */
export function detectFormat(magicLE: u32): i32 { return detect(magicLE); }

/** Scratch space for the driver to hand over one frame's bytes for decodeOne(). */
export function scratch(n: i32): usize { return input.reserve(n); }

/**
 * Decodes one frame on its own, for the protocol tree of a selected packet: its bytes must be at scratch(n).
 * Cross-frame state (reassembly) is not available here. `captureFormat`: the file's (what a frame may carry
 * depends on it: a Network Monitor frame has no FCS).
 */
export function decodeOne(n: i32, number: u32, origLen: i32, tsSec: f64, tsNsec: u32, linkType: u32,
                          captureFormat: i32): i32 {
  emit.reset(true);
  record.setFcsAbsent(captureFormat == NETMON);
  track.setEnabled(false);
  decodeFrame(input.base + <usize>input.length, n, origLen, number, <i64>tsSec, tsNsec, linkType, 0, false);
  track.setEnabled(true);
  return emit.count();
}

/**
 * Decoding a chosen set of frames without reading the file (a protocol tree's frames, src/core/dissect-subset.ts):
 * beginSubset(), then for each frame in capture order its bytes at scratch(n) and decodeSubsetFrame() with what
 * the frames left out would have set: the first and the previous frame's time, and the stream numbers a new TCP
 * or UDP conversation gets. The frames of one conversation must all be in the set, in order. `captureFormat`: the
 * file's, as for decodeOne.
 */
export function beginSubset(captureFormat: i32): void {
  open(0, true);
  record.setFcsAbsent(captureFormat == NETMON);
}

/**
 * Field records of the frame at scratch(n), as field mode gives them; -1 when its decoding needs frames outside
 * the set: an IP fragment or reassembled datagram, or several conversations (a tunnel's) to number.
 */
export function decodeSubsetFrame(n: i32, number: u32, origLen: i32, tsSec: f64, tsNsec: u32, linkType: u32, interfaceId: u32,
                                  firstSec: f64, firstNsec: u32, previousSec: f64, previousNsec: u32,
                                  tcpStream: u32, udpStream: u32): i32 {
  emit.reset(true);
  side.clear();
  rows.beginRow();
  expert.beginFrame();
  setTimes(<i64>firstSec * 1_000_000_000 + <i64>firstNsec, <i64>previousSec * 1_000_000_000 + <i64>previousNsec);
  conversations.setNextStreams(tcpStream, udpStream);
  const data = input.base + <usize>input.length;
  record.set(data, <u32>n, <u32>origLen, <i64>tsSec, tsNsec, linkType, interfaceId, 0);
  decodeFrame(data, n, origLen, number, <i64>tsSec, tsNsec, linkType, interfaceId);
  if ((frame.flags & (rows.FLAG_FRAGMENT | rows.FLAG_REASSEMBLED)) != 0 || conversations.lookups > 1) return -1;
  return emit.count();
}

/** Conversation tracking and TCP analysis on or off for the next ingest (off: for measuring their cost). */
export function setTransportAnalysis(on: bool): void { track.setEnabled(on); }

// Parallel ingest (src/core/parallel/): pieces of the file read by several cores, joined into one pass's index.

/**
 * Where this ingest stops: before the first record that starts at or after `offset` (-1: at the end). After a
 * stop there, a later limit lets the ingest go on from where it stopped.
 */
export function stopAt(offset: f64): void {
  stopOffset = offset;
  if (stoppedAtLimit) {
    stoppedAtLimit = false;
    finished = false;
  }
}

/** The file offset the reader is at: where a stop left it, or past the last record read. */
export function position(): f64 { return <f64>input.hereOffset(); }

/** Continues reading at a file offset (a record boundary): the pieces before it were read elsewhere. */
export function seekTo(offset: f64): void { input.seek(<u64>offset); }

/** The frames before the next one, when pieces before it were read elsewhere. */
export function setFrameCount(n: u32): void {
  frames = n;
  pcapng.setPackets(n);
}

/** A piece logs its segments and datagrams instead of tracking them (tcp/transport-log.ts); after open(). */
export function deferTracking(on: bool): void { transportLog.setDeferring(on); }
export function transportLogEntries(): usize { return transportLog.ptr(); }
export function transportLogCount(): i32 { return transportLog.count; }
export function clearTransportLog(): void { transportLog.clear(); }

/** Room for `count` log entries of a piece, to replay here (replayTransport); returns where to write them. */
export function transportLogReserve(count: i32): usize { return transportLog.reserve(count); }

/**
 * Tracks the `count` log entries written at transportLogReserve(), after the frames read here (rows drained):
 * their frames are numbered from firstFrame + 1; each entry gets its results (tcp/transport-log.ts).
 */
export function replayTransport(count: i32, firstFrame: u32): void {
  track.replay(transportLog.ptr(), count, firstFrame);
}

/**
 * Whether the state carried from frame to frame is that of a fresh reader after the file's layout blocks: no IP
 * datagram in reassembly, no section or interface block read since `layoutBlocks` (pcapng's first packet).
 */
export function pieceBoundaryClean(layoutBlocks: u32): bool {
  if (reassembly.pending() != 0) return false;
  return format != PCAPNG || pcapng.layoutBlocks == layoutBlocks;
}

export function layoutBlockCount(): u32 { return pcapng.layoutBlocks; }
