/** Side data kinds (assembly/side.ts). */
export const SideKind = {
  PacketComment: 1,
  DecryptionSecrets: 2,
  NameRecord: 3,
  Interface: 4,
  FileComment: 5,
  FrameBytes: 6,
  Reassembled: 7,
  PayloadPieces: 8,
} as const;
