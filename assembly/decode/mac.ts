// MAC addresses as field records, for every layer that carries one (Ethernet, ARP, Linux cooked captures).
import { be16, be32 } from '../bytes';
import * as emit from '../emit';

/** A MAC address field: v0 = first four bytes, v1 = last two, both big-endian. */
// @ts-ignore: decorator
@inline export function macField(id: u16, p: usize, start: i32): void {
  emit.field(id, start, 6, be32(p), be16(p + 4));
}
