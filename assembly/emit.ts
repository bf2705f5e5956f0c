// Field records: what the decoders found in one frame, in tree order, for the CLI's `fields` output and the
// protocol tree. Off during plain ingest (the index needs none of it), so the hot path pays one branch.
//
// A record is RECORD_WORDS u32 words: [id, depth | source << 8, start, length, v0, v1, v2, v3]
// start/length are the field's bytes within the frame (source 0) or within the reassembled payload (source 1).
// RECORD_WORDS is shared with TypeScript (src/abi/core-constants.ts).
import { RECORD_WORDS } from './generated/constants/values';

export { RECORD_WORDS };
const RECORD_BYTES: usize = <usize>RECORD_WORDS * 4;

export let enabled = false;
let base: usize = 0;
let capacity: usize = 0; // bytes
let used: usize = 0; // bytes
let depth: u32 = 0;
let source: u32 = 0;

export function reset(on: bool): void {
  enabled = on;
  used = 0;
  depth = 0;
  source = 0;
  if (on && base == 0) {
    capacity = 1 << 20;
    base = heap.alloc(capacity);
  }
}

export function clear(): void { used = 0; }
export function ptr(): usize { return base; }
export function count(): i32 { return <i32>(used / RECORD_BYTES); }
export function bytesUsed(): usize { return used; }

/** Records after this come from a reassembled payload rather than the frame's own bytes. */
export function setSource(s: u32): void { source = s; }

// Inlined at every call site: in plain ingest, a field costs one branch instead of a call.
// @ts-ignore: decorator
@inline export function field(id: u16, start: i32, length: i32, v0: u32 = 0, v1: u32 = 0, v2: u32 = 0, v3: u32 = 0): void {
  if (enabled) append(id, start, length, v0, v1, v2, v3);
}

function append(id: u16, start: i32, length: i32, v0: u32, v1: u32, v2: u32, v3: u32): void {
  if (used + RECORD_BYTES > capacity) grow();
  const p = base + used;
  store<u32>(p, id);
  store<u32>(p, depth | (source << 8), 4);
  store<u32>(p, <u32>start, 8);
  store<u32>(p, <u32>length, 12);
  store<u32>(p, v0, 16);
  store<u32>(p, v1, 20);
  store<u32>(p, v2, 24);
  store<u32>(p, v3, 28);
  used += RECORD_BYTES;
}

/** A protocol or subtree: records emitted until the matching close() are its children. */
// @ts-ignore: decorator
@inline export function open(id: u16, start: i32, length: i32): void {
  if (enabled) {
    append(id, start, length, 0, 0, 0, 0);
    depth++;
  }
}

// @ts-ignore: decorator
@inline export function close(): void {
  if (enabled && depth > 0) depth--;
}

/** Fixes the length of the last record with this id at the current depth - 1 (a protocol whose size is known late). */
export function closeWithLength(length: i32): void {
  if (!enabled) return;
  if (depth > 0) depth--;
  let p = base + used;
  while (p > base) {
    p -= RECORD_BYTES;
    if ((load<u32>(p, 4) & 0xff) == depth) { store<u32>(p, <u32>length, 12); break; }
  }
}

/** Subtracts from v0 of record `index` (a value made relative once known, as TCP's SACK edges). */
export function subtractFromValue(index: i32, amount: u32): void {
  if (!enabled || index < 0 || <usize>index * RECORD_BYTES >= used) return;
  const p = base + <usize>index * RECORD_BYTES + 16;
  store<u32>(p, load<u32>(p) - amount);
}

export function resetDepth(): void { depth = 0; source = 0; }

function grow(): void {
  const next = capacity * 2;
  base = heap.realloc(base, next);
  capacity = next;
}
