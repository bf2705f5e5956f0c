// The options of IPv6 hop-by-hop and destination options headers (RFC 8200 §4.2) in field mode: each option's
// type with its action and may-change bits, its length, then Pad1, PadN, router alert (RFC 2711) or the data
// of an experimental option (RFC 4727).
import { be16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';

const PAD1: u32 = 0;
const PADN: u32 = 1;
const ROUTER_ALERT: u32 = 5;

/** Experimental option types (RFC 4727 §5.1.2): 0x1e with every action and may-change combination. */
function isExperimental(type: u32): bool {
  return (type & 0x1f) == 0x1e;
}

/** off..end: the options of one header (after its next-header and length bytes). */
export function decodeIpv6Options(base: usize, off: i32, end: i32): void {
  while (off < end) {
    const p = base + <usize>off;
    const type = u8at(p);
    const len = type == PAD1 ? 1 : end - off >= 2 ? <i32>u8at(p + 1) + 2 : 0;
    if (len == 0 || off + len > end) return;
    emit.open(F.IPV6_OPT, off, len);
    emit.field(F.IPV6_OPT_TYPE, off, 1, type);
    emit.field(F.IPV6_OPT_TYPE_ACTION, off, 1, type >> 6);
    emit.field(F.IPV6_OPT_TYPE_CHANGE, off, 1, (type >> 5) & 1);
    emit.field(F.IPV6_OPT_TYPE_REST, off, 1, type & 0x1f);
    if (type == PAD1) {
      emit.field(F.IPV6_OPT_PAD1, off, 1, 1);
    } else {
      emit.field(F.IPV6_OPT_LENGTH, off + 1, 1, <u32>(len - 2));
      if (type == PADN) emit.field(F.IPV6_OPT_PADN, off + 2, len - 2);
      else if (type == ROUTER_ALERT && len == 4) emit.field(F.IPV6_OPT_ROUTER_ALERT, off + 2, 2, be16(p + 2));
      else if (isExperimental(type)) emit.field(F.IPV6_OPT_EXPERIMENTAL, off + 2, len - 2);
    }
    emit.close();
    off += len;
  }
}
