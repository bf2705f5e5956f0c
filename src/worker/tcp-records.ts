import { RECORD_WORDS } from '../core/core';
import { TcpFlag } from '../core/tcp-header';
import { fieldId } from '../fields/registry';
import { Analysis } from '../ui/packet-list/tcp-analysis';
import type { TcpNumbers } from './tcp-numbers';

const id = (name: string) => fieldId(name)!;
const TCP = id('tcp');
const TCP_LEN = id('tcp.len');

/** Analysis bits and the fields that report them, in the order the core emits them (assembly/tcp/report.ts). */
const FLAG_FIELDS: [number, number][] = [
  [Analysis.Retransmission, id('tcp.analysis.retransmission')],
  [Analysis.FastRetransmission, id('tcp.analysis.fast_retransmission')],
  [Analysis.FastRetransmission, id('tcp.analysis.retransmission')],
  [Analysis.SpuriousRetransmission, id('tcp.analysis.spurious_retransmission')],
  [Analysis.SpuriousRetransmission, id('tcp.analysis.retransmission')],
  [Analysis.OutOfOrder, id('tcp.analysis.out_of_order')],
  [Analysis.ReusedPorts, id('tcp.analysis.reused_ports')],
  [Analysis.LostSegment, id('tcp.analysis.lost_segment')],
  [Analysis.AckLostSegment, id('tcp.analysis.ack_lost_segment')],
  [Analysis.WindowUpdate, id('tcp.analysis.window_update')],
  [Analysis.WindowFull, id('tcp.analysis.window_full')],
  [Analysis.KeepAlive, id('tcp.analysis.keep_alive')],
  [Analysis.KeepAliveAck, id('tcp.analysis.keep_alive_ack')],
  [Analysis.DuplicateAck, id('tcp.analysis.duplicate_ack')],
  [Analysis.ZeroWindowProbe, id('tcp.analysis.zero_window_probe')],
  [Analysis.ZeroWindow, id('tcp.analysis.zero_window')],
  [Analysis.ZeroWindowProbeAck, id('tcp.analysis.zero_window_probe_ack')],
];

/**
 * A lone frame's records with the stream-level TCP fields added at the end of its TCP layer, as the core's
 * field mode places them: stream, relative numbers, scaled window and the analysis flags. ACK RTT, iRTT and
 * bytes in flight need the whole stream's history and are left out.
 */
export function withTcpNumbers(records: Uint32Array, tcp: TcpNumbers): Uint32Array {
  const words = RECORD_WORDS;
  let at = 0;
  while (at < records.length && records[at] !== TCP) at += words;
  if (at >= records.length) return records;
  const depth = records[at + 1] & 0xff;
  let end = at + words;
  let len = 0;
  for (; end < records.length && (records[end + 1] & 0xff) > depth; end += words) {
    if (records[end] === TCP_LEN) len = records[end + 4];
  }
  const added: number[][] = [];
  const field = (d: number, fid: number, v0 = 0) => added.push([fid, d, 0, 0, v0, 0, 0, 0]);
  const synFin = (tcp.header.flags & TcpFlag.Syn ? 1 : 0) + (tcp.header.flags & TcpFlag.Fin ? 1 : 0);
  field(depth + 1, id('tcp.stream'), tcp.stream);
  field(depth + 1, id('tcp.seq'), tcp.seq);
  field(depth + 1, id('tcp.nxtseq'), (tcp.seq + len + synFin) >>> 0);
  field(depth + 1, id('tcp.ack'), tcp.ack ?? tcp.header.ack);
  field(depth + 1, id('tcp.window_size'), tcp.window);
  if (tcp.analysis) {
    field(depth + 1, id('tcp.analysis'));
    field(depth + 2, id('tcp.analysis.flags'));
    for (const [bit, fid] of FLAG_FIELDS) if (tcp.analysis & bit) field(depth + 3, fid, 1);
    if (tcp.dupAck) {
      field(depth + 2, id('tcp.analysis.duplicate_ack_num'), tcp.dupAck.count);
      field(depth + 2, id('tcp.analysis.duplicate_ack_frame'), tcp.dupAck.frame);
    }
  }
  const out = new Uint32Array(records.length + added.length * words);
  out.set(records.subarray(0, end));
  added.forEach((r, k) => out.set(r, end + k * words));
  out.set(records.subarray(end), end + added.length * words);
  return out;
}
