/**
 * Info text written as UTF-8 bytes straight into where it is kept (the app's column table), without making a
 * string: the Info of a frame no application dissector touches (a TCP ACK, a datagram of no known protocol) is
 * most frames of a capture, and building, joining and encoding its string was a good part of the time a frame took.
 */
export class InfoWriter {
  bytes: Uint8Array = new Uint8Array(0);
  at = 0;
  private limit = 0;

  /** Writes from `at` on, never at or past `limit` (what does not fit is left out: see overflowed). */
  into(bytes: Uint8Array, at: number, limit: number): this {
    this.bytes = bytes;
    this.at = at;
    this.limit = limit;
    return this;
  }

  /** Whether something did not fit. */
  get overflowed(): boolean {
    return this.at > this.limit;
  }

  /** Text of ASCII characters only (literals such as " Seq="). */
  ascii(s: string): void {
    const n = s.length;
    if (this.at + n > this.limit) {
      this.at = this.limit + 1;
      return;
    }
    const b = this.bytes;
    let p = this.at;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.at = p;
  }

  /** Bytes already UTF-8: a literal encoded once (see utf8), cheaper than its text each time. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.at + n > this.limit) {
      this.at = this.limit + 1;
      return;
    }
    const b = this.bytes;
    let p = this.at;
    for (let i = 0; i < n; i++) b[p++] = bytes[i];
    this.at = p;
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    const n = s.length;
    if (this.at + 3 * n > this.limit) {
      this.at = this.limit + 1;
      return;
    }
    const b = this.bytes;
    let p = this.at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) b[p++] = c;
      else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 0x3f);
        b[p++] = 0x80 | ((cp >> 6) & 0x3f);
        b[p++] = 0x80 | (cp & 0x3f);
      } else {
        // A lone surrogate is U+FFFD, as TextEncoder writes it.
        const u = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
        b[p++] = 0xe0 | (u >> 12);
        b[p++] = 0x80 | ((u >> 6) & 0x3f);
        b[p++] = 0x80 | (u & 0x3f);
      }
    }
    this.at = p;
  }

  /** A number as `${n}` writes it ("undefined" when there is none, as a template string would). */
  number(n: number | undefined): void {
    if (n === undefined) return this.ascii('undefined');
    if (!(n >= 0 && n <= 0xffffffff && n === Math.floor(n))) return this.ascii(String(n));
    if (this.at + 10 > this.limit) {
      this.at = this.limit + 1;
      return;
    }
    const b = this.bytes;
    if (n <= 0x7fffffff) {
      // Integer arithmetic below 2^31, the usual case (ports, lengths, relative numbers).
      const digits =
        n < 10
          ? 1
          : n < 100
            ? 2
            : n < 1000
              ? 3
              : n < 10000
                ? 4
                : n < 100000
                  ? 5
                  : n < 1e6
                    ? 6
                    : n < 1e7
                      ? 7
                      : n < 1e8
                        ? 8
                        : n < 1e9
                          ? 9
                          : 10;
      let p = (this.at += digits);
      let x = n;
      do {
        const q = (x / 10) | 0;
        b[--p] = 0x30 + x - q * 10;
        x = q;
      } while (x > 0);
      return;
    }
    let p = (this.at += 10);
    let x = n;
    do {
      const q = Math.floor(x / 10);
      b[--p] = 0x30 + (x - q * 10);
      x = q;
    } while (x > 0);
  }
}

const encoder = new TextEncoder();

/** A literal's UTF-8, for InfoWriter.raw. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** Info text not written yet: it writes itself when the frame's row is stored. */
export interface DeferredInfo {
  write(w: InfoWriter): void;
}

/**
 * Notes appended to deferred texts, encoded once each way (after a space or not): a few distinct literals ("[TCP
 * segment of a reassembled PDU]"), looked up by the literal itself, whose hash the engine keeps.
 */
const encodedNotes = [new Map<string, Uint8Array>(), new Map<string, Uint8Array>()];
const MAX_ENCODED_NOTES = 256;

function noteBytes(note: string, spaced: boolean): Uint8Array {
  const notes = encodedNotes[spaced ? 1 : 0];
  let bytes = notes.get(note);
  if (!bytes) {
    bytes = utf8(spaced ? ` ${note}` : note);
    if (notes.size < MAX_ENCODED_NOTES) notes.set(note, bytes);
  }
  return bytes;
}

const scratch = new Uint8Array(64 << 10);
const scratchWriter = new InfoWriter();
const decoder = new TextDecoder();

/** The string a deferred Info writes. */
export function deferredText(info: DeferredInfo): string {
  const w = scratchWriter.into(scratch, 0, scratch.length);
  info.write(w);
  return decoder.decode(scratch.subarray(0, Math.min(w.at, scratch.length)));
}

/**
 * The Protocol and Info columns of one frame (see Columns): Info may start as the core layers' text not written
 * yet, which stays so (notes appended to it as they come) until a dissector reads or replaces it.
 */
export class FrameColumns {
  private text: string;
  private deferred?: DeferredInfo;
  /** Notes appended to the deferred text, in order, and whether each came after a space (see append). */
  private notes?: string[];
  private spacing = 0;

  constructor(
    public protocol: string,
    info: string | DeferredInfo,
  ) {
    if (typeof info === 'string') this.text = info;
    else {
      this.text = '';
      this.deferred = info;
    }
  }

  get info(): string {
    if (this.deferred) {
      let text = deferredText(this.deferred);
      this.notes?.forEach((note, i) => (text += this.spacing & (1 << i) ? ` ${note}` : note));
      this.text = text;
      this.deferred = undefined;
      this.notes = undefined;
    }
    return this.text;
  }

  set info(text: string) {
    this.deferred = undefined;
    this.notes = undefined;
    this.text = text;
  }

  /** Appends a note, after a space when `spaced` and Info is not empty (tshark's col_append_sep_str). */
  append(note: string, spaced: boolean): void {
    // A deferred text is never empty. Its notes are kept apart (not joined into a new string each frame).
    if (this.deferred && (this.notes?.length ?? 0) < 31) {
      if (spaced) this.spacing |= 1 << (this.notes?.length ?? 0);
      (this.notes ??= []).push(note);
      return;
    }
    const text = this.info;
    this.text = text && spaced ? `${text} ${note}` : text + note;
  }

  /** Writes Info, making no string of a deferred text. */
  write(w: InfoWriter): void {
    if (!this.deferred) return w.text(this.text);
    this.deferred.write(w);
    const notes = this.notes;
    if (notes) for (let i = 0; i < notes.length; i++) w.raw(noteBytes(notes[i], (this.spacing & (1 << i)) !== 0));
  }
}
