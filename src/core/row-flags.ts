/** Summary flag bits of the index column `flags` (assembly/rows.ts). */
export const RowFlag = {
  ChecksumBad: 1 << 0,
  Truncated: 1 << 1,
  Tso: 1 << 2,
  Fragment: 1 << 3,
  Reassembled: 1 << 4,
  Malformed: 1 << 5,
  Comment: 1 << 6,
} as const;
