import type { ScriptOptions, Segment } from '../../support/tcp-script';

/** The fields of `<name>.tsv`: loss, reordering, duplicate ACKs, retransmissions, windows, keep-alives, RTTs. */
export const ANALYSIS_FIELDS = [
  'frame.number',
  'tcp.stream',
  'tcp.len',
  'tcp.seq',
  'tcp.nxtseq',
  'tcp.ack',
  'tcp.window_size',
  'tcp.analysis.retransmission',
  'tcp.analysis.fast_retransmission',
  'tcp.analysis.spurious_retransmission',
  'tcp.analysis.out_of_order',
  'tcp.analysis.lost_segment',
  'tcp.analysis.ack_lost_segment',
  'tcp.analysis.duplicate_ack',
  'tcp.analysis.duplicate_ack_num',
  'tcp.analysis.duplicate_ack_frame',
  'tcp.analysis.zero_window',
  'tcp.analysis.zero_window_probe',
  'tcp.analysis.window_full',
  'tcp.analysis.window_update',
  'tcp.analysis.keep_alive',
  'tcp.analysis.keep_alive_ack',
  'tcp.analysis.acks_frame',
  'tcp.analysis.ack_rtt',
  'tcp.analysis.initial_rtt',
  'tcp.analysis.bytes_in_flight',
  'tcp.analysis.flags',
  'udp.stream',
];

/** The fields of `<name>.expert.tsv`. */
export const EXPERT_FIELDS = [
  'frame.number',
  '_ws.expert',
  '_ws.expert.message',
  '_ws.expert.severity',
  '_ws.expert.group',
];

/** Crafted TCP conversations for the analysis and follow tests (each exercises one behaviour). */
const handshake = (t = 0, wscale?: number): Segment[] => [
  { from: 'c', seq: 0, flags: 'S', t, wscale },
  { from: 's', seq: 0, ack: 1, flags: 'SA', t: t + 10, wscale },
  { from: 'c', seq: 1, ack: 1, t: t + 20 },
];

export const SCENARIOS: Record<string, { segments: Segment[]; options?: ScriptOptions }> = {
  loss_and_reorder: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 100, flags: 'PA', t: 30 },
      { from: 'c', seq: 201, ack: 1, data: 100, flags: 'PA', t: 31 }, // 101..201 not yet seen
      { from: 'c', seq: 101, ack: 1, data: 100, flags: 'PA', t: 32 }, // arrives late: out of order
      { from: 's', seq: 1, ack: 301, t: 60 },
      { from: 'c', seq: 401, ack: 1, data: 50, flags: 'PA', t: 70 }, // 301..401 never captured
      { from: 's', seq: 1, ack: 451, t: 100 }, // ACKs what was not captured
    ],
  },
  dup_acks_fast_retransmission: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 100, t: 30 },
      { from: 'c', seq: 101, ack: 1, data: 100, t: 31 },
      { from: 'c', seq: 201, ack: 1, data: 100, t: 32 },
      { from: 's', seq: 1, ack: 101, t: 40 },
      { from: 's', seq: 1, ack: 101, t: 41 },
      { from: 's', seq: 1, ack: 101, t: 42 },
      { from: 'c', seq: 101, ack: 1, data: 100, t: 43 }, // fast retransmission
      { from: 'c', seq: 101, ack: 1, data: 100, t: 400 }, // plain retransmission
      { from: 's', seq: 1, ack: 301, t: 410 },
      { from: 'c', seq: 1, ack: 1, data: 100, t: 800 }, // spurious: already acknowledged
    ],
  },
  zero_window_keep_alive: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 100, t: 30 },
      { from: 's', seq: 1, ack: 101, window: 0, t: 40 }, // zero window
      { from: 'c', seq: 101, ack: 1, data: 1, t: 300 }, // zero window probe
      { from: 's', seq: 1, ack: 101, window: 0, t: 310 }, // probe ACK
      { from: 's', seq: 1, ack: 101, window: 4096, t: 500 }, // window update
      { from: 'c', seq: 100, ack: 1, data: 0, t: 5000 }, // keep-alive
      { from: 's', seq: 1, ack: 101, window: 4096, t: 5001 }, // keep-alive ACK
      { from: 'c', seq: 101, ack: 1, data: 4096, t: 5010 }, // fills the window
    ],
  },
  wrap_around: {
    options: { clientIsn: 0xffffff00, serverIsn: 0xfffffff0 },
    segments: [
      ...handshake(0, 2),
      { from: 'c', seq: 1, ack: 1, data: 200, flags: 'PA', t: 30 }, // crosses 2^32
      { from: 's', seq: 1, ack: 201, data: 40, flags: 'PA', window: 100, t: 40 },
      { from: 'c', seq: 201, ack: 41, flags: 'FA', t: 50 },
      { from: 's', seq: 41, ack: 202, flags: 'FA', t: 60 },
      { from: 'c', seq: 202, ack: 42, t: 70 },
    ],
  },
  port_reuse: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 'hello', flags: 'PA', t: 30 },
      { from: 'c', seq: 6, ack: 1, flags: 'RA', t: 40 },
      { from: 'c', seq: 9000, flags: 'S', t: 1000 }, // same ports, new ISN: a new stream
      { from: 's', seq: 7000, ack: 9001, flags: 'RA', t: 1010 }, // refused
      { from: 'c', seq: 0, flags: 'S', t: 2000, cport: 40001 },
      { from: 'c', seq: 0, flags: 'S', t: 3000, cport: 40001 }, // SYN retry, never answered
    ],
  },
  mid_stream: {
    segments: [
      { from: 's', seq: 500, ack: 70, data: 30, flags: 'PA', t: 0 },
      { from: 'c', seq: 70, ack: 530, t: 5 },
      { from: 's', seq: 530, ack: 70, data: 'tail of the reply', flags: 'PA', t: 10 },
      { from: 's', seq: 520, ack: 70, data: 'overlapping bytes, then more', flags: 'PA', t: 20 },
    ],
  },
  connection_experts: {
    segments: [
      { from: 'c', seq: 0, ack: 77, flags: 'S', t: 0 }, // ACK field set without the ACK flag
      { from: 's', seq: 0, ack: 1, flags: 'SA', t: 10, wscale: 7 }, // options without MSS
      { from: 'c', seq: 1, ack: 1, t: 20 },
      { from: 'c', seq: 1, ack: 1, data: 'request', flags: 'PA', t: 30, badChecksum: true },
      { from: 's', seq: 1, ack: 8, data: 'reply', flags: 'PA', t: 40 },
      { from: 's', seq: 6, ack: 8, flags: 'FA', t: 50 }, // the server closes first
      { from: 's', seq: 6, ack: 8, flags: 'FA', t: 300 }, // its FIN again
      { from: 'c', seq: 8, ack: 7, flags: 'FA', t: 310, badChecksum: true },
      { from: 'c', seq: 8, ack: 7, flags: 'FA', t: 600 }, // the client's FIN again
      { from: 's', seq: 7, ack: 9, flags: 'R', t: 610 },
    ],
  },
  ipv6_follow: {
    options: { ipv6: true },
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 'GET / HTTP/1.0\r\n\r\n', flags: 'PA', t: 30 },
      { from: 's', seq: 1, ack: 19, data: 'HTTP/1.0 200 OK\r\n\r\nhi', flags: 'PA', t: 40 },
      { from: 'c', seq: 19, ack: 22, flags: 'FA', t: 50 },
      { from: 's', seq: 22, ack: 20, flags: 'FA', t: 60 },
    ],
  },
  snap_length: {
    segments: [
      ...handshake(),
      // Ethernet 14 + IPv4 20 + TCP 20 = 54 header bytes: 10 of 100 payload bytes captured.
      { from: 'c', seq: 1, ack: 1, data: 100, flags: 'PA', t: 30, snap: 64 },
      { from: 's', seq: 1, ack: 101, data: 'whole', flags: 'PA', t: 40 },
      { from: 'c', seq: 101, ack: 6, data: 'cut in the TCP header', flags: 'PA', t: 50, snap: 44 },
      { from: 'c', seq: 122, ack: 6, data: 'after', flags: 'PA', t: 60 },
    ],
  },
  syn_fin_data: {
    segments: [
      { from: 'c', seq: 0, flags: 'S', data: 'syn data', t: 0 }, // data on a SYN (TCP Fast Open)
      { from: 's', seq: 0, ack: 9, flags: 'SA', t: 10 },
      { from: 'c', seq: 9, ack: 1, data: 'more', flags: 'PA', t: 20 },
      { from: 's', seq: 1, ack: 13, data: 'reply and close', flags: 'FPA', t: 30 }, // data on a FIN
      { from: 'c', seq: 13, ack: 17, flags: 'FA', t: 40 },
      { from: 's', seq: 17, ack: 14, t: 50 },
    ],
  },
  gap_without_ack_flag: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 'first', flags: 'PA', t: 30 },
      { from: 'c', seq: 20, ack: 1, data: 'after a gap', flags: 'PA', t: 40 }, // 6..20 not captured
      { from: 's', seq: 1, ack: 31, flags: 'R', t: 50 }, // ack field beyond the gap, no ACK flag
      { from: 's', seq: 1, ack: 31, data: 'late', flags: 'P', t: 60 }, // data, no ACK flag
    ],
  },
  reuse_after_fin: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 'one', flags: 'PA', t: 30 },
      { from: 'c', seq: 4, ack: 1, flags: 'FA', t: 40 },
      { from: 's', seq: 1, ack: 5, flags: 'FA', t: 50 },
      { from: 'c', seq: 5, ack: 2, t: 60 },
      { from: 'c', seq: 50000, flags: 'S', t: 1000 }, // same ports, new ISN after a clean close
      { from: 's', seq: 90000, ack: 50001, flags: 'SA', t: 1010 },
      { from: 'c', seq: 50001, ack: 90001, data: 'two', flags: 'PA', t: 1020 },
    ],
  },
  syn_retransmitted: {
    segments: [
      { from: 'c', seq: 0, flags: 'S', t: 0 },
      { from: 'c', seq: 0, flags: 'S', t: 1000 }, // same ISN: the same stream
      { from: 's', seq: 0, ack: 1, flags: 'SA', t: 1010 },
      { from: 'c', seq: 1, ack: 1, data: 'hi', flags: 'PA', t: 1020 },
    ],
  },
  new_isn_while_open: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 'open', flags: 'PA', t: 30 },
      { from: 's', seq: 1, ack: 5, data: 'still open', flags: 'PA', t: 40 },
      { from: 'c', seq: 70000, flags: 'S', t: 50 }, // new ISN, the old connection never closed
      { from: 's', seq: 1, ack: 5, data: 'old', flags: 'PA', t: 60 },
      { from: 's', seq: 30000, ack: 70001, flags: 'SA', t: 70 },
      { from: 'c', seq: 70001, ack: 30001, data: 'new', flags: 'PA', t: 80 },
    ],
  },
  simultaneous_open: {
    segments: [
      { from: 'c', seq: 0, flags: 'S', t: 0 },
      { from: 's', seq: 0, flags: 'S', t: 1 },
      { from: 'c', seq: 0, ack: 1, flags: 'SA', t: 10 },
      { from: 's', seq: 0, ack: 1, flags: 'SA', t: 11 },
      { from: 'c', seq: 1, ack: 1, data: 'both', flags: 'PA', t: 20 },
      { from: 's', seq: 1, ack: 5, data: 'ends', flags: 'PA', t: 30 },
    ],
  },
  starts_with_syn_ack: {
    segments: [
      { from: 's', seq: 0, ack: 1, flags: 'SA', t: 10 },
      { from: 'c', seq: 1, ack: 1, t: 20 },
      { from: 'c', seq: 1, ack: 1, data: 'request', flags: 'PA', t: 30 },
      { from: 's', seq: 1, ack: 8, data: 'reply', flags: 'PA', t: 40 },
      { from: 's', seq: 0, ack: 1, flags: 'SA', t: 1000 }, // the SYN-ACK again
    ],
  },
  syn_data_ignored: {
    segments: [
      { from: 'c', seq: 0, flags: 'S', data: 'syn data', t: 0 },
      { from: 's', seq: 0, ack: 1, flags: 'SA', t: 10 }, // acknowledges the SYN only
      { from: 'c', seq: 1, ack: 1, data: 'syn data', flags: 'PA', t: 20 }, // so it is sent again
    ],
  },
  syn_ack_new_isn_unmatched: {
    segments: [
      ...handshake(),
      { from: 'c', seq: 1, ack: 1, data: 'open', flags: 'PA', t: 30 },
      { from: 's', seq: 40000, ack: 900, flags: 'SA', t: 40 }, // new server ISN, acks no SYN seen
      { from: 'c', seq: 5, ack: 40001, t: 50 },
    ],
  },
};
