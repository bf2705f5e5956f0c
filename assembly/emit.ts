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
/**
 * Kept records (keepOnly): one byte per field id, 1 = kept. A pass that reads few fields (the app's Protocol/Info
 * pass) leaves the others out, which spares writing them here and scanning them in TypeScript. Records at depth 0
 * (each protocol's own) are always kept: they say which layers a frame has.
 */
let keep: usize = 0;
let keepSize: i32 = 0;
let filtering = false;
/** Byte position of the record each open subtree began with (-1: left out), by depth, for closeWithLength. */
const MAX_OPEN_DEPTH: u32 = 64;
const openedAt = new StaticArray<i32>(MAX_OPEN_DEPTH);

export function reset(on: bool): void {
  enabled = on;
  filtering = false;
  used = 0;
  depth = 0;
  source = 0;
  if (on && base == 0) {
    capacity = 1 << 20;
    base = heap.alloc(capacity);
  }
}

/**
 * Keeps only the records of field ids up to `size` - 1 the driver marks with 1 in the table returned (zeroed),
 * plus every depth-0 record, until the next reset(); size 0 keeps every record again.
 */
export function keepOnly(size: i32): usize {
  if (size > keepSize) {
    if (keep != 0) heap.free(keep);
    keep = heap.alloc(<usize>size);
    keepSize = size;
  }
  memory.fill(keep, 0, <usize>keepSize);
  filtering = size > 0;
  return keep;
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

/** Returns whether the record was kept (see keepOnly). */
function append(id: u16, start: i32, length: i32, v0: u32, v1: u32, v2: u32, v3: u32): bool {
  if (filtering && depth > 0 && (<i32>id >= keepSize || load<u8>(keep + <usize>id) == 0)) return false;
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
  return true;
}

/** A protocol or subtree: records emitted until the matching close() are its children. v0: a value of its own. */
// @ts-ignore: decorator
@inline export function open(id: u16, start: i32, length: i32, v0: u32 = 0): void {
  if (enabled) openRecord(id, start, length, v0);
}

function openRecord(id: u16, start: i32, length: i32, v0: u32): void {
  const kept = append(id, start, length, v0, 0, 0, 0);
  if (depth < MAX_OPEN_DEPTH) unchecked(openedAt[depth] = kept ? <i32>(used - RECORD_BYTES) : -1);
  depth++;
}

// @ts-ignore: decorator
@inline export function close(): void {
  if (enabled && depth > 0) depth--;
}

/** Closes a subtree, fixing the length of the record it began with (a protocol whose size is known late). */
export function closeWithLength(length: i32): void {
  if (!enabled || depth == 0) return;
  depth--;
  const at = depth < MAX_OPEN_DEPTH ? unchecked(openedAt[depth]) : -1;
  if (at >= 0 && <usize>at < used) store<u32>(base + <usize>at, <u32>length, 12);
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
