/**
 * HPACK (RFC 7541): the header compression of HTTP/2. A decoder per direction of a connection keeps the dynamic
 * table; it decodes a header block fragment by fragment (HEADERS, then CONTINUATION frames), handing back each
 * representation as soon as its bytes are all there, as a dissector shows them frame by frame.
 */

/** How a header field was represented (§6). */
export type Representation = 'indexed' | 'incremental' | 'without' | 'never';

export type HpackEvent =
  | {
      kind: 'field';
      name: Uint8Array;
      value: Uint8Array;
      representation: Representation;
      /** Table index of the field or of its name (absent for a literal name). */ index?: number;
    }
  | { kind: 'size-update'; size: number };

export class HpackError extends Error {}

/** The static table (Appendix A): index 1 is STATIC_TABLE[0]. */
export const STATIC_TABLE: readonly (readonly [string, string])[] = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const STATIC_BYTES = STATIC_TABLE.map(([n, v]) => [ascii(n), ascii(v)] as const);

/** Each entry costs its name and value octets plus 32 (§4.1). */
const ENTRY_OVERHEAD = 32;

interface Entry {
  name: Uint8Array;
  value: Uint8Array;
}

/** Not enough bytes yet for the representation that starts here. */
export const INCOMPLETE = Symbol('incomplete');

export class HpackDecoder {
  /** Newest first: dynamic index 62 is entries[0]. */
  private entries: Entry[] = [];
  private size = 0;
  private maxSize: number;
  /** Bytes of a representation cut by the end of the last fragment. */
  private pending = new Uint8Array(0);
  private failure?: HpackError;

  /** `limit`: the SETTINGS_HEADER_TABLE_SIZE the decoding side announced (4096 until it says otherwise). */
  constructor(private limit = 4096) {
    this.maxSize = limit;
  }

  /** The table's current size in octets (§4.1) and its entries, newest first (for tests and tree notes). */
  get tableSize(): number {
    return this.size;
  }

  get tableEntries(): readonly Entry[] {
    return this.entries;
  }

  /**
   * The decoding side's SETTINGS_HEADER_TABLE_SIZE took effect (its SETTINGS was acknowledged): the encoder may
   * now size the table up to it; a smaller limit shrinks the table at once (§4.2).
   */
  setLimit(limit: number): void {
    this.limit = limit;
    if (this.maxSize > limit) this.resize(limit);
  }

  /**
   * The representations completed by this fragment of a header block. `last`: the fragment ends the block
   * (END_HEADERS), so bytes left over are an error. After an error every later call fails too: the table can no
   * longer be trusted.
   */
  decode(fragment: Uint8Array, last: boolean): HpackEvent[] {
    if (this.failure) throw this.failure;
    const buf = this.pending.length ? concat(this.pending, fragment) : fragment;
    const events: HpackEvent[] = [];
    let at = 0;
    try {
      while (at < buf.length) {
        const next = this.representation(buf, at, events);
        if (next === INCOMPLETE) break;
        at = next;
      }
      if (last && at < buf.length) throw new HpackError('header block ends inside a representation');
    } catch (e) {
      this.failure = e instanceof HpackError ? e : new HpackError(String(e));
      this.pending = new Uint8Array(0);
      throw this.failure;
    }
    this.pending = last ? new Uint8Array(0) : buf.slice(at);
    return events;
  }

  /** One representation starting at `at` (§6): its event pushed, the offset after it returned. */
  private representation(buf: Uint8Array, at: number, events: HpackEvent[]): number | typeof INCOMPLETE {
    const first = buf[at];
    if (first & 0x80) {
      const index = readInteger(buf, at, 7);
      if (index === INCOMPLETE) return INCOMPLETE;
      const entry = this.lookup(index.value);
      events.push({
        kind: 'field',
        name: entry.name,
        value: entry.value,
        representation: 'indexed',
        index: index.value,
      });
      return index.end;
    }
    if ((first & 0xe0) === 0x20) {
      const size = readInteger(buf, at, 5);
      if (size === INCOMPLETE) return INCOMPLETE;
      if (size.value > this.limit)
        throw new HpackError(`table size update to ${size.value} over the limit of ${this.limit}`);
      this.resize(size.value);
      events.push({ kind: 'size-update', size: size.value });
      return size.end;
    }
    const [representation, prefix]: [Representation, number] =
      first & 0x40 ? ['incremental', 6] : first & 0x10 ? ['never', 4] : ['without', 4];
    const nameIndex = readInteger(buf, at, prefix);
    if (nameIndex === INCOMPLETE) return INCOMPLETE;
    let at2 = nameIndex.end;
    let name: Uint8Array;
    if (nameIndex.value === 0) {
      const literal = readString(buf, at2);
      if (literal === INCOMPLETE) return INCOMPLETE;
      name = literal.bytes;
      at2 = literal.end;
    } else {
      name = this.lookup(nameIndex.value).name;
    }
    const value = readString(buf, at2);
    if (value === INCOMPLETE) return INCOMPLETE;
    if (representation === 'incremental') this.add({ name, value: value.bytes });
    const event: HpackEvent = { kind: 'field', name, value: value.bytes, representation };
    if (nameIndex.value) event.index = nameIndex.value;
    events.push(event);
    return value.end;
  }

  private lookup(index: number): Entry {
    if (index === 0) throw new HpackError('index 0');
    if (index <= STATIC_BYTES.length) {
      const [name, value] = STATIC_BYTES[index - 1];
      return { name, value };
    }
    const entry = this.entries[index - STATIC_BYTES.length - 1];
    if (!entry) throw new HpackError(`index ${index} past the dynamic table (${this.entries.length} entries)`);
    return entry;
  }

  private add(entry: Entry): void {
    const cost = entry.name.length + entry.value.length + ENTRY_OVERHEAD;
    // An entry larger than the table empties it and is not added (§4.4).
    this.evictTo(this.maxSize - cost);
    if (cost > this.maxSize) return;
    this.entries.unshift(entry);
    this.size += cost;
  }

  private resize(maxSize: number): void {
    this.maxSize = maxSize;
    this.evictTo(maxSize);
  }

  /** Drops the oldest entries until the table holds at most `room` octets. */
  private evictTo(room: number): void {
    while (this.entries.length && this.size > room) {
      const old = this.entries.pop()!;
      this.size -= old.name.length + old.value.length + ENTRY_OVERHEAD;
    }
  }
}

/** An integer with an N-bit prefix (§5.1). */
export function readInteger(
  buf: Uint8Array,
  at: number,
  prefixBits: number,
): { value: number; end: number } | typeof INCOMPLETE {
  const max = (1 << prefixBits) - 1;
  let value = buf[at] & max;
  let p = at + 1;
  if (value < max) return { value, end: p };
  for (let shift = 0; ; shift += 7) {
    if (p >= buf.length) return INCOMPLETE;
    const b = buf[p++];
    // Values past 2^32 are no sizes or indexes any peer means (nghttp2 stops there too).
    if (shift > 28) throw new HpackError('integer too large');
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
  }
  if (value > 0xffffffff) throw new HpackError('integer too large');
  return { value, end: p };
}

/** A string literal (§5.2): its octets, Huffman-decoded when its H bit is set. */
export function readString(buf: Uint8Array, at: number): { bytes: Uint8Array; end: number } | typeof INCOMPLETE {
  if (at >= buf.length) return INCOMPLETE;
  const huffman = (buf[at] & 0x80) !== 0;
  const length = readInteger(buf, at, 7);
  if (length === INCOMPLETE) return INCOMPLETE;
  const end = length.end + length.value;
  if (end > buf.length) return INCOMPLETE;
  const raw = buf.subarray(length.end, end);
  return { bytes: huffman ? huffmanDecode(raw) : raw.slice(), end };
}

/**
 * The code length of each symbol (0-255, then 256: EOS) in Appendix B. The code is canonical: codes of one length
 * are consecutive in symbol order, each length's first code following the previous length's last, so the lengths
 * determine the codes.
 */
const CODE_LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28,
  28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6,
  5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23,
  22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20, 22, 22,
  23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26, 26,
  20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27,
  27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27,
  27, 27, 27, 26, 30,
];
const EOS = 256;
const MAX_CODE_LENGTH = 30;

/** Canonical decoding tables: per length, its first code, how many codes and where its symbols start. */
const CANONICAL = (() => {
  const count = new Array<number>(MAX_CODE_LENGTH + 1).fill(0);
  for (const l of CODE_LENGTHS) count[l]++;
  const symbols = CODE_LENGTHS.map((l, s) => [l, s])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, s]) => s);
  const firstCode = new Array<number>(MAX_CODE_LENGTH + 1).fill(0);
  const firstIndex = new Array<number>(MAX_CODE_LENGTH + 1).fill(0);
  let code = 0;
  let index = 0;
  for (let l = 1; l <= MAX_CODE_LENGTH; l++) {
    firstCode[l] = code;
    firstIndex[l] = index;
    code = (code + count[l]) * 2;
    index += count[l];
  }
  return { count, symbols, firstCode, firstIndex };
})();

/** The code of one symbol, as Appendix B lists it (for tests). */
export function huffmanCode(symbol: number): { code: number; length: number } {
  const length = CODE_LENGTHS[symbol];
  const { symbols, firstCode, firstIndex } = CANONICAL;
  return { code: firstCode[length] + symbols.indexOf(symbol, firstIndex[length]) - firstIndex[length], length };
}

/** Huffman-decoded octets (§5.2): padding must be under 8 bits of the EOS code's leading ones; EOS itself is an error. */
export function huffmanDecode(input: Uint8Array): Uint8Array {
  const { count, symbols, firstCode, firstIndex } = CANONICAL;
  const out: number[] = [];
  let code = 0;
  let length = 0;
  for (const byte of input) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1);
      length++;
      const offset = code - firstCode[length];
      if (offset >= 0 && offset < count[length]) {
        const symbol = symbols[firstIndex[length] + offset];
        if (symbol === EOS) throw new HpackError('EOS inside a Huffman-coded string');
        out.push(symbol);
        code = 0;
        length = 0;
      } else if (length >= MAX_CODE_LENGTH) {
        throw new HpackError('invalid Huffman code');
      }
    }
  }
  if (length > 7 || code !== 2 ** length - 1) throw new HpackError('invalid Huffman padding');
  return Uint8Array.from(out);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
