/** TCP analysis flag bits of the index's `analysis` column (assembly/tcp/analysis.ts). */
export const Analysis = {
  Retransmission: 1 << 0,
  LostSegment: 1 << 1,
  AckLostSegment: 1 << 2,
  KeepAlive: 1 << 3,
  DuplicateAck: 1 << 4,
  ZeroWindow: 1 << 5,
  ZeroWindowProbe: 1 << 6,
  ZeroWindowProbeAck: 1 << 7,
  KeepAliveAck: 1 << 8,
  OutOfOrder: 1 << 9,
  FastRetransmission: 1 << 10,
  WindowUpdate: 1 << 11,
  WindowFull: 1 << 12,
  ReusedPorts: 1 << 13,
  SpuriousRetransmission: 1 << 14,
} as const;

export interface DuplicateAck {
  /** The frame whose ACK this one repeats, and how many times it has been repeated so far. */
  frame: number;
  count: number;
}

/**
 * Wireshark's Info prefixes, in the order tcp_print_sequence_number_analysis adds them (Wireshark 4.0). Each
 * is prepended to the column, so the last one added comes first. Fast and spurious retransmissions are
 * reported with the plain retransmission bit too; Info names only the specific kind.
 */
const MARKERS: [number, string | ((d: DuplicateAck) => string)][] = [
  [Analysis.ReusedPorts, 'TCP Port numbers reused'],
  [Analysis.Retransmission, 'TCP Retransmission'],
  [Analysis.FastRetransmission, 'TCP Fast Retransmission'],
  [Analysis.SpuriousRetransmission, 'TCP Spurious Retransmission'],
  [Analysis.OutOfOrder, 'TCP Out-Of-Order'],
  [Analysis.LostSegment, 'TCP Previous segment not captured'],
  [Analysis.AckLostSegment, 'TCP ACKed unseen segment'],
  [Analysis.WindowUpdate, 'TCP Window Update'],
  [Analysis.WindowFull, 'TCP Window Full'],
  [Analysis.KeepAlive, 'TCP Keep-Alive'],
  [Analysis.KeepAliveAck, 'TCP Keep-Alive ACK'],
  [Analysis.DuplicateAck, (d) => `TCP Dup ACK ${d.frame}#${d.count}`],
  [Analysis.ZeroWindowProbe, 'TCP ZeroWindowProbe'],
  [Analysis.ZeroWindow, 'TCP ZeroWindow'],
  [Analysis.ZeroWindowProbeAck, 'TCP ZeroWindowProbeAck'],
];

/** "[TCP Dup ACK 5#1] " and the like: the Info column's analysis prefix ('' when there is none). */
export function analysisPrefix(flags: number, dupAck?: DuplicateAck): string {
  const specific = Analysis.FastRetransmission | Analysis.SpuriousRetransmission;
  const shown = flags & specific ? flags & ~Analysis.Retransmission : flags;
  const markers: string[] = [];
  for (const [bit, text] of MARKERS) {
    if (!(shown & bit)) continue;
    if (typeof text === 'string') markers.unshift(`[${text}] `);
    else if (dupAck) markers.unshift(`[${text(dupAck)}] `);
  }
  return markers.join('');
}

const HARMLESS = Analysis.WindowUpdate | Analysis.KeepAlive | Analysis.KeepAliveAck;

/** Wireshark's "Bad TCP" colouring rule: analysis flags, unless one of them is a window update or keep-alive. */
export function isBadTcp(flags: number): boolean {
  return flags !== 0 && (flags & HARMLESS) === 0;
}
