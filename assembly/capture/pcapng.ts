// pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks [type u32][total length u32][body][total length u32].
// A Section Header Block starts each section, sets its byte order and forgets the previous section's interfaces.
// Each block's length is checked once (≥ 12, multiple of 4, inside the file, equal to its trailing copy, and the
// whole block in the window); after that every field is read at a named offset inside the verified body.
import { rd16, rd32 } from '../bytes';
import * as input from '../input';
import * as problem from '../problem';
import * as side from '../side';
import * as record from './record';
import { MORE, PACKET, META, STOP } from './step';

const SHB: u32 = 0x0a0d0d0a;
const IDB: u32 = 1;
const PB: u32 = 2; // obsolete Packet Block
const SPB: u32 = 3;
const NRB: u32 = 4;
const EPB: u32 = 6;
const DSB: u32 = 0x0a;
// ISB (5), custom and unknown blocks are walked over: their length was verified like any other.

const BYTE_ORDER_MAGIC: u32 = 0x1a2b3c4d;
/** Block header (type, length) plus trailer. */
const FRAMING: u32 = 12;
/** No real block is this large; a longer length field is garbage and is never buffered. */
export const MAX_BLOCK: u32 = 64 << 20;

const OPT_END: u32 = 0;
const OPT_COMMENT: u32 = 1;
const IF_NAME: u32 = 2;
const IF_TSRESOL: u32 = 9;
const IF_TSOFFSET: u32 = 14;

// Fixed body sizes, and where the fields sit in each body (offsets from the byte after the block length).
const SHB_BODY: u32 = 16; // byte-order magic, major, minor, section length (i64)
const SHB_MAJOR: usize = 4;
const IDB_BODY: u32 = 8; // link type u16, reserved u16, snaplen u32
const IDB_SNAPLEN: usize = 4;
const EPB_BODY: u32 = 20; // interface u32, timestamp high, low, captured length, original length
const PB_BODY: u32 = 20; // interface u16, drops u16, timestamp high, low, captured length, original length
const SPB_BODY: u32 = 4; // original length
const DSB_BODY: u32 = 8; // secrets type, secrets length

let swapped = false;
let inSection = false;
/** Packets returned so far: the frame number index.ts gives the next one is packets + 1. */
let packets: u32 = 0;
/** Section headers and interface descriptions read so far: a parallel ingest's pieces assume none after the first packet. */
export let layoutBlocks: u32 = 0;

/** The frame number the next packet follows (a parallel ingest's pieces decoded elsewhere). */
export function setPackets(n: u32): void {
  packets = n;
}

// The current section's interfaces, indexed by interface id (one entry per IDB, never per packet).
const ifLinkType = new Array<u32>();
const ifSnaplen = new Array<u32>();
const ifUnitsPerSec = new Array<u64>();
const ifTsOffset = new Array<i64>();

export function reset(): void {
  swapped = false;
  inSection = false;
  packets = 0;
  layoutBlocks = 0;
  clearInterfaces();
}

function clearInterfaces(): void {
  ifLinkType.length = 0;
  ifSnaplen.length = 0;
  ifUnitsPerSec.length = 0;
  ifTsOffset.length = 0;
}

export function step(): i32 {
  if (input.available() < <i32>FRAMING) return MORE;
  const p = input.here();
  const at = input.hereOffset();
  // The SHB type reads the same in both byte orders; its byte-order magic decides how to read everything after.
  if (load<u32>(p) == SHB) {
    if (!setByteOrder(p + 8, at)) return STOP;
  } else if (!inSection) {
    problem.report(problem.NO_SECTION_HEADER, at);
    return STOP;
  }
  const type = rd32(p, swapped);
  const length = rd32(p + 4, swapped);
  if (length < FRAMING || (length & 3) != 0) {
    problem.report(problem.BAD_BLOCK, at, length);
    return STOP;
  }
  if (length > MAX_BLOCK) {
    problem.report(problem.RECORD_TOO_LARGE, at, length);
    return STOP;
  }
  if (input.fileSize > 0 && at + <u64>length > input.fileSize) {
    // The block runs past the end of the file: a capture cut short. Never wait for bytes that cannot come.
    problem.report(problem.CUT_SHORT, at, input.fileSize - at);
    return STOP;
  }
  if (input.available() < <i32>length) return MORE;
  if (rd32(p + <usize>length - 4, swapped) != length) {
    problem.report(problem.BAD_BLOCK, at, length);
    return STOP;
  }
  const body = p + 8;
  const bodyLen = length - FRAMING;
  let r = META;
  if (type == SHB) r = sectionHeader(body, bodyLen, at);
  else if (type == IDB) r = interfaceDescription(body, bodyLen, at);
  else if (type == EPB) r = enhancedPacket(body, bodyLen, at);
  else if (type == SPB) r = simplePacket(body, bodyLen, at);
  else if (type == PB) r = obsoletePacket(body, bodyLen, at);
  else if (type == NRB) nameResolution(body, bodyLen);
  else if (type == DSB) r = decryptionSecrets(body, bodyLen, at);
  if (r == STOP) return STOP;
  input.consume(<i32>length);
  return r;
}

function setByteOrder(magicAt: usize, at: u64): bool {
  const magic = load<u32>(magicAt);
  if (magic != BYTE_ORDER_MAGIC && magic != bswap<u32>(BYTE_ORDER_MAGIC)) {
    problem.report(problem.BAD_BLOCK, at, magic);
    return false;
  }
  swapped = magic != BYTE_ORDER_MAGIC;
  return true;
}

function tooShort(at: u64, bodyLen: u32): i32 {
  problem.report(problem.BAD_BLOCK, at, bodyLen + FRAMING);
  return STOP;
}

function sectionHeader(body: usize, bodyLen: u32, at: u64): i32 {
  if (bodyLen < SHB_BODY) return tooShort(at, bodyLen);
  layoutBlocks++;
  const major = rd16(body + SHB_MAJOR, swapped);
  const minor = rd16(body + SHB_MAJOR + 2, swapped);
  if (major != 1) {
    problem.report(problem.BAD_VERSION, at, ((<u64>major) << 16) | minor);
    return STOP;
  }
  inSection = true;
  clearInterfaces();
  beginOptions(body + SHB_BODY, body + bodyLen);
  while (nextOption()) {
    if (optCode == OPT_COMMENT) side.add(side.FILE_COMMENT, packets, optValue, optLen);
  }
  return META;
}

function interfaceDescription(body: usize, bodyLen: u32, at: u64): i32 {
  if (bodyLen < IDB_BODY) return tooShort(at, bodyLen);
  layoutBlocks++;
  const linkType = rd16(body, swapped);
  const snaplen = rd32(body + IDB_SNAPLEN, swapped);
  let tsresol: u32 = 6; // microseconds unless the interface says otherwise
  let tsOffset: i64 = 0;
  let name: usize = 0;
  let nameLen: u32 = 0;
  beginOptions(body + IDB_BODY, body + bodyLen);
  while (nextOption()) {
    if (optCode == IF_TSRESOL && optLen >= 1) tsresol = load<u8>(optValue);
    else if (optCode == IF_TSOFFSET && optLen >= 8)
      tsOffset = <i64>(swapped ? bswap<u64>(load<u64>(optValue)) : load<u64>(optValue));
    else if (optCode == IF_NAME) {
      name = optValue;
      nameLen = optLen;
    }
  }
  const id = ifLinkType.length;
  ifLinkType.push(linkType);
  ifSnaplen.push(snaplen);
  ifUnitsPerSec.push(unitsPerSecond(tsresol));
  ifTsOffset.push(tsOffset);
  const e = side.begin(side.INTERFACE, packets, 16 + nameLen);
  store<u32>(e, id);
  store<u32>(e, linkType, 4);
  store<u32>(e, snaplen, 8);
  store<u32>(e, tsresol, 12);
  memory.copy(e + 16, name, <usize>nameLen);
  return META;
}

/**
 * if_tsresol: the high bit picks base 2 or 10, the rest is the negative exponent. A resolution too fine for 64
 * bits counts u64.MAX units per second, as tshark does (times then read as about zero).
 */
function unitsPerSecond(tsresol: u32): u64 {
  const exponent = tsresol & 0x7f;
  if ((tsresol & 0x80) != 0) return exponent < 64 ? (<u64>1) << exponent : u64.MAX_VALUE;
  if (exponent > 19) return u64.MAX_VALUE;
  let units: u64 = 1;
  for (let i: u32 = 0; i < exponent; i++) units *= 10;
  return units;
}

function knownInterface(id: u32, at: u64): bool {
  if (id < <u32>ifLinkType.length) return true;
  problem.report(problem.UNKNOWN_INTERFACE, at, id);
  return false;
}

function enhancedPacket(body: usize, bodyLen: u32, at: u64): i32 {
  if (bodyLen < EPB_BODY) return tooShort(at, bodyLen);
  const id = rd32(body, swapped);
  return packet(id, body + 4, body + EPB_BODY, bodyLen - EPB_BODY, at);
}

function obsoletePacket(body: usize, bodyLen: u32, at: u64): i32 {
  if (bodyLen < PB_BODY) return tooShort(at, bodyLen);
  const id = rd16(body, swapped);
  return packet(id, body + 4, body + PB_BODY, bodyLen - PB_BODY, at);
}

/** EPB and PB share their tail: timestamp high, low, captured length, original length at `fields`; then data and options. */
function packet(id: u32, fields: usize, data: usize, room: u32, at: u64): i32 {
  if (!knownInterface(id, at)) return STOP;
  const capLen = rd32(fields + 8, swapped);
  const origLen = rd32(fields + 12, swapped);
  if (capLen > room) {
    problem.report(problem.BAD_RECORD, at, capLen);
    return STOP;
  }
  const ts = ((<u64>rd32(fields, swapped)) << 32) | (<u64>rd32(fields + 4, swapped));
  const units = unchecked(ifUnitsPerSec[id]);
  // The fraction is scaled with 64-bit wrap-around, as tshark does for resolutions finer than a nanosecond.
  const nsec = <u32>(((ts % units) * 1_000_000_000) / units);
  const sec = <i64>(ts / units) + unchecked(ifTsOffset[id]);
  record.set(data, capLen, origLen, sec, nsec, unchecked(ifLinkType[id]), id, at + <u64>(data - input.here()));
  packets++;
  const padded = (capLen + 3) & ~3;
  if (padded < room) addComments(data + <usize>padded, data + <usize>room);
  return PACKET;
}

function addComments(from: usize, end: usize): void {
  beginOptions(from, end);
  while (nextOption()) {
    if (optCode != OPT_COMMENT) continue;
    side.add(side.PACKET_COMMENT, packets, optValue, optLen);
    record.commented = true;
  }
}

/** SPB: interface 0, no timestamp, no options; the captured length is implied by the block and the snaplen. */
function simplePacket(body: usize, bodyLen: u32, at: u64): i32 {
  if (bodyLen < SPB_BODY) return tooShort(at, bodyLen);
  if (!knownInterface(0, at)) return STOP;
  const origLen = rd32(body, swapped);
  const snaplen = unchecked(ifSnaplen[0]);
  let capLen = min(origLen, bodyLen - SPB_BODY);
  if (snaplen != 0) capLen = min(capLen, snaplen);
  const data = body + SPB_BODY;
  record.set(data, capLen, origLen, 0, 0, unchecked(ifLinkType[0]), 0, at + <u64>(data - input.here()));
  packets++;
  return PACKET;
}

/** NRB: records [type u16][length u16][value padded to 4] until type 0; each goes to side data as [type u16 LE][value]. */
function nameResolution(body: usize, bodyLen: u32): void {
  const end = body + bodyLen;
  let p = body;
  while (p + 4 <= end) {
    const type = rd16(p, swapped);
    const length = rd16(p + 2, swapped);
    if (type == 0 || p + 4 + <usize>length > end) return;
    const e = side.begin(side.NAME_RECORD, packets, 2 + length);
    store<u16>(e, <u16>type);
    memory.copy(e + 2, p + 4, <usize>length);
    p += 4 + ((<usize>length + 3) & ~(<usize>3));
  }
}

/** DSB: [secrets type u32][length u32][secrets]; kept whole for TLS decryption, as [type u32 LE][secrets]. */
function decryptionSecrets(body: usize, bodyLen: u32, at: u64): i32 {
  if (bodyLen < DSB_BODY) return tooShort(at, bodyLen);
  const type = rd32(body, swapped);
  const length = rd32(body + 4, swapped);
  if (length > bodyLen - DSB_BODY) {
    problem.report(problem.BAD_BLOCK, at, bodyLen + FRAMING);
    return STOP;
  }
  const e = side.begin(side.DECRYPTION_SECRETS, packets, 4 + length);
  store<u32>(e, type);
  memory.copy(e + 4, body + DSB_BODY, <usize>length);
  return META;
}

// Options [code u16][length u16][value padded to 4], walked inside a verified block body. A value that would run
// past the body ends the walk (the block itself stays valid, as its length was checked).
let optAt: usize = 0;
let optEnd: usize = 0;
let optCode: u32 = 0;
let optLen: u32 = 0;
let optValue: usize = 0;

function beginOptions(from: usize, end: usize): void {
  optAt = from;
  optEnd = end;
}

function nextOption(): bool {
  if (optAt + 4 > optEnd) return false;
  optCode = rd16(optAt, swapped);
  optLen = rd16(optAt + 2, swapped);
  optValue = optAt + 4;
  if (optCode == OPT_END || optValue + <usize>optLen > optEnd) return false;
  optAt = min(optEnd, optValue + ((<usize>optLen + 3) & ~(<usize>3)));
  return true;
}
