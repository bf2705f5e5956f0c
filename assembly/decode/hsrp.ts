// HSRP (UDP port 1985; 2029 over IPv6). Version 1 (RFC 2281, to 224.0.0.2): version(1) opcode(1) state(1)
// hellotime(1) holdtime(1) priority(1) group(1) reserved(1) authentication data(8) virtual IP address(4).
// Version 2 (Cisco, to 224.0.0.102 or ff02::66): TLVs of type(1) length(1): group state (1: version, opcode,
// state, IP version, group(2), identifier(6), priority(4), hellotime(4), holdtime(4), virtual address(16)),
// interface state (2: active and passive group counts), text authentication (3) and MD5 authentication (4).
// Wireshark tells the versions apart by the destination address; a field is shown only when all of it is there.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as malformed from './malformed';
import { macField } from './mac';
import * as endpoints from '../tcp/endpoints';

const V1_GROUP: u32 = 0xe0000002;
const V2_GROUP: u32 = 0xe0000066;
const V1_LENGTH = 20;
const GROUP_STATE: u32 = 1;
const INTERFACE_STATE: u32 = 2;
const TEXT_AUTH: u32 = 3;
const MD5_AUTH: u32 = 4;
// The one-byte fields of version 1 and of the group state TLV, and the latter's 32-bit ones, in order (made once:
// the core's runtime frees nothing).
const V1_BYTES: StaticArray<u16> = [
  F.HSRP_VERSION,
  F.HSRP_OPCODE,
  F.HSRP_STATE,
  F.HSRP_HELLOTIME,
  F.HSRP_HOLDTIME,
  F.HSRP_PRIORITY,
  F.HSRP_GROUP,
  F.HSRP_RESERVED,
];
const GROUP_STATE_BYTES: StaticArray<u16> = [F.HSRP2_VERSION, F.HSRP2_OPCODE, F.HSRP2_STATE, F.HSRP2_IPVERSION];
const GROUP_STATE_WORDS: StaticArray<u16> = [F.HSRP2_PRIORITY, F.HSRP2_HELLOTIME, F.HSRP2_HOLDTIME];

export function decodeHsrp(base: usize, off: i32, end: i32, reported: i32): void {
  const last = off + min(end - off, reported);
  const dst = unchecked(endpoints.dst[0]);
  const v2 = endpoints.v6 ? dst == 0xff020000 && unchecked(endpoints.dst[3]) == 0x66 : dst == V2_GROUP;
  if (!v2 && (endpoints.v6 || dst != V1_GROUP)) return;
  emit.open(F.HSRP, off, last - off);
  const ok = v2 ? version2(base, off, last) : version1(base, off, last);
  emit.close();
  if (!ok) malformed.exception();
}

function version1(base: usize, off: i32, last: i32): bool {
  const p = base + <usize>off;
  const ids = V1_BYTES;
  for (let i = 0; i < ids.length; i++) {
    if (off + i >= last) return false;
    emit.field(unchecked(ids[i]), off + i, 1, u8at(p + <usize>i));
  }
  if (last - off < 16) return false;
  emit.field(F.HSRP_AUTH_DATA, off + 8, 8);
  if (last - off < V1_LENGTH) return false;
  emit.field(F.HSRP_VIRT_IP, off + 16, 4, be32(p + 16));
  return true;
}

function version2(base: usize, off: i32, last: i32): bool {
  let at = off;
  while (at < last) {
    if (last - at < 2) return false;
    const q = base + <usize>at;
    const type = u8at(q);
    const length = <i32>u8at(q + 1);
    const value = at + 2;
    const stop = min(last, value + length);
    if (type == GROUP_STATE) {
      emit.open(F.HSRP2_GROUP_STATE_TLV, at, 2 + length, type);
      const ok = groupState(base, value, stop);
      emit.close();
      if (!ok) return false;
    } else if (type == INTERFACE_STATE) {
      emit.open(F.HSRP2_INTERFACE_STATE_TLV, at, 2 + length, type);
      const ok = stop - value >= 4;
      if (ok) {
        emit.field(F.HSRP2_ACTIVE_GROUPS, value, 2, be16(q + 2));
        emit.field(F.HSRP2_PASSIVE_GROUPS, value + 2, 2, be16(q + 4));
      }
      emit.close();
      if (!ok) return false;
    } else if (type == TEXT_AUTH) {
      emit.open(F.HSRP2_TEXT_AUTH_TLV, at, 2 + length, type);
      const ok = stop - value >= 8;
      if (ok) emit.field(F.HSRP2_AUTH_DATA, value, 8);
      emit.close();
      if (!ok) return false;
    } else if (type == MD5_AUTH) {
      emit.open(F.HSRP2_MD5_AUTH_TLV, at, 2 + length, type);
      const ok = md5Auth(base, value, stop);
      emit.close();
      if (!ok) return false;
    }
    if (last - value < length) return false;
    at = value + length;
  }
  return true;
}

function groupState(base: usize, at: i32, stop: i32): bool {
  const p = base + <usize>at;
  const bytes = GROUP_STATE_BYTES;
  for (let i = 0; i < bytes.length; i++) {
    if (at + i >= stop) return false;
    emit.field(unchecked(bytes[i]), at + i, 1, u8at(p + <usize>i));
  }
  if (stop - at < 6) return false;
  emit.field(F.HSRP2_GROUP, at + 4, 2, be16(p + 4));
  if (stop - at < 12) return false;
  macField(F.HSRP2_IDENTIFIER, p + 6, at + 6);
  const words = GROUP_STATE_WORDS;
  for (let i = 0; i < words.length; i++) {
    const o = 12 + i * 4;
    if (stop - at < o + 4) return false;
    emit.field(unchecked(words[i]), at + o, 4, be32(p + <usize>o));
  }
  if (u8at(p + 3) == 6) {
    if (stop - at < 40) return false;
    const q = p + 24;
    emit.field(F.HSRP2_VIRT_IP_V6, at + 24, 16, be32(q), be32(q + 4), be32(q + 8), be32(q + 12));
  } else {
    if (stop - at < 28) return false;
    emit.field(F.HSRP2_VIRT_IP, at + 24, 4, be32(p + 24));
  }
  return true;
}

/** Algorithm(1) padding(1) flags(2) sender's IP address(4) key id(4) digest(16). */
function md5Auth(base: usize, at: i32, stop: i32): bool {
  if (stop - at < 28) return false;
  const p = base + <usize>at;
  emit.field(F.HSRP2_MD5_ALGORITHM, at, 1, u8at(p));
  emit.field(F.HSRP2_MD5_PADDING, at + 1, 1, u8at(p + 1));
  emit.field(F.HSRP2_MD5_FLAGS, at + 2, 2, be16(p + 2));
  emit.field(F.HSRP_MD5_IP_ADDRESS, at + 4, 4, be32(p + 4));
  emit.field(F.HSRP2_MD5_KEY_ID, at + 8, 4, be32(p + 8));
  emit.field(F.HSRP2_MD5_AUTH_DATA, at + 12, 16);
  return true;
}
