/**
 * Thrown when a dissector reads past its data: the framework turns it into a "[Malformed Packet]" item. Thrown for
 * every short or garbled payload, it carries no stack trace: capturing one costs more than dissecting the frame.
 */
export class Malformed extends Error {
  constructor(message?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** A read past the bytes captured but within what the packet said it held (a snapshot length cut it). */
export class Truncated extends Malformed {}

/**
 * Bounds-checked big-endian reads over a PDU; every out-of-range read throws Malformed, or Truncated when the
 * capture kept fewer bytes (`end`) than the packet had (`reportedEnd`).
 */
export class Bytes {
  constructor(
    readonly data: Uint8Array,
    readonly start = 0,
    readonly end = data.length,
    readonly reportedEnd = end,
  ) {}

  get length(): number {
    return this.end - this.start;
  }

  private check(at: number, n: number): number {
    if (at < 0 || n < 0 || this.start + at + n > this.end) {
      const message = `read of ${n} at ${at} past ${this.length}`;
      throw at >= 0 && n >= 0 && this.start + at + n <= this.reportedEnd
        ? new Truncated(message)
        : new Malformed(message);
    }
    return this.start + at;
  }

  u8(at: number): number {
    return this.data[this.check(at, 1)];
  }

  u16(at: number): number {
    const p = this.check(at, 2);
    return (this.data[p] << 8) | this.data[p + 1];
  }

  u24(at: number): number {
    const p = this.check(at, 3);
    return (this.data[p] << 16) | (this.data[p + 1] << 8) | this.data[p + 2];
  }

  u32(at: number): number {
    const p = this.check(at, 4);
    return ((this.data[p] << 24) | (this.data[p + 1] << 16) | (this.data[p + 2] << 8) | this.data[p + 3]) >>> 0;
  }

  u16le(at: number): number {
    const p = this.check(at, 2);
    return this.data[p] | (this.data[p + 1] << 8);
  }

  u32le(at: number): number {
    const p = this.check(at, 4);
    return (this.data[p] | (this.data[p + 1] << 8) | (this.data[p + 2] << 16) | (this.data[p + 3] << 24)) >>> 0;
  }

  /** A little-endian 64-bit count as a number (exact below 2^53, which sizes, offsets and ids stay under). */
  u64le(at: number): number {
    return this.u32le(at + 4) * 2 ** 32 + this.u32le(at);
  }

  /** UTF-16LE text (Windows names), as tshark prints it. */
  utf16le(at: number, n: number): string {
    return utf16.decode(this.bytes(at, n & ~1));
  }

  bytes(at: number, n: number): Uint8Array {
    const p = this.check(at, n);
    return this.data.subarray(p, p + n);
  }

  /** A view of [at, at + n) with its own offsets starting at 0 (the frame offsets stay in `start`). */
  sub(at: number, n = this.length - at): Bytes {
    const p = this.check(at, n);
    return new Bytes(this.data, p, p + n, p + n === this.end ? this.reportedEnd : p + n);
  }

  /** Bytes as Latin-1 text (one char per byte), as protocol keywords are compared. */
  latin1(at: number, n: number): string {
    return String.fromCharCode(...this.bytes(at, n));
  }

  /** Bytes as UTF-8 text (invalid sequences become U+FFFD), as tshark prints string fields. */
  text(at: number, n: number): string {
    return utf8(this.bytes(at, n));
  }

  /** Offset (relative) where `data` holds [at, ...): for TreeBuilder ranges, which are absolute in `data`. */
  abs(at: number): number {
    return this.start + at;
  }

  indexOf(byte: number, from = 0): number {
    const i = this.data.subarray(this.start, this.end).indexOf(byte, from);
    return i;
  }
}

const decoder = new TextDecoder();
const utf16 = new TextDecoder('utf-16le');
export function utf8(b: Uint8Array): string {
  return decoder.decode(b);
}
