// Geneve (RFC 8926), on UDP 6081. View: ver(2) optlen(6, in 4-byte words) O(1) C(1) reserved(6) protocol(2)
// vni(3) reserved(1), then options of class(2) type(1) reserved(3 bits) length(5 bits, words) data, then the
// payload named by an EtherType (0x6558: Ethernet).
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype } from './by-ethertype';

const HEADER = 8;
const OPTION_HEADER = 4;

export function decodeGeneve(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const first = u8at(p);
  const optionsLen = <i32>(first & 0x3f) * 4;
  const flags = u8at(p + 1);
  const proto = be16(p + 2);
  const vniWord = be32(p + 4);
  const len = HEADER + optionsLen;
  emit.open(F.GENEVE, off, min(len, end - off));
  emit.field(F.GENEVE_VERSION, off, 1, first >> 6);
  emit.field(F.GENEVE_OPTION_LENGTH, off, 1, <u32>optionsLen);
  emit.field(F.GENEVE_FLAGS, off + 1, 1, flags);
  emit.field(F.GENEVE_FLAGS_OAM, off + 1, 1, flags >> 7);
  emit.field(F.GENEVE_FLAGS_CRITICAL, off + 1, 1, (flags >> 6) & 1);
  emit.field(F.GENEVE_FLAGS_RESERVED, off + 1, 1, (flags & 0x3f) != 0 ? 1 : 0);
  emit.field(F.GENEVE_PROTO_TYPE, off + 2, 2, proto);
  emit.field(F.GENEVE_VNI, off + 4, 3, vniWord >> 8);
  emit.field(F.GENEVE_RESERVED, off + 7, 1, vniWord & 0xff);
  if (end - off < len) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  if (optionsLen > 0) {
    emit.open(F.GENEVE_OPTIONS, off + HEADER, optionsLen);
    decodeOptions(base, off + HEADER, off + len);
    emit.close();
  }
  emit.close();
  decodeEthertype(base, off + len, end, reported - len, proto);
}

function decodeOptions(base: usize, at: i32, end: i32): void {
  while (end - at >= OPTION_HEADER) {
    const p = base + <usize>at;
    const type = u8at(p + 2);
    const flagsLen = u8at(p + 3);
    const len = OPTION_HEADER + <i32>(flagsLen & 0x1f) * 4;
    if (at + len > end) {
      frame.flag(FLAG_MALFORMED);
      return;
    }
    emit.open(F.GENEVE_OPTION, at, len);
    emit.field(F.GENEVE_OPTION_CLASS, at, 2, be16(p));
    emit.field(F.GENEVE_OPTION_TYPE, at + 2, 1, type);
    emit.field(F.GENEVE_OPTION_TYPE_CRITICAL, at + 2, 1, type >> 7);
    emit.field(F.GENEVE_OPTION_FLAGS, at + 3, 1, flagsLen & 0xe0);
    emit.field(F.GENEVE_OPTION_FLAGS_RESERVED, at + 3, 1, flagsLen >> 5 != 0 ? 1 : 0);
    emit.field(F.GENEVE_OPTION_LENGTH, at + 3, 1, <u32>len);
    if (len > OPTION_HEADER) emit.field(F.GENEVE_OPTION_UNKNOWN_DATA, at + OPTION_HEADER, len - OPTION_HEADER);
    emit.close();
    at += len;
  }
}
