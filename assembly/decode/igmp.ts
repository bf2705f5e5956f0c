// IGMP (IP protocol 2): v1 (RFC 1112), v2 (RFC 2236), v3 (RFC 3376). View: type(1) max-resp(1) checksum(2)
// group(4); a v3 query adds S/QRV(1) QQIC(1) source count(2) sources; a v3 report is type(1) reserved(1)
// checksum(2) reserved(2) record count(2), then records of type(1) aux length(1) source count(2) group(4)
// sources aux data. The version follows RFC 3376 §7.1: by type, and for a query by its length and max-resp.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { sum16, UNVERIFIED } from './checksum';
import { checksumVerdict } from './checksum-verdict';
import * as expert from '../tcp/expert';
import { partial } from './ip-context';

const HEADER = 8;
const QUERY: u32 = 0x11;
const V1_REPORT: u32 = 0x12;
const V2_REPORT: u32 = 0x16;
const V2_LEAVE: u32 = 0x17;
const V3_REPORT: u32 = 0x22;

export function decodeIgmp(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = end - off;
  if (captured < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const type = u8at(p);
  const maxResp = u8at(p + 1);
  const length = min(captured, reported);
  let version: u32 = 0;
  if (type == QUERY) version = length >= 12 ? 3 : maxResp == 0 ? 1 : 2;
  else if (type == V1_REPORT) version = 1;
  else if (type == V2_REPORT || type == V2_LEAVE) version = 2;
  else if (type == V3_REPORT) version = 3;
  emit.open(F.IGMP, off, length);
  if (version != 0) emit.field(F.IGMP_VERSION, off, 0, version);
  emit.field(F.IGMP_TYPE, off, 1, type);
  if (version == 2 || (version == 3 && type == QUERY)) emit.field(F.IGMP_MAX_RESP, off + 1, 1, maxResp);
  else if (version != 0) emit.field(F.IGMP_RESERVED, off + 1, 1);
  emit.field(F.IGMP_CHECKSUM, off + 2, 2, be16(p + 2));
  let status = UNVERIFIED;
  if (!partial && captured >= reported) status = checksumVerdict(be16(p + 2), sum16(p, reported), expert.WARN);
  emit.field(F.IGMP_CHECKSUM_STATUS, off + 2, 2, status);
  if (version == 3 && type == V3_REPORT) report(base, off, off + length);
  else {
    emit.field(F.IGMP_MADDR, off + 4, 4, be32(p + 4));
    if (version == 3) query(base, off, off + length);
  }
  emit.close();
  // Wireshark hands each version to a dissector of its own, also named igmp: frame.protocols lists it twice.
  if (version != 0) {
    emit.open(F.IGMP, off, 0);
    emit.close();
  }
}

function query(base: usize, off: i32, end: i32): void {
  if (end - off < 12) return malformed();
  const p = base + <usize>off;
  const flags = u8at(p + 8);
  const count = <i32>be16(p + 10);
  emit.field(F.IGMP_S, off + 8, 1, (flags >> 3) & 1);
  emit.field(F.IGMP_QRV, off + 8, 1, flags & 7);
  emit.field(F.IGMP_QQIC, off + 9, 1, u8at(p + 9));
  emit.field(F.IGMP_NUM_SRC, off + 10, 2, <u32>count);
  sources(base, off + 12, end, count);
}

function report(base: usize, off: i32, end: i32): void {
  const p = base + <usize>off;
  emit.field(F.IGMP_RESERVED, off + 4, 2);
  const records = <i32>be16(p + 6);
  emit.field(F.IGMP_NUM_GRP_RECS, off + 6, 2, <u32>records);
  let at = off + 8;
  for (let i = 0; i < records; i++) {
    if (end - at < 8) return malformed();
    const q = base + <usize>at;
    const aux = <i32>u8at(q + 1) * 4;
    const count = <i32>be16(q + 2);
    const len = 8 + count * 4 + aux;
    emit.field(F.IGMP_RECORD_TYPE, at, 1, u8at(q));
    emit.field(F.IGMP_AUX_DATA_LEN, at + 1, 1, u8at(q + 1));
    emit.field(F.IGMP_NUM_SRC, at + 2, 2, <u32>count);
    emit.field(F.IGMP_MADDR, at + 4, 4, be32(q + 4));
    sources(base, at + 8, end, count);
    at += len;
  }
}

function sources(base: usize, at: i32, end: i32, count: i32): void {
  for (let i = 0; i < count; i++, at += 4) {
    if (end - at < 4) return malformed();
    emit.field(F.IGMP_SADDR, at, 4, be32(base + <usize>at));
  }
}

function malformed(): void {
  frame.flag(FLAG_MALFORMED);
}
