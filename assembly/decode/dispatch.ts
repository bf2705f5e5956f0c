// A layer's table of next-protocol decoders, keyed by what the layer below names its payload (link type,
// ethertype, IP protocol). Decoders look the next one up here instead of importing each other, so no decoder
// module depends on another; decode/protocols.ts fills the tables once at start. Lookups allocate nothing.

/**
 * Decodes one protocol's header at off. off..end: the captured bytes from its header on; reported: their
 * length on the wire (or as the layer below announced it), which truncated captures leave above end - off.
 */
export type Decoder = (base: usize, off: i32, end: i32, reported: i32) => void;

@final
export class DispatchTable {
  private keys: u32[] = [];
  private decoders: Decoder[] = [];

  /** Registers (or replaces) the decoder of `key`. */
  register(key: u32, decoder: Decoder): void {
    const i = this.keys.indexOf(key);
    if (i >= 0) {
      this.decoders[i] = decoder;
      return;
    }
    this.keys.push(key);
    this.decoders.push(decoder);
  }

  /** Hands the bytes to `key`'s decoder; false when no decoder is registered for it. */
  decode(key: u32, base: usize, off: i32, end: i32, reported: i32): bool {
    // Tables hold a handful of entries: a scan beats hashing.
    const keys = this.keys;
    for (let i = 0, n = keys.length; i < n; i++) {
      if (unchecked(keys[i]) == key) {
        unchecked(this.decoders[i])(base, off, end, reported);
        return true;
      }
    }
    return false;
  }
}
