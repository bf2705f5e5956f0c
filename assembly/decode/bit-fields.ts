// A flags word shown as Wireshark shows a bitmask's flags: one field per bit, each over the whole word.
import * as emit from '../emit';

/** Emits `ids[i]` with bit `bits[i]` of `value` (0 or 1), each over the `size` bytes of the word at `o`. */
export function bitFields(ids: StaticArray<u16>, bits: StaticArray<u8>, o: i32, size: i32, value: u32): void {
  if (!emit.enabled) return;
  for (let i = 0; i < ids.length; i++) emit.field(unchecked(ids[i]), o, size, (value >> unchecked(bits[i])) & 1);
}
