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

const HARMLESS = Analysis.WindowUpdate | Analysis.KeepAlive | Analysis.KeepAliveAck;

/** Wireshark's "Bad TCP" colouring rule: analysis flags, unless one of them is a window update or keep-alive. */
export function isBadTcp(flags: number): boolean {
  return flags !== 0 && (flags & HARMLESS) === 0;
}
