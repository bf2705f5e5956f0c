// OSPF (IP protocol 89): OSPFv2 (RFC 2328 §A.3) and OSPFv3 (RFC 5340 §A.3). A common header (v2: version(1)
// type(1) length(2) router ID(4) area ID(4) checksum(2) auth type(2) auth data(8); v3: the same up to the
// checksum, then instance ID(1) reserved(1)), then the message: hello, database description, LS request, LS
// update or LS acknowledgement, carrying LSA headers and LSAs (ospf-lsa.ts). The message is read up to the
// header's length; a field is shown only when all of it is there, and one cut short marks the packet malformed.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as malformed from './malformed';
import { Cursor } from './ospf-cursor';
import { lsaHeader, lsa, lsRequest } from './ospf-lsa';
import { v2Options, v3Options } from './ospf-options';

const HELLO: u32 = 1;
const DB_DESCRIPTION: u32 = 2;
const LS_REQUEST: u32 = 3;
const LS_UPDATE: u32 = 4;
const LS_ACK: u32 = 5;
const AUTH_SIMPLE: u32 = 1;
const AUTH_CRYPTOGRAPHIC: u32 = 2;
const whole = new Cursor();
const message = new Cursor();

export function decodeOspf(base: usize, off: i32, end: i32, reported: i32): void {
  const available = off + min(end - off, reported);
  const c = whole.set(base, off, available);
  emit.open(F.OSPF, off, available - off);
  const ok = packet(c, base, off);
  emit.close();
  if (!ok) malformed.exception();
}

function packet(c: Cursor, base: usize, off: i32): bool {
  if (!c.has(4)) return false;
  const p = base + <usize>off;
  const version = u8at(p);
  const type = u8at(p + 1);
  const length = <i32>be16(p + 2);
  emit.open(F.OSPF_HEADER, off, min(version == 3 ? 16 : 24, c.end - off));
  emit.field(F.OSPF_VERSION, off, 1, version);
  emit.field(F.OSPF_MSG, off + 1, 1, type);
  if (type >= HELLO && type <= LS_ACK) emit.field(<u16>(F.OSPF_MSG_HELLO + type - 1), off + 1, 1, 1);
  emit.field(F.OSPF_PACKET_LENGTH, off + 2, 2, <u32>length);
  let ok = c.skip(4) && c.ipv4(F.OSPF_SRCROUTER) && c.ipv4(F.OSPF_AREA_ID) && c.u16(F.OSPF_CHECKSUM);
  let crypt = false;
  if (ok && version == 3) ok = c.u8(F.OSPF_INSTANCE_ID) && c.bytes(F.OSPF_RESERVED, 1);
  else if (ok) {
    const auth = c.has(2) ? be16(c.ptr()) : 0;
    ok = c.u16(F.OSPF_AUTH_TYPE);
    if (ok && auth == AUTH_SIMPLE) ok = c.bytes(F.OSPF_AUTH_SIMPLE, 8);
    else if (ok && auth == AUTH_CRYPTOGRAPHIC) {
      crypt = true;
      ok = c.skip(2) && c.u8(F.OSPF_AUTH_CRYPT_KEY_ID) && c.u8(F.OSPF_AUTH_CRYPT_DATA_LENGTH);
      ok = ok && c.u32(F.OSPF_AUTH_CRYPT_SEQ_NBR);
    } else if (ok) ok = c.bytes(F.OSPF_AUTH_NONE, 8);
  }
  emit.close();
  if (!ok) return false;
  // The message ends where the header's length says (the cryptographic digest follows it).
  const messageEnd = off + length;
  if (messageEnd < c.at) return false;
  const body = message.set(base, c.at, min(c.end, messageEnd));
  const cutShort = messageEnd > c.end;
  let done = false;
  if (type == HELLO) done = hello(body, version);
  else if (type == DB_DESCRIPTION) done = dbDescription(body, version);
  else if (type == LS_REQUEST) done = lsRequests(body, version);
  else if (type == LS_UPDATE) done = lsUpdate(body, version);
  else if (type == LS_ACK) done = lsAck(body, version);
  else done = true;
  if (!done || cutShort) return false;
  if (crypt) {
    const dataLength = <i32>u8at(p + 19);
    if (c.end - messageEnd < dataLength) return false;
    if (dataLength > 0) emit.field(F.OSPF_AUTH_CRYPT_DATA, messageEnd, dataLength);
  }
  return true;
}

function hello(c: Cursor, version: u32): bool {
  emit.open(F.OSPF_HELLO, c.at, c.end - c.at);
  let ok: bool;
  if (version == 3) {
    ok = c.u32(F.OSPF_HELLO_INTERFACE_ID) && c.u8(F.OSPF_HELLO_ROUTER_PRIORITY) && v3Options(c);
    ok = ok && c.u16(F.OSPF_HELLO_HELLO_INTERVAL) && c.u16(F.OSPF_HELLO_ROUTER_DEAD_INTERVAL);
  } else {
    ok = c.ipv4(F.OSPF_HELLO_NETWORK_MASK) && c.u16(F.OSPF_HELLO_HELLO_INTERVAL) && v2Options(c);
    ok = ok && c.u8(F.OSPF_HELLO_ROUTER_PRIORITY) && c.u32(F.OSPF_HELLO_ROUTER_DEAD_INTERVAL);
  }
  ok = ok && c.ipv4(F.OSPF_HELLO_DESIGNATED_ROUTER) && c.ipv4(F.OSPF_HELLO_BACKUP_DESIGNATED_ROUTER);
  while (ok && c.at < c.end) ok = c.ipv4(F.OSPF_HELLO_ACTIVE_NEIGHBOR);
  emit.close();
  return ok;
}

function dbDescription(c: Cursor, version: u32): bool {
  let ok: bool;
  if (version == 3) {
    ok = c.bytes(F.OSPF_RESERVED, 1) && v3Options(c) && c.u16(F.OSPF_DB_INTERFACE_MTU);
    ok = ok && c.bytes(F.OSPF_RESERVED, 1) && dbFlags(c);
  } else ok = c.u16(F.OSPF_DB_INTERFACE_MTU) && v2Options(c) && dbFlags(c);
  ok = ok && c.u32(F.OSPF_DB_DD_SEQUENCE);
  while (ok && c.at < c.end) ok = lsaHeader(c, version) >= 0;
  return ok;
}

/** The database description flags: R (OOB resynchronisation), I (init), M (more), MS (master). */
function dbFlags(c: Cursor): bool {
  if (!c.has(1)) return false;
  const v = u8at(c.ptr());
  emit.field(F.OSPF_DBD, c.at, 1, v);
  emit.field(F.OSPF_DBD_R, c.at, 1, (v >> 3) & 1);
  emit.field(F.OSPF_DBD_I, c.at, 1, (v >> 2) & 1);
  emit.field(F.OSPF_DBD_M, c.at, 1, (v >> 1) & 1);
  emit.field(F.OSPF_DBD_MS, c.at, 1, v & 1);
  return c.skip(1);
}

function lsRequests(c: Cursor, version: u32): bool {
  let ok = true;
  while (ok && c.at < c.end) ok = lsRequest(c, version);
  return ok;
}

function lsUpdate(c: Cursor, version: u32): bool {
  if (!c.has(4)) return false;
  const count = be32(c.ptr());
  let ok = c.u32(F.OSPF_LS_NUMBER_OF_LSAS);
  for (let i: u32 = 0; ok && i < count; i++) ok = lsa(c, version);
  return ok;
}

function lsAck(c: Cursor, version: u32): bool {
  let ok = true;
  while (ok && c.at < c.end) ok = lsaHeader(c, version) >= 0;
  return ok;
}
