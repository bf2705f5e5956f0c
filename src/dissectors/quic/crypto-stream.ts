/**
 * One direction's CRYPTO stream at one encryption level (RFC 9000 §19.6): frames carry pieces at offsets, possibly
 * out of order or repeated; the handshake messages (4-byte header, RFC 8446 §4) are read from the bytes that have
 * arrived contiguously from offset 0, each once, with the frames that carried it.
 */
export interface HandshakePiece {
  bytes: Uint8Array;
  /** Stream offset of its first byte. */
  offset: number;
  frames: number[];
  /** The stretches it was gathered from, in stream order: the frame and how many bytes of the message it carried. */
  pieces: { frame: number; length: number }[];
}

export class CryptoStream {
  private contiguous = new Uint8Array(0);
  /** Which frame carried each stretch of `contiguous` (start offsets, ascending). */
  private carriers: { offset: number; frame: number }[] = [];
  private pending = new Map<number, { bytes: Uint8Array; frame: number }>();
  /** Where the next message starts. */
  private consumed = 0;

  add(offset: number, bytes: Uint8Array, frame: number): void {
    if (offset + bytes.length <= this.contiguous.length) return;
    this.pending.set(offset, { bytes: bytes.slice(), frame });
    for (let progressed = true; progressed;) {
      progressed = false;
      for (const [at, piece] of this.pending) {
        if (at > this.contiguous.length) continue;
        this.pending.delete(at);
        const fresh = piece.bytes.subarray(this.contiguous.length - at);
        if (fresh.length === 0) continue;
        this.carriers.push({ offset: this.contiguous.length, frame: piece.frame });
        const joined = new Uint8Array(this.contiguous.length + fresh.length);
        joined.set(this.contiguous);
        joined.set(fresh, this.contiguous.length);
        this.contiguous = joined;
        progressed = true;
      }
    }
  }

  /** The complete messages not taken before. */
  take(): HandshakePiece[] {
    const out: HandshakePiece[] = [];
    const c = this.contiguous;
    while (this.consumed + 4 <= c.length) {
      const length = (c[this.consumed + 1] << 16) | (c[this.consumed + 2] << 8) | c[this.consumed + 3];
      const end = this.consumed + 4 + length;
      if (end > c.length) break;
      const start = this.consumed;
      const frames = [
        ...new Set(
          this.carriers
            .filter((s, i) => s.offset < end && (this.carriers[i + 1]?.offset ?? Infinity) > start)
            .map((s) => s.frame),
        ),
      ];
      const pieces = this.carriers
        .map((s, i) => ({ s, next: this.carriers[i + 1]?.offset ?? c.length }))
        .filter(({ s, next }) => s.offset < end && next > start)
        .map(({ s, next }) => ({ frame: s.frame, length: Math.min(next, end) - Math.max(s.offset, start) }));
      out.push({ bytes: c.subarray(start, end), offset: start, frames, pieces });
      this.consumed = end;
    }
    return out;
  }
}
