// What went wrong, as numbers: the TypeScript side turns a code into the user's message (src/core/problems.ts).
// Fatal problems stop reading; warnings (a file cut short) keep every packet read before them.

import { NONE } from './generated/constants/problem-code';

// The codes are shared with TypeScript: src/abi/core-constants.ts (ProblemCode).
export * from './generated/constants/problem-code';

export let code: u32 = NONE;
export let offset: u64 = 0;
export let value: u64 = 0;

export function reset(): void {
  code = NONE;
  offset = 0;
  value = 0;
}

export function report(c: u32, at: u64, v: u64 = 0): void {
  code = c;
  offset = at;
  value = v;
}
