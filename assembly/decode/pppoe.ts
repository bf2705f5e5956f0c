// PPPoE (RFC 2516): ver(4) type(4) code(1) session id(2) length(2). Discovery (EtherType 0x8863) carries tags
// type(2) length(2) value; a session (0x8864) carries PPP without address and control.
import { be16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_PPP } from './by-ethertype';

const HEADER = 6;
const TAG_HEADER = 4;
const TAG_SERVICE_NAME: u32 = 0x0101;
const TAG_AC_NAME: u32 = 0x0102;
const TAG_HOST_UNIQ: u32 = 0x0103;
const TAG_AC_COOKIE: u32 = 0x0104;
const TAG_RELAY_SESSION_ID: u32 = 0x0110;
const TAG_SERVICE_NAME_ERROR: u32 = 0x0201;
const TAG_AC_SYSTEM_ERROR: u32 = 0x0202;
const TAG_GENERIC_ERROR: u32 = 0x0203;

/** The common header; the payload length, or -1 when the header is cut short. */
function header(base: usize, off: i32, end: i32, protocol: u16): i32 {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return -1;
  }
  const p = base + <usize>off;
  const vt = u8at(p);
  const length = be16(p + 4);
  emit.open(protocol, off, HEADER);
  emit.field(F.PPPOE_VERSION, off, 1, vt >> 4);
  emit.field(F.PPPOE_TYPE, off, 1, vt & 0xf);
  emit.field(F.PPPOE_CODE, off + 1, 1, u8at(p + 1));
  emit.field(F.PPPOE_SESSION_ID, off + 2, 2, be16(p + 2));
  emit.field(F.PPPOE_PAYLOAD_LENGTH, off + 4, 2, length);
  return <i32>length;
}

export function decodePppoeDiscovery(base: usize, off: i32, end: i32, reported: i32): void {
  const length = header(base, off, end, F.PPPOED);
  if (length < 0) return;
  const tagsEnd = min(end, off + HEADER + length);
  if (length > 0) {
    emit.open(F.PPPOED_TAGS, off + HEADER, tagsEnd - off - HEADER);
    let at = off + HEADER;
    while (tagsEnd - at >= TAG_HEADER) {
      const type = be16(base + <usize>at);
      const len = <i32>be16(base + <usize>at + 2);
      if (at + TAG_HEADER + len > tagsEnd) {
        frame.flag(FLAG_MALFORMED);
        break;
      }
      const id = tagField(type);
      if (id != 0 && len > 0) emit.field(id, at + TAG_HEADER, len);
      at += TAG_HEADER + len;
    }
    emit.close();
  }
  emit.close();
}

function tagField(type: u32): u16 {
  if (type == TAG_SERVICE_NAME) return F.PPPOED_TAGS_SERVICE_NAME;
  if (type == TAG_AC_NAME) return F.PPPOED_TAGS_AC_NAME;
  if (type == TAG_HOST_UNIQ) return F.PPPOED_TAGS_HOST_UNIQ;
  if (type == TAG_AC_COOKIE) return F.PPPOED_TAGS_AC_COOKIE;
  if (type == TAG_RELAY_SESSION_ID) return F.PPPOED_TAGS_RELAY_SESSION_ID;
  if (type == TAG_SERVICE_NAME_ERROR) return F.PPPOED_TAGS_SERVICE_NAME_ERROR;
  if (type == TAG_AC_SYSTEM_ERROR) return F.PPPOED_TAGS_AC_SYSTEM_ERROR;
  if (type == TAG_GENERIC_ERROR) return F.PPPOED_TAGS_GENERIC_ERROR;
  return 0;
}

export function decodePppoeSession(base: usize, off: i32, end: i32, reported: i32): void {
  const length = header(base, off, end, F.PPPOES);
  if (length < 0) return;
  emit.close();
  const payload = off + HEADER;
  decodeEthertype(base, payload, min(end, payload + length), length, ETHERTYPE_PPP);
}
