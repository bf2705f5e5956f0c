import type { ColumnTableSnapshot } from '../api/analysis';
import { InfoWriter } from '../dissectors/info-text';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Text is kept in chunks of this many bytes; a row's text never straddles two. */
const CHUNK_BYTES = 1 << 20;
/** Wireshark's COL_MAX_INFO_LEN: longer Info is cut there, so a row's UTF-8 fits a Uint16 length. */
const MAX_TEXT = 4096;
const writer = new InfoWriter();

/**
 * Mostly unique text for every frame (Info, a field added as a column), appended in frame order: UTF-8 in
 * fixed-size chunks, a Uint32 position and Uint16 length per frame; about the text's length plus 6 bytes a frame,
 * against some 60 more for a JS string each.
 */
export class TextColumn {
  private starts: Uint32Array = new Uint32Array(1024);
  private lengths: Uint16Array = new Uint16Array(1024);
  private chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk, and in each one before it. */
  private used = 0;
  private filled: number[] = [];
  count = 0;

  push(value: string): void {
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts, this.count * 2);
      this.lengths = grow(this.lengths, this.count * 2);
    }
    const text = value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    // (A restored column's last chunk is cut to its text: the next row starts a new one.)
    if (this.chunks.length === 0 || this.used + text.length * 3 > this.chunks[this.chunks.length - 1].length) {
      if (this.chunks.length) this.filled.push(this.used);
      this.chunks.push(new Uint8Array(CHUNK_BYTES));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    const written = writeUtf8(text, this.chunks[chunk], this.used);
    this.starts[this.count] = chunk * CHUNK_BYTES + this.used;
    this.lengths[this.count] = written;
    this.used += written;
    this.count++;
  }

  /**
   * Pushes a text its source writes as UTF-8 itself (see FrameDissection.writeInfo), which makes no string of it;
   * `text` is asked only for a text too long for that.
   */
  pushWritten(source: { writeInfo(w: InfoWriter): void; readonly info: string }): void {
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts, this.count * 2);
      this.lengths = grow(this.lengths, this.count * 2);
    }
    if (this.chunks.length === 0 || this.used + 3 * MAX_TEXT > this.chunks[this.chunks.length - 1].length) {
      if (this.chunks.length) this.filled.push(this.used);
      this.chunks.push(new Uint8Array(CHUNK_BYTES));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    const w = writer.into(this.chunks[chunk], this.used, this.used + 3 * MAX_TEXT);
    source.writeInfo(w);
    const written = w.at - this.used;
    // Longer than Info may be (it is cut at MAX_TEXT characters): as a string.
    if (w.overflowed || written > MAX_TEXT) return this.push(source.info);
    this.starts[this.count] = chunk * CHUNK_BYTES + this.used;
    this.lengths[this.count] = written;
    this.used += written;
    this.count++;
  }

  get(i: number): string {
    return decoder.decode(this.bytes(i));
  }

  /** The rows so far, as views (valid until the next push). */
  snapshot(): Pick<ColumnTableSnapshot, 'starts' | 'lengths' | 'chunks'> {
    const last = this.chunks.length - 1;
    return {
      starts: this.starts.subarray(0, this.count),
      lengths: this.lengths.subarray(0, this.count),
      chunks: this.chunks.map((chunk, k) => chunk.subarray(0, k === last ? this.used : this.filled[k])),
    };
  }

  /** A column as a snapshot left it; it takes the arrays over. */
  static restore({ starts, lengths, chunks }: Pick<ColumnTableSnapshot, 'starts' | 'lengths' | 'chunks'>): TextColumn {
    const count = starts.length;
    if (lengths.length !== count) throw new Error('stored text column disagrees on its row count');
    for (let i = 0; i < count; i++) {
      const chunk = chunks[Math.floor(starts[i] / CHUNK_BYTES)];
      if (!chunk || (starts[i] % CHUNK_BYTES) + lengths[i] > chunk.length) {
        throw new Error(`stored text of frame ${i + 1} points outside the stored text`);
      }
    }
    const column = new TextColumn();
    column.starts = starts;
    column.lengths = lengths;
    column.chunks = chunks;
    column.filled = chunks.slice(0, -1).map((c) => c.length);
    column.used = chunks.length ? chunks[chunks.length - 1].length : 0;
    column.count = count;
    return column;
  }

  /** Orders rows i and j by their text's UTF-8 bytes (code point order), without decoding either. */
  compare(i: number, j: number): number {
    const a = this.bytes(i);
    const b = this.bytes(j);
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) if (a[k] !== b[k]) return a[k] - b[k];
    return a.length - b.length;
  }

  private bytes(i: number): Uint8Array {
    const start = this.starts[i] % CHUNK_BYTES;
    return this.chunks[Math.floor(this.starts[i] / CHUNK_BYTES)].subarray(start, start + this.lengths[i]);
  }

  get byteSize(): number {
    return this.starts.byteLength + this.lengths.byteLength + this.chunks.length * CHUNK_BYTES;
  }
}

/**
 * Text with few distinct values for every frame (Protocol, addresses): a string table and an index per frame,
 * 16 bits wide until there are more than 65536 distinct values. Sorting ranks the distinct values once, then
 * compares numbers.
 */
export class NameColumn {
  private names: string[] = [];
  private nameIndex = new Map<string, number>();
  private ids: Uint16Array | Uint32Array = new Uint16Array(1024);
  count = 0;

  /** The last value pushed and its id: runs of one protocol are the rule. */
  private last?: string;
  private lastId = 0;

  push(value: string): void {
    if (this.count === this.ids.length) this.ids = grow(this.ids, this.count * 2);
    if (value === this.last) {
      this.ids[this.count++] = this.lastId;
      return;
    }
    let id = this.nameIndex.get(value);
    if (id === undefined) {
      id = this.names.push(value) - 1;
      this.nameIndex.set(value, id);
      if (id > 0xffff && this.ids instanceof Uint16Array) this.ids = Uint32Array.from(this.ids);
    }
    this.ids[this.count++] = id;
    this.last = value;
    this.lastId = id;
  }

  get(i: number): string {
    return this.names[this.ids[i]];
  }

  /** The rows so far, as views (valid until the next push). */
  snapshot(): { names: string[]; ids: Uint16Array | Uint32Array } {
    return { names: [...this.names], ids: this.ids.subarray(0, this.count) };
  }

  /** A column as a snapshot left it; it takes the ids over. */
  static restore(names: string[], ids: Uint16Array | Uint32Array): NameColumn {
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] >= names.length) throw new Error(`stored name of frame ${i + 1} is not in the stored table`);
    }
    const column = new NameColumn();
    column.names = [...names];
    column.nameIndex = new Map(names.map((name, k) => [name, k]));
    column.ids = ids;
    column.count = ids.length;
    return column;
  }

  /** Each row's rank when rows are ordered by `compare` on their values (equal values, equal rank). */
  ranks(compare: (a: string, b: string) => number): Uint32Array {
    const order = this.names.map((_, id) => id).sort((a, b) => compare(this.names[a], this.names[b]));
    const rankOfName = new Uint32Array(this.names.length);
    order.forEach(
      (id, k) =>
        (rankOfName[id] =
          k > 0 && compare(this.names[order[k - 1]], this.names[id]) === 0 ? rankOfName[order[k - 1]] : k),
    );
    const out = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = rankOfName[this.ids[i]];
    return out;
  }

  get byteSize(): number {
    return this.ids.byteLength;
  }
}

/**
 * The packet list's decoded columns of every frame, appended in frame order by the background dissection pass,
 * held compactly for millions of rows.
 */
export class ColumnTable {
  constructor(
    readonly protocols = new NameColumn(),
    readonly infos = new TextColumn(),
  ) {}

  /** The rows so far, as views (valid until the next push): the library copies them into a Blob at once. */
  snapshot(): ColumnTableSnapshot {
    const { names, ids } = this.protocols.snapshot();
    return { names, protocols: ids, ...this.infos.snapshot() };
  }

  /** A table as a snapshot left it, for a capture reopened from the library; it takes the arrays over. */
  static restore(snapshot: ColumnTableSnapshot): ColumnTable {
    if (snapshot.protocols.length !== snapshot.starts.length)
      throw new Error('stored Protocol/Info columns disagree on their row count');
    return new ColumnTable(NameColumn.restore(snapshot.names, snapshot.protocols), TextColumn.restore(snapshot));
  }

  get count(): number {
    return this.infos.count;
  }

  push(protocol: string, info: string): void {
    this.protocols.push(protocol);
    this.infos.push(info);
  }

  /** A frame's columns from its dissection: Info written straight in when the dissection can (see writeInfo). */
  pushDissection(app: { protocol: string; info: string; writeInfo?(w: InfoWriter): void }): void {
    this.protocols.push(app.protocol);
    if (app.writeInfo) this.infos.pushWritten(app as { writeInfo(w: InfoWriter): void; info: string });
    else this.infos.push(app.info);
  }

  protocol(i: number): string {
    return this.protocols.get(i);
  }

  info(i: number): string {
    return this.infos.get(i);
  }

  /** Bytes held, for the memory budget's sake. */
  get byteSize(): number {
    return this.protocols.byteSize + this.infos.byteSize;
  }
}

/**
 * Writes `text` as UTF-8 at `at` (room for 3 bytes a code unit is assured), returning the bytes written: code units
 * of the Basic Multilingual Plane (every Info text but a rare one, with its "→") by hand, which beats a TextEncoder
 * call for short strings; from the first surrogate on, by the TextEncoder.
 */
function writeUtf8(text: string, into: Uint8Array, at: number): number {
  const n = text.length;
  let p = at;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) into[p++] = c;
    else if (c < 0x800) {
      into[p++] = 0xc0 | (c >> 6);
      into[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      into[p++] = 0xe0 | (c >> 12);
      into[p++] = 0x80 | ((c >> 6) & 0x3f);
      into[p++] = 0x80 | (c & 0x3f);
    } else {
      return p - at + encoder.encodeInto(text.slice(i), into.subarray(p)).written;
    }
  }
  return p - at;
}

function grow<T extends Uint16Array | Uint32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}
