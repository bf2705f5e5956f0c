// OSPF's link state advertisements: the 20-byte LSA header (v2, RFC 2328 §A.4.1: age(2) options(1) type(1) link
// state ID(4) advertising router(4) sequence(4) checksum(2) length(2); v3, RFC 5340 §A.4.2: age(2) type(2) and
// the same after), LS request entries, and the bodies of the common LSAs: v2's router, network, summary and AS
// external LSAs (§A.4.2-A.4.5), v3's router, network, inter-area prefix, link and intra-area prefix LSAs.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import { Cursor } from './ospf-cursor';
import { v2Options, v3Options } from './ospf-options';

const LSA_HEADER = 20;
/** The length field of the LSA header read last. */
let lastLength: i32 = 0;
const lsaBody = new Cursor();
const prefixWords = new StaticArray<u32>(4);

/** One LSA header; its LS type (v3: function code), or -1 when it is cut short. */
export function lsaHeader(c: Cursor, version: u32): i32 {
  if (!c.has(2)) return -1;
  const age = be16(c.ptr());
  emit.field(F.OSPF_LSA_AGE, c.at, 2, age & 0x7fff);
  emit.field(version == 3 ? F.OSPF_V3_LSA_DO_NOT_AGE : F.OSPF_LSA_DONOTAGE, c.at, 2, age >> 15);
  c.skip(2);
  let type: i32;
  if (version == 3) {
    if (!c.has(2)) return -1;
    type = <i32>(be16(c.ptr()) & 0x1fff);
    v3Type(c, true);
  } else {
    if (!v2Options(c) || !c.has(1)) return -1;
    type = <i32>u8at(c.ptr());
    c.u8(F.OSPF_LSA);
    const kind = v2Kind(<u32>type);
    if (kind != 0) emit.field(kind, c.at - 1, 1, 1);
  }
  const id = version == 3 ? F.OSPF_LINK_STATE_ID : F.OSPF_LSA_ID;
  if (!(c.ipv4(id) && c.ipv4(F.OSPF_ADVROUTER) && c.u32(F.OSPF_LSA_SEQNUM) && c.u16(F.OSPF_LSA_CHKSUM))) return -1;
  if (!c.has(2)) return -1;
  lastLength = <i32>be16(c.ptr());
  c.u16(F.OSPF_LSA_LENGTH);
  return type;
}

/** v3's LS type: U bit, flooding scope, function code, and (in an LSA header) the LSA's kind. */
function v3Type(c: Cursor, header: bool): void {
  const v = be16(c.ptr());
  const at = c.at;
  emit.field(F.OSPF_V3_LSA, at, 2, v);
  emit.field(F.OSPF_V3_LSA_U, at, 2, v >> 15);
  emit.field(F.OSPF_V3_LSA_S12, at, 2, (v >> 13) & 3);
  emit.field(F.OSPF_V3_LSA_FC, at, 2, v & 0x1fff);
  const kind = header ? v3Kind(v & 0x1fff) : 0;
  if (kind != 0) emit.field(kind, at, 2, 1);
  c.skip(2);
}

function v2Kind(type: u32): u16 {
  if (type == 1) return F.OSPF_LSA_ROUTER;
  if (type == 2) return F.OSPF_LSA_NETWORK;
  if (type == 3) return F.OSPF_LSA_SUMMARY;
  if (type == 4) return F.OSPF_LSA_ASBR;
  if (type == 5) return F.OSPF_LSA_ASEXT;
  if (type == 7) return F.OSPF_LSA_NSSA;
  if (type >= 9 && type <= 11) return F.OSPF_LSA_OPAQUE;
  return 0;
}

function v3Kind(code: u32): u16 {
  if (code == 1) return F.OSPF_V3_LSA_ROUTER;
  if (code == 2) return F.OSPF_V3_LSA_NETWORK;
  if (code == 3) return F.OSPF_V3_LSA_INTERPREFIX;
  if (code == 4) return F.OSPF_V3_LSA_INTERROUTER;
  if (code == 8) return F.OSPF_V3_LSA_LINK;
  if (code == 9) return F.OSPF_V3_LSA_INTRAPREFIX;
  return 0;
}

/** An LS request entry: v2 LS type(4), v3 reserved(2) LS type(2); link state ID(4) advertising router(4). */
export function lsRequest(c: Cursor, version: u32): bool {
  if (version == 3) {
    if (!c.bytes(F.OSPF_RESERVED, 2) || !c.has(2)) return false;
    v3Type(c, false);
  } else if (!c.u32(F.OSPF_LSA)) return false;
  return c.ipv4(F.OSPF_LINK_STATE_ID) && c.ipv4(F.OSPF_ADVROUTER);
}

/** A whole LSA, its body read up to the header's length. */
export function lsa(c: Cursor, version: u32): bool {
  const start = c.at;
  const type = lsaHeader(c, version);
  if (type < 0 || lastLength < LSA_HEADER) return false;
  const end = start + lastLength;
  const body = lsaBody.set(c.base, c.at, min(c.end, end));
  const ok = version == 3 ? v3Body(body, <u32>type) : v2Body(body, <u32>type);
  c.at = min(c.end, end);
  return ok && end <= c.end;
}

function v2Body(c: Cursor, type: u32): bool {
  if (type == 1) return v2Router(c);
  if (type == 2) {
    let ok = c.ipv4(F.OSPF_LSA_NETWORK_NETMASK);
    while (ok && c.at < c.end) ok = c.ipv4(F.OSPF_LSA_NETWORK_ATTCHRTR);
    return ok;
  }
  if (type == 3 || type == 4) return c.ipv4(F.OSPF_LSA_ASBR_NETMASK) && c.skip(1) && c.u24(F.OSPF_METRIC);
  if (type == 5 || type == 7) {
    if (!c.ipv4(F.OSPF_LSA_ASEXT_NETMASK) || !c.has(1)) return false;
    emit.field(F.OSPF_LSA_ASEXT_TYPE, c.at, 1, u8at(c.ptr()) >> 7);
    c.skip(1);
    return c.u24(F.OSPF_METRIC) && c.ipv4(F.OSPF_LSA_ASEXT_FWDADDR) && c.u32(F.OSPF_LSA_ASEXT_EXTRTTAG);
  }
  return true;
}

function v2Router(c: Cursor): bool {
  if (!c.has(4)) return false;
  const flags = u8at(c.ptr());
  const at = c.at;
  emit.field(F.OSPF_V2_ROUTER_LSA_FLAGS, at, 1, flags);
  emit.field(F.OSPF_V2_ROUTER_LSA_FLAGS_H, at, 1, (flags >> 7) & 1);
  emit.field(F.OSPF_V2_ROUTER_LSA_FLAGS_N, at, 1, (flags >> 4) & 1);
  emit.field(F.OSPF_V2_ROUTER_LSA_FLAGS_W, at, 1, (flags >> 3) & 1);
  emit.field(F.OSPF_V2_ROUTER_LSA_FLAGS_V, at, 1, (flags >> 2) & 1);
  emit.field(F.OSPF_V2_ROUTER_LSA_FLAGS_E, at, 1, (flags >> 1) & 1);
  emit.field(F.OSPF_V2_ROUTER_LSA_FLAGS_B, at, 1, flags & 1);
  c.skip(2);
  const links = be16(c.ptr());
  c.u16(F.OSPF_LSA_NUMBER_OF_LINKS);
  for (let i: u32 = 0; i < links; i++) {
    if (!(c.ipv4(F.OSPF_LSA_ROUTER_LINKID) && c.ipv4(F.OSPF_LSA_ROUTER_LINKDATA))) return false;
    if (!(c.u8(F.OSPF_LSA_ROUTER_LINKTYPE) && c.has(1))) return false;
    const metrics = u8at(c.ptr());
    c.u8(F.OSPF_LSA_ROUTER_NUMMETRICS);
    // TOS 0's metric, which Wireshark marks with a hidden TOS field.
    emit.field(F.OSPF_LSA_TOS, c.at, 0, 0);
    if (!c.u16(F.OSPF_LSA_ROUTER_METRIC0)) return false;
    for (let m: u32 = 0; m < metrics; m++) if (!(c.u8(F.OSPF_LSA_TOS) && c.skip(3))) return false;
  }
  return true;
}

function v3Body(c: Cursor, code: u32): bool {
  if (code == 1) return v3Router(c);
  if (code == 2) {
    let ok = c.bytes(F.OSPF_RESERVED, 1) && v3Options(c);
    while (ok && c.at < c.end) ok = c.ipv4(F.OSPF_V3_LSA_ATTACHED_ROUTER);
    return ok;
  }
  if (code == 3) return c.bytes(F.OSPF_RESERVED, 1) && c.u24(F.OSPF_METRIC) && prefix(c, false);
  if (code == 8) {
    if (!(c.u8(F.OSPF_V3_LSA_ROUTER_PRIORITY) && v3Options(c))) return false;
    if (!(c.ipv6(F.OSPF_V3_LSA_LINK_LOCAL_INTERFACE_ADDRESS_IPV6) && c.has(4))) return false;
    const count = be32(c.ptr());
    c.u32(F.OSPF_V3_LSA_NUM_PREFIXES);
    for (let i: u32 = 0; i < count; i++) if (!prefix(c, false)) return false;
    return true;
  }
  if (code == 9) {
    if (!c.has(2)) return false;
    const count = be16(c.ptr());
    if (!(c.u16(F.OSPF_V3_LSA_NUM_PREFIXES) && c.u16(F.OSPF_V3_LSA_REFERENCED_LS_TYPE))) return false;
    if (!c.ipv4(F.OSPF_V3_LSA_REFERENCED_LINK_STATE_ID)) return false;
    if (!c.ipv4(F.OSPF_V3_LSA_REFERENCED_ADVERTISING_ROUTER)) return false;
    for (let i: u32 = 0; i < count; i++) if (!prefix(c, true)) return false;
  }
  return true;
}

function v3Router(c: Cursor): bool {
  if (!c.has(1)) return false;
  const flags = u8at(c.ptr());
  const at = c.at;
  emit.field(F.OSPF_V3_ROUTER_LSA_FLAGS, at, 1, flags);
  emit.field(F.OSPF_V3_ROUTER_LSA_FLAGS_W, at, 1, (flags >> 3) & 1);
  emit.field(F.OSPF_V3_ROUTER_LSA_FLAGS_V, at, 1, (flags >> 2) & 1);
  emit.field(F.OSPF_V3_ROUTER_LSA_FLAGS_E, at, 1, (flags >> 1) & 1);
  emit.field(F.OSPF_V3_ROUTER_LSA_FLAGS_B, at, 1, flags & 1);
  c.skip(1);
  let ok = v3Options(c);
  while (ok && c.at < c.end) {
    ok = c.u8(F.OSPF_V3_LSA_TYPE) && c.bytes(F.OSPF_RESERVED, 1) && c.u16(F.OSPF_METRIC);
    ok = ok && c.u32(F.OSPF_V3_LSA_INTERFACE_ID) && c.u32(F.OSPF_V3_LSA_NEIGHBOR_INTERFACE_ID);
    ok = ok && c.ipv4(F.OSPF_V3_LSA_NEIGHBOR_ROUTER_ID);
  }
  return ok;
}

/**
 * An address prefix (RFC 5340 §A.4.1): length(1) options(1) a 16-bit word (metric in intra-area prefix LSAs,
 * else reserved) and the prefix in whole 32-bit words, shown as the IPv6 address it begins.
 */
function prefix(c: Cursor, metric: bool): bool {
  if (!c.has(4)) return false;
  const p = c.ptr();
  const length = u8at(p);
  const options = u8at(p + 1);
  c.u8(F.OSPF_PREFIX_LENGTH);
  emit.field(F.OSPF_V3_PREFIX_OPTIONS, c.at, 1, options);
  emit.field(F.OSPF_V3_PREFIX_OPTIONS_P, c.at, 1, (options >> 3) & 1);
  emit.field(F.OSPF_V3_PREFIX_OPTIONS_MC, c.at, 1, (options >> 2) & 1);
  emit.field(F.OSPF_V3_PREFIX_OPTIONS_LA, c.at, 1, (options >> 1) & 1);
  emit.field(F.OSPF_V3_PREFIX_OPTIONS_NU, c.at, 1, options & 1);
  c.skip(1);
  if (metric) c.u16(F.OSPF_METRIC);
  else c.bytes(F.OSPF_RESERVED, 2);
  const size = <i32>((length + 31) / 32) * 4;
  if (length > 128 || !c.has(size)) return false;
  const q = c.ptr();
  const words = prefixWords;
  for (let i = 0; i < 4; i++) unchecked((words[i] = i < size / 4 ? be32(q + <usize>(i * 4)) : 0));
  emit.field(F.OSPF_V3_ADDRESS_PREFIX_IPV6, c.at, size, words[0], words[1], words[2], words[3]);
  return c.skip(size);
}
