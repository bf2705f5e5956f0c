// OSPF's options fields with their bits, in the order Wireshark's tree shows them (highest bit first): v2's
// options byte (RFC 2328 §A.2 with RFC 5613's L and RFC 4915's MT bits), v3's 24-bit options (RFC 5340 §A.2).
import { be16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import { Cursor } from './ospf-cursor';

export function v2Options(c: Cursor): bool {
  if (!c.has(1)) return false;
  const v = u8at(c.ptr());
  const at = c.at;
  emit.field(F.OSPF_V2_OPTIONS, at, 1, v);
  emit.field(F.OSPF_V2_OPTIONS_DN, at, 1, (v >> 7) & 1);
  emit.field(F.OSPF_V2_OPTIONS_O, at, 1, (v >> 6) & 1);
  emit.field(F.OSPF_V2_OPTIONS_DC, at, 1, (v >> 5) & 1);
  emit.field(F.OSPF_V2_OPTIONS_L, at, 1, (v >> 4) & 1);
  emit.field(F.OSPF_V2_OPTIONS_N, at, 1, (v >> 3) & 1);
  emit.field(F.OSPF_V2_OPTIONS_MC, at, 1, (v >> 2) & 1);
  emit.field(F.OSPF_V2_OPTIONS_E, at, 1, (v >> 1) & 1);
  emit.field(F.OSPF_V2_OPTIONS_MT, at, 1, v & 1);
  return c.skip(1);
}

export function v3Options(c: Cursor): bool {
  if (!c.has(3)) return false;
  const p = c.ptr();
  const v = (u8at(p) << 16) | be16(p + 1);
  const at = c.at;
  emit.field(F.OSPF_V3_OPTIONS, at, 3, v);
  emit.field(F.OSPF_V3_OPTIONS_AT, at, 3, (v >> 10) & 1);
  emit.field(F.OSPF_V3_OPTIONS_L, at, 3, (v >> 9) & 1);
  emit.field(F.OSPF_V3_OPTIONS_AF, at, 3, (v >> 8) & 1);
  emit.field(F.OSPF_V3_OPTIONS_DC, at, 3, (v >> 5) & 1);
  emit.field(F.OSPF_V3_OPTIONS_R, at, 3, (v >> 4) & 1);
  emit.field(F.OSPF_V3_OPTIONS_N, at, 3, (v >> 3) & 1);
  emit.field(F.OSPF_V3_OPTIONS_MC, at, 3, (v >> 2) & 1);
  emit.field(F.OSPF_V3_OPTIONS_E, at, 3, (v >> 1) & 1);
  emit.field(F.OSPF_V3_OPTIONS_V6, at, 3, v & 1);
  return c.skip(3);
}
