// CDP (Cisco Discovery Protocol, over SNAP with OUI 00-00-0c and PID 0x2000): version(1) TTL(1) checksum(2), then
// TLVs of type(2) length(2, counting the TLV's own four bytes) value. The checksum is the Internet checksum of the
// whole PDU. Addresses TLVs hold a count(4) and records of protocol type(1) protocol length(1) protocol address
// length(2) address (NLPID 0xcc: IPv4). A TLV is shown only when all of it is there; one cut short or shorter
// than its header ends the PDU malformed.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as malformed from './malformed';
import { combine, sum16, UNVERIFIED } from './checksum';
import { checksumVerdict } from './checksum-verdict';

const HEADER = 4;
const DEVICE_ID: u32 = 0x0001;
const ADDRESSES: u32 = 0x0002;
const PORT_ID: u32 = 0x0003;
const CAPABILITIES: u32 = 0x0004;
const SOFTWARE_VERSION: u32 = 0x0005;
const PLATFORM: u32 = 0x0006;
const VTP_DOMAIN: u32 = 0x0009;
const NATIVE_VLAN: u32 = 0x000a;
const DUPLEX: u32 = 0x000b;
const MTU: u32 = 0x0011;
const SYSTEM_NAME: u32 = 0x0014;
const MANAGEMENT_ADDRESSES: u32 = 0x0016;
const NLPID_IP: u32 = 0xcc;

export function decodeCdp(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = end - off;
  const last = off + min(captured, reported);
  emit.open(F.CDP, off, last - off);
  if (last - off < HEADER) return fail();
  const p = base + <usize>off;
  emit.field(F.CDP_VERSION, off, 1, u8at(p));
  emit.field(F.CDP_TTL, off + 1, 1, u8at(p + 1));
  const checksum = be16(p + 2);
  emit.field(F.CDP_CHECKSUM, off + 2, 2, checksum);
  let status = UNVERIFIED;
  if (captured >= reported) status = checksumVerdict(checksum, cdpSum(p, reported));
  if (status == 0) emit.field(F.CDP_BAD_CHECKSUM, off + 2, 2);
  emit.field(F.CDP_CHECKSUM_STATUS, off + 2, 2, status);
  let at = off + HEADER;
  while (at < last) {
    if (last - at < 4) return fail();
    const q = base + <usize>at;
    const type = be16(q);
    const length = <i32>be16(q + 2);
    if (length < 4) return fail();
    if (last - at < length) return fail();
    emit.field(F.CDP_TLV_TYPE, at, 2, type);
    emit.field(F.CDP_TLV_LEN, at + 2, 2, <u32>length);
    if (!tlv(base, type, at + 4, length - 4)) return fail();
    at += length;
  }
  emit.close();
}

function fail(): void {
  emit.close();
  malformed.exception();
}

/** A TLV's value; false when it is too short for what its type holds. */
function tlv(base: usize, type: u32, at: i32, size: i32): bool {
  const p = base + <usize>at;
  if (type == DEVICE_ID) emit.field(F.CDP_DEVICEID, at, size);
  else if (type == PORT_ID) emit.field(F.CDP_PORTID, at, size);
  else if (type == SOFTWARE_VERSION) emit.field(F.CDP_SOFTWARE_VERSION, at, size);
  else if (type == PLATFORM) emit.field(F.CDP_PLATFORM, at, size);
  else if (type == VTP_DOMAIN) emit.field(F.CDP_VTP_MANAGEMENT_DOMAIN, at, size);
  else if (type == SYSTEM_NAME) emit.field(F.CDP_SYSTEM_NAME, at, size);
  else if (type == ADDRESSES || type == MANAGEMENT_ADDRESSES) return addresses(base, at, size);
  else if (type == CAPABILITIES) {
    if (size < 4) return false;
    const v = be32(p);
    emit.field(F.CDP_CAPABILITIES, at, 4, v);
    // The eleven capability bits' fields follow the word's in fields/control.ts, bit 0 first.
    for (let bit: u16 = 0; bit < 11; bit++) emit.field(<u16>(F.CDP_CAPABILITIES + 1 + bit), at, 4, (v >> bit) & 1);
  } else if (type == NATIVE_VLAN) {
    if (size < 2) return false;
    emit.field(F.CDP_NATIVE_VLAN, at, 2, be16(p));
  } else if (type == DUPLEX) {
    if (size < 1) return false;
    emit.field(F.CDP_DUPLEX, at, 1, u8at(p) != 0 ? 1 : 0);
  } else if (type == MTU) {
    if (size < 4) return false;
    emit.field(F.CDP_MTU, at, 4, be32(p));
  }
  return true;
}

function addresses(base: usize, at: i32, size: i32): bool {
  const end = at + size;
  if (size < 4) return false;
  const count = be32(base + <usize>at);
  emit.field(F.CDP_NUMBER_OF_ADDRESSES, at, 4, count);
  let i = at + 4;
  for (let n: u32 = 0; n < count; n++) {
    if (end - i < 2) return false;
    const q = base + <usize>i;
    const protocolLength = <i32>u8at(q + 1);
    if (end - i < 4 + protocolLength) return false;
    const protocolType = u8at(q);
    emit.field(F.CDP_PROTOCOL_TYPE, i, 1, protocolType);
    emit.field(F.CDP_PROTOCOL_LENGTH, i + 1, 1, <u32>protocolLength);
    emit.field(F.CDP_PROTOCOL, i + 2, protocolLength);
    const addressAt = i + 2 + protocolLength;
    const addressLength = <i32>be16(base + <usize>addressAt);
    emit.field(F.CDP_ADDRESS_LENGTH, addressAt, 2, <u32>addressLength);
    if (end - addressAt - 2 < addressLength) return false;
    const ip = protocolType == 1 && protocolLength == 1 && u8at(q + 2) == NLPID_IP && addressLength == 4;
    if (ip) emit.field(F.CDP_NRGYZ_IP_ADDRESS, addressAt + 2, 4, be32(base + <usize>(addressAt + 2)));
    else emit.field(F.CDP_ADDRESS, addressAt + 2, addressLength);
    i = addressAt + 2 + addressLength;
  }
  return true;
}

/**
 * Cisco's sum of an odd-length PDU: the last byte is added as the low byte of a word, sign-extended when its top
 * bit is set, and such a word one less (the off-by-one of Cisco's signed addition, which its checksums carry).
 */
function cdpSum(p: usize, length: i32): u32 {
  if ((length & 1) == 0) return sum16(p, length);
  const last = u8at(p + <usize>(length - 1));
  const word = last & 0x80 ? (0xff00 | last) - 1 : last;
  return combine(sum16(p, length - 1), word);
}
