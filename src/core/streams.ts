import type { Core } from './core';
import { ingest, type SideEntry } from './ingest';
import { NO_OFFSET, SideKind, Transport } from '../abi/core-constants';
import type { PacketIndex } from './packet-index';
import { readSlice } from './source';
import { ipv6 as formatIpv6 } from '../fields/format';

export type StreamProtocol = 'tcp' | 'udp';

/** A run of bytes in the capture file. */
export interface FilePiece {
  offset: number;
  length: number;
}

/** One segment (or datagram) of a stream: where its payload is in the capture file, not its bytes. */
export interface StreamSegment {
  frame: number;
  /** 0: sent by endpoint A, 1: by endpoint B (the core's conversation sides). */
  side: 0 | 1;
  /** Relative sequence number of the first payload byte (TCP; a SYN's own number is skipped). */
  seq: number;
  /** The acknowledgement number as tcp.ack shows it (TCP). */
  ack: number;
  length: number;
  /**
   * Where the payload is in the capture file: one piece within the frame, or, when IP reassembled the datagram
   * from fragments, a piece per fragment (in several frames); empty when the capture does not say.
   */
  pieces: FilePiece[];
}

/** Where IP-reassembled payloads are, by the frame that completed each (the core's PayloadPieces side data). */
export type PiecesByFrame = Map<number, FilePiece[]>;

/** Keeps a PayloadPieces side entry; other kinds are ignored. */
export function notePayloadPieces(pieces: PiecesByFrame, entry: SideEntry): void {
  if (entry.kind !== SideKind.PayloadPieces) return;
  const view = new DataView(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength);
  const list: FilePiece[] = [];
  for (let p = 0; p + 16 <= view.byteLength; p += 16) {
    list.push({ offset: view.getFloat64(p, true), length: view.getFloat64(p + 8, true) });
  }
  pieces.set(entry.frame, list);
}

/** A segment's pieces from its index columns: in the frame at `payloadOffset`, else as side data said. */
function payloadPlace(
  frame: number,
  fileOffset: number,
  payloadOffset: number,
  length: number,
  pieces?: PiecesByFrame,
): FilePiece[] {
  if (length === 0) return [];
  if (payloadOffset !== NO_OFFSET) return [{ offset: fileOffset + payloadOffset, length }];
  return pieces?.get(frame) ?? [];
}

export interface Endpoint {
  address: string;
  port: number;
  ipv6: boolean;
}

export interface StreamMap {
  protocol: StreamProtocol;
  stream: number;
  /** The endpoints by side; empty when the capture has no such stream. */
  endpoints: Endpoint[];
  /** Every segment of the stream in capture order, payload-less ones included (they name the first sender). */
  segments: StreamSegment[];
}

/**
 * The segment map of one stream: ingests the capture (index only) and keeps, per frame of the stream, where
 * its payload lies in the file. Bytes are sliced from the Blob on demand (streamBytes).
 */
export async function streamMap(core: Core, blob: Blob, protocol: StreamProtocol, stream: number): Promise<StreamMap> {
  const segments: StreamSegment[] = [];
  let frame = 0;
  const wantUdp = protocol === 'udp';
  const pieces: PiecesByFrame = new Map();
  await ingest(core, blob, false, {
    onSide: (entry) => notePayloadPieces(pieces, entry),
    onRows(rows) {
      for (let i = 0; i < rows.count; i++) {
        frame++;
        if (rows.stream[i] !== stream || ((rows.transport[i] & Transport.Udp) !== 0) !== wantUdp) continue;
        const syn = (rows.transport[i] & Transport.Syn) !== 0;
        segments.push({
          frame,
          side: (rows.transport[i] & Transport.FromB) !== 0 ? 1 : 0,
          seq: (rows.relSeq[i] + (syn ? 1 : 0)) >>> 0,
          ack: rows.relAck[i],
          length: rows.payloadLen[i],
          pieces: payloadPlace(frame, rows.fileOffset[i], rows.payloadOffset[i], rows.payloadLen[i], pieces),
        });
      }
      // Side data comes before the rows of its frame: what these rows did not use is another stream's.
      pieces.clear();
    },
  });
  const endpoints = segments.length ? [endpoint(core, protocol, stream, 0), endpoint(core, protocol, stream, 1)] : [];
  return { protocol, stream, endpoints, segments };
}

/**
 * The same segment map from a packet index that already holds the capture (the app's worker): `rows` are the
 * stream's rows in capture order; `core` is the core that indexed it, which knows the endpoints; `pieces`:
 * the PayloadPieces side data of that ingest.
 */
export function streamMapFromIndex(
  core: Core,
  index: PacketIndex,
  rows: readonly number[],
  protocol: StreamProtocol,
  stream: number,
  pieces?: PiecesByFrame,
): StreamMap {
  const segments = rows.map((i): StreamSegment => {
    const syn = (index.at('transport', i) & Transport.Syn) !== 0;
    const length = index.at('payloadLen', i);
    return {
      frame: i + 1,
      side: index.at('transport', i) & Transport.FromB ? 1 : 0,
      seq: (index.at('relSeq', i) + (syn ? 1 : 0)) >>> 0,
      ack: index.at('relAck', i),
      length,
      pieces: payloadPlace(i + 1, index.at('fileOffset', i), index.at('payloadOffset', i), length, pieces),
    };
  });
  const endpoints = segments.length ? [endpoint(core, protocol, stream, 0), endpoint(core, protocol, stream, 1)] : [];
  return { protocol, stream, endpoints, segments };
}

function endpoint(core: Core, protocol: StreamProtocol, stream: number, side: number): Endpoint {
  const p = core.exports.streamEndpoint(protocol === 'tcp' ? 6 : 17, stream, side);
  const w = new Uint32Array(core.exports.memory.buffer, p, 6);
  const ipv6 = w[0] === 1;
  const address = ipv6 ? formatIpv6([w[2], w[3], w[4], w[5]]) : ipv4Text(w[2]);
  return { address, port: w[1], ipv6 };
}

function ipv4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** A segment's payload bytes, sliced from the capture (joined when they lie in several fragments). */
export async function segmentBytes(blob: Blob, segment: StreamSegment): Promise<Uint8Array> {
  const { pieces } = segment;
  if (pieces.length === 1) return readSlice(blob, pieces[0].offset, pieces[0].length);
  const parts = await Promise.all(pieces.map((p) => readSlice(blob, p.offset, p.length)));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** A run of stream bytes one side sent, in the order Follow Stream shows them. */
export interface StreamChunk {
  side: 0 | 1;
  frame: number;
  bytes: Uint8Array;
  /** Set on the "[N bytes missing in capture file]" note: N, the bytes the capture lost there. */
  missing?: number;
}

/**
 * The stream as Wireshark's Follow Stream assembles it: per direction, bytes in sequence order with
 * retransmitted and overlapping bytes shown once; a segment that arrives ahead of a gap waits until the gap
 * is filled, or until the peer acknowledges bytes beyond the gap: the peer got them, the capture did not, and
 * a "[N bytes missing in capture file]" note (with its terminating NUL, as tshark prints it) takes their place.
 */
export async function followChunks(blob: Blob, map: StreamMap): Promise<StreamChunk[]> {
  const out: StreamChunk[] = [];
  if (map.protocol === 'udp') {
    for (const s of map.segments)
      if (s.length > 0) out.push({ side: s.side, frame: s.frame, bytes: await segmentBytes(blob, s) });
    return out;
  }
  const next = [0, 0];
  const written = [0, 0];
  const pending: Pending[][] = [[], []];
  const take = (side: 0 | 1, frame: number, ack?: number) => {
    while (takePending(pending[side], next, side, out, frame, ack));
  };
  for (const s of map.segments) {
    const side = s.side;
    const peer = (side ^ 1) as 0 | 1;
    // This segment's ACK may reveal that the peer's pending data follows bytes the capture missed.
    if (pending[peer].length) take(peer, s.frame, s.ack);
    let seq = s.seq;
    if (written[side] === 0 && next[side] === 0) next[side] = seq;
    let bytes = await segmentBytes(blob, s);
    if (lt(seq, next[side])) {
      const end = (seq + s.length) >>> 0;
      if (gt(end, next[side])) {
        const skip = (next[side] - seq) >>> 0;
        bytes = bytes.length > skip ? bytes.subarray(skip) : new Uint8Array(0);
        seq = next[side];
      }
    }
    if (bytes.length === 0 || lt(seq, next[side])) continue;
    if (seq === next[side]) {
      next[side] = (next[side] + bytes.length) >>> 0;
      written[side] += bytes.length;
      out.push({ side, frame: s.frame, bytes });
      take(side, s.frame);
    } else {
      pending[side].push({ seq, frame: s.frame, bytes });
    }
  }
  return out;
}

/** Out-of-order bytes waiting for the gap before them to be filled. */
interface Pending {
  seq: number;
  frame: number;
  bytes: Uint8Array;
}

const lt = (a: number, b: number) => ((a - b) | 0) < 0;
const gt = (a: number, b: number) => ((a - b) | 0) > 0;

/**
 * Moves one pending piece of `side` to the output if it now fits (or drops it if wholly old), taking pieces in
 * list order; failing that, when `ack` (from the peer) passes the lowest pending piece, writes the missing-bytes
 * note for the gap before it. Returns whether anything changed.
 */
function takePending(
  pending: Pending[],
  next: number[],
  side: 0 | 1,
  out: StreamChunk[],
  frame: number,
  ack?: number,
): boolean {
  if (pending.length === 0) return false;
  let lowest = pending[0].seq;
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i];
    if (gt(lowest, p.seq)) lowest = p.seq;
    if (lt(p.seq, next[side])) {
      const end = (p.seq + p.bytes.length) >>> 0;
      if (gt(end, next[side])) {
        out.push({ side, frame: p.frame, bytes: p.bytes.subarray((next[side] - p.seq) >>> 0) });
        next[side] = end;
      }
    } else if (p.seq === next[side]) {
      out.push({ side, frame: p.frame, bytes: p.bytes });
      next[side] = (next[side] + p.bytes.length) >>> 0;
    } else {
      continue;
    }
    pending.splice(i, 1);
    return true;
  }
  if (ack === undefined || !gt(ack, lowest)) return false;
  const missing = (lowest - next[side]) | 0;
  const note = `[${missing} bytes missing in capture file]\0`;
  out.push({ side, frame, bytes: new TextEncoder().encode(note), missing });
  next[side] = lowest;
  return true;
}
