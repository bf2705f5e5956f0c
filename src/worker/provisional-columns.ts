import { RECORD_WORDS } from '../core/core';
import { AppSession, type FrameDissection } from '../dissectors';
import type { DissectionSettings } from '../dissectors/decode-as';
import { fieldId } from '../fields/registry';
import { TcpAnalysis as Analysis } from '../abi/core-constants';

/** What the index knows of a TCP segment's place in its stream (its transport columns). */
export interface StreamPlace {
  stream: number;
  seq: number;
  ack: number;
  analysis: number;
}

const id = (name: string) => fieldId(name)!;
const TCP = id('tcp');
const TCP_FLAGS = id('tcp.flags');
const ACK_FLAG = 0x010;

/**
 * Analysis bits the index has and the fields reporting them, in the core's order (assembly/tcp/report.ts).
 * Duplicate ACKs are left out: their Info names the ACK's frame and count, which only the full pass knows.
 */
const FLAG_FIELDS: [number, number][] = [
  [Analysis.Retransmission, id('tcp.analysis.retransmission')],
  [Analysis.FastRetransmission, id('tcp.analysis.fast_retransmission')],
  [Analysis.SpuriousRetransmission, id('tcp.analysis.spurious_retransmission')],
  [Analysis.OutOfOrder, id('tcp.analysis.out_of_order')],
  [Analysis.ReusedPorts, id('tcp.analysis.reused_ports')],
  [Analysis.LostSegment, id('tcp.analysis.lost_segment')],
  [Analysis.AckLostSegment, id('tcp.analysis.ack_lost_segment')],
  [Analysis.WindowUpdate, id('tcp.analysis.window_update')],
  [Analysis.WindowFull, id('tcp.analysis.window_full')],
  [Analysis.KeepAlive, id('tcp.analysis.keep_alive')],
  [Analysis.KeepAliveAck, id('tcp.analysis.keep_alive_ack')],
  [Analysis.ZeroWindowProbe, id('tcp.analysis.zero_window_probe')],
  [Analysis.ZeroWindow, id('tcp.analysis.zero_window')],
  [Analysis.ZeroWindowProbeAck, id('tcp.analysis.zero_window_probe_ack')],
];

/**
 * Protocol and Info of a row the background pass has not reached yet: the lone frame's decode, with the
 * index's stream numbers put in where the full pass would have them, through the same dissectors with no
 * history. Close to the final text (the window is unscaled, no Dup ACK marker, no PDU spanning segments);
 * the list shows it as provisional until the pass fills the row in.
 */
export function provisionalColumns(
  records: Uint32Array,
  bytes: Uint8Array,
  place?: StreamPlace,
  settings?: DissectionSettings,
): FrameDissection {
  const withPlace = place ? withStreamPlace(records, place) : records;
  return new AppSession(settings).dissect({ records: withPlace, start: 0, end: withPlace.length, frameBytes: bytes });
}

/** The records with tcp.stream, relative seq/ack and analysis flags appended to the TCP layer. */
export function withStreamPlace(records: Uint32Array, place: StreamPlace): Uint32Array {
  const words = RECORD_WORDS;
  let at = 0;
  while (at < records.length && records[at] !== TCP) at += words;
  if (at >= records.length) return records;
  const depth = records[at + 1] & 0xff;
  let end = at + words;
  let flags = 0;
  for (; end < records.length && (records[end + 1] & 0xff) > depth; end += words) {
    if (records[end] === TCP_FLAGS) flags = records[end + 4];
  }
  const added: number[][] = [];
  const field = (d: number, fid: number, v0 = 0) => added.push([fid, d, 0, 0, v0, 0, 0, 0]);
  field(depth + 1, id('tcp.stream'), place.stream);
  field(depth + 1, id('tcp.seq'), place.seq);
  if (flags & ACK_FLAG) field(depth + 1, id('tcp.ack'), place.ack);
  const marked = FLAG_FIELDS.filter(([bit]) => place.analysis & bit);
  if (marked.length) {
    field(depth + 1, id('tcp.analysis'));
    field(depth + 2, id('tcp.analysis.flags'));
    for (const [, fid] of marked) field(depth + 3, fid, 1);
  }
  const out = new Uint32Array(records.length + added.length * words);
  out.set(records.subarray(0, end));
  added.forEach((r, k) => out.set(r, end + k * words));
  out.set(records.subarray(end), end + added.length * words);
  return out;
}
