const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Info text is kept in chunks of this many bytes; a row's text never straddles two. */
const CHUNK_BYTES = 1 << 20;
/** Wireshark's COL_MAX_INFO_LEN: longer Info is cut there, so a row's UTF-8 fits a Uint16 length. */
const MAX_INFO = 4096;

/**
 * The Protocol and Info columns of every frame, appended in frame order, held compactly for millions of rows:
 * protocols are a few dozen distinct names (a string table and a Uint16 index per frame), Info is mostly
 * unique text (UTF-8 in fixed-size chunks, a Uint32 position and Uint16 length per frame). About Info's
 * length plus 8 bytes a frame, against some 60 more for a JS string each.
 */
export class ColumnTable {
  private names: string[] = [];
  private nameIndex = new Map<string, number>();
  private protocols = new Uint16Array(1024);
  private starts = new Uint32Array(1024);
  private lengths = new Uint16Array(1024);
  private chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk. */
  private used = 0;
  count = 0;

  push(protocol: string, info: string): void {
    if (this.count === this.starts.length) {
      this.protocols = grow(this.protocols, this.count * 2);
      this.starts = grow(this.starts, this.count * 2);
      this.lengths = grow(this.lengths, this.count * 2);
    }
    let name = this.nameIndex.get(protocol);
    if (name === undefined) {
      name = this.names.push(protocol) - 1;
      this.nameIndex.set(protocol, name);
    }
    const text = info.length > MAX_INFO ? info.slice(0, MAX_INFO) : info;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.chunks.length === 0 || this.used + text.length * 3 > CHUNK_BYTES) {
      this.chunks.push(new Uint8Array(CHUNK_BYTES));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    const written = encoder.encodeInto(text, this.chunks[chunk].subarray(this.used)).written;
    this.protocols[this.count] = name;
    this.starts[this.count] = chunk * CHUNK_BYTES + this.used;
    this.lengths[this.count] = written;
    this.used += written;
    this.count++;
  }

  protocol(i: number): string {
    return this.names[this.protocols[i]];
  }

  info(i: number): string {
    const start = this.starts[i] % CHUNK_BYTES;
    return decoder.decode(this.chunks[Math.floor(this.starts[i] / CHUNK_BYTES)].subarray(start, start + this.lengths[i]));
  }

  /** Bytes held, for the memory budget's sake. */
  get byteSize(): number {
    return this.protocols.byteLength + this.starts.byteLength + this.lengths.byteLength + this.chunks.length * CHUNK_BYTES;
  }
}

function grow<T extends Uint16Array | Uint32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}
