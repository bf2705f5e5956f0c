// IP fragment reassembly (RFC 791 §3.2, RFC 8200 §4.5) for IPv4 and IPv6, bounded: a fixed number of datagrams
// in progress (the least recently touched one is dropped for a new one), each at most MAX_DATAGRAM bytes and
// MAX_FRAGMENTS fragments; anything beyond those limits is not reassembled. Buffers are allocated once per slot
// and reused, so a hostile capture cannot make memory grow past SLOTS * MAX_DATAGRAM.

const SLOTS: i32 = 32;
export const MAX_FRAGMENTS: i32 = 64;
/** An IPv4 or (non-jumbo) IPv6 datagram's largest payload. */
const MAX_DATAGRAM: i32 = 65535;
/** family, id, protocol, source (16), destination (16). */
const KEY_BYTES: i32 = 48;

const keys = new StaticArray<u8>(SLOTS * KEY_BYTES);
const used = new StaticArray<bool>(SLOTS);
const touched = new StaticArray<u32>(SLOTS);
const buffers = new StaticArray<usize>(SLOTS);
/** Datagram length once its last fragment arrived, else -1. */
const totals = new StaticArray<i32>(SLOTS);
/** What follows the fragment header of the first fragment (IPv6); the key's protocol for IPv4. */
const nextHeaders = new StaticArray<u32>(SLOTS);
const counts = new StaticArray<i32>(SLOTS);
// Fragments of each slot, kept sorted by offset: the frame each came in, its offset and length.
const fragFrames = new StaticArray<u32>(SLOTS * MAX_FRAGMENTS);
const fragOffsets = new StaticArray<i32>(SLOTS * MAX_FRAGMENTS);
const fragLengths = new StaticArray<i32>(SLOTS * MAX_FRAGMENTS);
/** Where each fragment's bytes are in the capture file (-1: not in the frame's own bytes). */
const fragFileOffsets = new StaticArray<f64>(SLOTS * MAX_FRAGMENTS);

const key = new StaticArray<u8>(KEY_BYTES);
/** The slot of the datagram the last add() completed. */
let completed: i32 = -1;

export function reset(): void {
  for (let i = 0; i < SLOTS; i++) unchecked((used[i] = false));
  completed = -1;
}

/** Datagrams in progress (a parallel ingest's piece boundary is exact only where there are none). */
export function pending(): i32 {
  let n = 0;
  for (let i = 0; i < SLOTS; i++) if (unchecked(used[i])) n++;
  return n;
}

/** IPv4 datagrams are told apart by source, destination, protocol and identification. addrs: source then destination. */
export function setKeyIpv4(addrs: usize, id: u32, proto: u32): void {
  const k = changetype<usize>(key);
  memory.fill(k, 0, KEY_BYTES);
  store<u32>(k, 4);
  store<u32>(k, id, 4);
  store<u32>(k, proto, 8);
  memory.copy(k + 16, addrs, 8);
}

/** IPv6 datagrams by source, destination and the fragment header's identification. addrs: source then destination. */
export function setKeyIpv6(addrs: usize, id: u32): void {
  const k = changetype<usize>(key);
  memory.fill(k, 0, KEY_BYTES);
  store<u32>(k, 6);
  store<u32>(k, id, 4);
  memory.copy(k + 16, addrs, 32);
}

/**
 * Adds a fragment of the datagram set by setKey*(): `len` bytes at `offset`, `last` when no more follow it.
 * `nextHeader` counts only for the fragment at offset 0; `fileOffset`: where `data` is in the capture file
 * (-1: not known). Returns true when this fragment completes the datagram: then data(), length(),
 * nextHeader(), the fragment accessors and pieces() describe it until the next add().
 */
export function add(
  number: u32,
  offset: i32,
  last: bool,
  nextHeader: u32,
  data: usize,
  len: i32,
  fileOffset: f64,
): bool {
  completed = -1;
  if (offset + len > MAX_DATAGRAM) return false;
  const slot = slotFor();
  const n = unchecked(counts[slot]);
  if (n == MAX_FRAGMENTS) return false;
  unchecked((touched[slot] = number));
  memory.copy(unchecked(buffers[slot]) + <usize>offset, data, <usize>len);
  if (last) unchecked((totals[slot] = offset + len));
  if (offset == 0) unchecked((nextHeaders[slot] = nextHeader));
  // Insert in offset order; a fragment at an offset already seen goes after the earlier ones.
  const row = slot * MAX_FRAGMENTS;
  let i = n;
  while (i > 0 && unchecked(fragOffsets[row + i - 1]) > offset) {
    unchecked((fragFrames[row + i] = fragFrames[row + i - 1]));
    unchecked((fragOffsets[row + i] = fragOffsets[row + i - 1]));
    unchecked((fragLengths[row + i] = fragLengths[row + i - 1]));
    unchecked((fragFileOffsets[row + i] = fragFileOffsets[row + i - 1]));
    i--;
  }
  unchecked((fragFrames[row + i] = number));
  unchecked((fragOffsets[row + i] = offset));
  unchecked((fragLengths[row + i] = len));
  unchecked((fragFileOffsets[row + i] = fileOffset));
  unchecked((counts[slot] = n + 1));
  if (!isComplete(slot)) return false;
  unchecked((used[slot] = false));
  completed = slot;
  return true;
}

/** Whether the last add() completed a datagram (the accessors below describe it). */
export function justCompleted(): bool {
  return completed >= 0;
}

export function data(): usize {
  return unchecked(buffers[completed]);
}
export function length(): i32 {
  return unchecked(totals[completed]);
}
export function nextHeader(): u32 {
  return unchecked(nextHeaders[completed]);
}

/** The completed datagram's fragment list, reassembled length and fragment count, as tshark shows them. */
export function fragmentCount(): i32 {
  return unchecked(counts[completed]);
}
export function fragmentFrame(i: i32): u32 {
  return unchecked(fragFrames[completed * MAX_FRAGMENTS + i]);
}

/**
 * Writes where bytes [from, to) of the completed datagram lie in the capture file, as (file offset, length)
 * pairs of f64 at `out`, in datagram order, and returns how many pairs. Where fragments overlap, the bytes are
 * the fragment added last's, as in data(). Returns -1 when a fragment needed is not in the file's own bytes.
 * `out` must have room for 2 * fragmentCount() pairs.
 */
export function pieces(from: i32, to: i32, out: usize): i32 {
  const row = completed * MAX_FRAGMENTS;
  const n = unchecked(counts[completed]);
  let count = 0;
  let pos = from;
  while (pos < to) {
    // The fragment whose bytes are at pos: the last added of those covering it (frames arrive in order).
    let best = -1;
    for (let i = 0; i < n; i++) {
      const start = unchecked(fragOffsets[row + i]);
      if (
        start <= pos &&
        pos < start + unchecked(fragLengths[row + i]) &&
        (best < 0 || unchecked(fragFrames[row + i]) >= unchecked(fragFrames[row + best]))
      )
        best = i;
    }
    if (best < 0) return -1;
    const bestStart = unchecked(fragOffsets[row + best]);
    const file = unchecked(fragFileOffsets[row + best]);
    if (file < 0) return -1;
    // Its bytes last until it ends or a fragment added after it takes over.
    let end = min(to, bestStart + unchecked(fragLengths[row + best]));
    for (let i = 0; i < n; i++) {
      const start = unchecked(fragOffsets[row + i]);
      if (start > pos && start < end && unchecked(fragFrames[row + i]) > unchecked(fragFrames[row + best])) end = start;
    }
    const at = file + <f64>(pos - bestStart);
    const length = <f64>(end - pos);
    const previous = out + <usize>max(count - 1, 0) * 16;
    if (count > 0 && load<f64>(previous) + load<f64>(previous, 8) == at) {
      store<f64>(previous, load<f64>(previous, 8) + length, 8); // continues the previous piece in the file
    } else {
      const p = out + <usize>count * 16;
      store<f64>(p, at);
      store<f64>(p, length, 8);
      count++;
    }
    pos = end;
  }
  return count;
}

function isComplete(slot: i32): bool {
  const total = unchecked(totals[slot]);
  if (total < 0) return false;
  const row = slot * MAX_FRAGMENTS;
  let covered = 0;
  for (let i = 0, n = unchecked(counts[slot]); i < n; i++) {
    const start = unchecked(fragOffsets[row + i]);
    if (start > covered) return false;
    covered = max(covered, start + unchecked(fragLengths[row + i]));
  }
  return covered >= total;
}

/** The slot holding the current key's datagram: an existing one, a free one, or the least recently touched. */
function slotFor(): i32 {
  let free = -1;
  let oldest = 0;
  for (let s = 0; s < SLOTS; s++) {
    if (!unchecked(used[s])) {
      if (free < 0) free = s;
      continue;
    }
    if (sameKey(s)) return s;
    if (unchecked(touched[s]) < unchecked(touched[oldest]) || !unchecked(used[oldest])) oldest = s;
  }
  const slot = free >= 0 ? free : oldest;
  memory.copy(changetype<usize>(keys) + <usize>(slot * KEY_BYTES), changetype<usize>(key), KEY_BYTES);
  if (unchecked(buffers[slot]) == 0) unchecked((buffers[slot] = heap.alloc(<usize>MAX_DATAGRAM)));
  unchecked((used[slot] = true));
  unchecked((totals[slot] = -1));
  unchecked((counts[slot] = 0));
  unchecked((nextHeaders[slot] = 0));
  return slot;
}

function sameKey(slot: i32): bool {
  const a = changetype<usize>(keys) + <usize>(slot * KEY_BYTES);
  const b = changetype<usize>(key);
  for (let i = 0; i < KEY_BYTES; i += 8) if (load<u64>(a + <usize>i) != load<u64>(b + <usize>i)) return false;
  return true;
}
