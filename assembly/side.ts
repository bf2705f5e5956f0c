// Side data: variable-length things some frames or files carry (pcapng comments, decryption secrets, name
// resolution records, interface descriptions). Appended here, drained by the TypeScript driver after each feed.
// Entry: [kind u32, frame u32, length u32, bytes padded to 4].

export const PACKET_COMMENT: u32 = 1;
/** pcapng DSB: [secrets type u32 LE][secrets]. */
export const DECRYPTION_SECRETS: u32 = 2;
/** pcapng NRB record: [record type u16 LE][value]. */
export const NAME_RECORD: u32 = 3;
/** pcapng IDB or file header: [interface id u32][link type u32][snaplen u32][tsresol exponent byte + base bit u32][name utf-8] */
export const INTERFACE: u32 = 4;
/** pcapng SHB comment or other file-level comment. */
export const FILE_COMMENT: u32 = 5;

let base: usize = 0;
let capacity: usize = 0;
let used: usize = 0;

export function clear(): void { used = 0; }
export function ptr(): usize { return base; }
export function bytesUsed(): usize { return used; }

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

/** Field mode only: the frame's captured bytes, which field records of source 0 point into. */
export const FRAME_BYTES: u32 = 6;
/** Field mode only: a reassembled payload, which field records of source 1 point into. */
export const REASSEMBLED: u32 = 7;
/**
 * A transport payload that is not in the frame's own bytes (an IP-reassembled datagram's): where its bytes are
 * in the capture file, as (file offset, length) pairs of f64, in payload order. Written in both modes.
 */
export const PAYLOAD_PIECES: u32 = 8;
