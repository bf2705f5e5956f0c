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
