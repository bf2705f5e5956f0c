// The input window: the bytes of the capture file the TypeScript driver has handed over and the core has not
// consumed yet. The driver appends chunks read from `readOffset()`; a reader that needs bytes elsewhere in the
// file (NetMon's frame table) calls seek(), and the driver continues from there. Large files never live here whole.

export let base: usize = 0;
let capacity: i32 = 0;
/** Valid bytes in the window. */
export let length: i32 = 0;
/** Bytes already consumed; the next record starts at base + pos. */
export let pos: i32 = 0;
/** File offset of base[0]. */
export let fileOffset: u64 = 0;
/** The driver has no more bytes after the window's end. */
export let eof = false;
/** Total size of the file (or of the decompressed stream when known, else 0). */
export let fileSize: u64 = 0;

export function reset(size: u64): void {
  length = 0;
  pos = 0;
  fileOffset = 0;
  eof = false;
  fileSize = size;
}

/** Moves unconsumed bytes to the front and makes room for n more; returns where the driver writes them. */
export function reserve(n: i32): usize {
  if (pos > 0) {
    memory.copy(base, base + <usize>pos, <usize>(length - pos));
    fileOffset += <u64>pos;
    length -= pos;
    pos = 0;
  }
  const need = length + n;
  if (need > capacity) {
    let cap = capacity == 0 ? 1 << 16 : capacity;
    while (cap < need) cap <<= 1;
    base = base == 0 ? heap.alloc(<usize>cap) : heap.realloc(base, <usize>cap);
    capacity = cap;
  }
  return base + <usize>length;
}

export function commit(n: i32, last: bool): void {
  length += n;
  eof = last;
}

/** Bytes available from the current position. */
// @ts-ignore: decorator
@inline export function available(): i32 { return length - pos; }
// @ts-ignore: decorator
@inline export function here(): usize { return base + <usize>pos; }
// @ts-ignore: decorator
@inline export function hereOffset(): u64 { return fileOffset + <u64>pos; }

export function consume(n: i32): void { pos += n; }

/** Drops the window and continues at a file offset of the reader's choosing. */
export function seek(offset: u64): void {
  fileOffset = offset;
  length = 0;
  pos = 0;
  eof = false;
}

/** File offset where the driver's next chunk must start. */
export function readOffset(): u64 { return fileOffset + <u64>length; }
