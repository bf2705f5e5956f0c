// Side data: variable-length things some frames or files carry (pcapng comments, decryption secrets, name
// resolution records, interface descriptions). Appended here, drained by the TypeScript driver after each feed.
// Entry: [kind u32, frame u32, length u32, bytes padded to 4]. The kinds are shared with TypeScript
// (src/abi/core-constants.ts, SideKind).
export * from './generated/constants/side-kind';

let base: usize = 0;
let capacity: usize = 0;
let used: usize = 0;

export function clear(): void {
  used = 0;
}
export function ptr(): usize {
  return base;
}
export function bytesUsed(): usize {
  return used;
}

/** Starts an entry of `length` payload bytes and returns where to write them. */
export function begin(kind: u32, frame: u32, length: u32): usize {
  const total: usize = 12 + ((<usize>length + 3) & ~(<usize>3));
  if (used + total > capacity) {
    let cap = capacity == 0 ? <usize>(1 << 16) : capacity;
    while (cap < used + total) cap <<= 1;
    base = base == 0 ? heap.alloc(cap) : heap.realloc(base, cap);
    capacity = cap;
  }
  const p = base + used;
  store<u32>(p, kind);
  store<u32>(p, frame, 4);
  store<u32>(p, length, 8);
  used += total;
  return p + 12;
}

export function add(kind: u32, frame: u32, src: usize, length: u32): void {
  memory.copy(begin(kind, frame, length), src, <usize>length);
}
