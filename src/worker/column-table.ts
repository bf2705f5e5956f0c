const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Info text is kept in chunks of this many bytes; a row's text never straddles two. */
const CHUNK_BYTES = 1 << 20;
/** A column table's content, trimmed to its rows, as the library stores it. */
export interface ColumnTableSnapshot {
  names: string[];
  protocols: Uint16Array;
  starts: Uint32Array;
  lengths: Uint16Array;
  /** The Info text chunks, each cut to the bytes used (rows point into them by chunk * CHUNK_BYTES + offset). */
  chunks: Uint8Array[];
}

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
  private protocols: Uint16Array = new Uint16Array(1024);
  private starts: Uint32Array = new Uint32Array(1024);
  private lengths: Uint16Array = new Uint16Array(1024);
  private chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk, and in each one before it. */
  private used = 0;
  private filled: number[] = [];
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
    // (A restored table's last chunk is cut to its text: the next row starts a new one.)
    if (this.chunks.length === 0 || this.used + text.length * 3 > this.chunks[this.chunks.length - 1].length) {
      if (this.chunks.length) this.filled.push(this.used);
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

  /** The rows so far, as views (valid until the next push): the library copies them into a Blob at once. */
  snapshot(): ColumnTableSnapshot {
    const last = this.chunks.length - 1;
    return {
      names: [...this.names],
      protocols: this.protocols.subarray(0, this.count),
      starts: this.starts.subarray(0, this.count),
      lengths: this.lengths.subarray(0, this.count),
      chunks: this.chunks.map((chunk, k) => chunk.subarray(0, k === last ? this.used : this.filled[k])),
    };
  }

  /** A table as a snapshot left it, for a capture reopened from the library; it takes the arrays over. */
  static restore(snapshot: ColumnTableSnapshot): ColumnTable {
    const { names, protocols, starts, lengths, chunks } = snapshot;
    const count = protocols.length;
    if (starts.length !== count || lengths.length !== count) throw new Error('stored Protocol/Info columns disagree on their row count');
    for (let i = 0; i < count; i++) {
      const chunk = chunks[Math.floor(starts[i] / CHUNK_BYTES)];
      if (protocols[i] >= names.length || !chunk || (starts[i] % CHUNK_BYTES) + lengths[i] > chunk.length) {
        throw new Error(`stored Protocol/Info of frame ${i + 1} points outside the stored text`);
      }
    }
    const table = new ColumnTable();
    table.names = [...names];
    table.nameIndex = new Map(names.map((name, k) => [name, k]));
    table.protocols = protocols;
    table.starts = starts;
    table.lengths = lengths;
    table.chunks = chunks;
    table.filled = chunks.slice(0, -1).map((c) => c.length);
    table.used = chunks.length ? chunks[chunks.length - 1].length : 0;
    table.count = count;
    return table;
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
