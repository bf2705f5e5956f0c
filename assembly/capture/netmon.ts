// Microsoft Network Monitor 2.x capture files ("GMBU"). A 72-byte header (version, media type, start time as a
// UTC SYSTEMTIME, where the frame table is), frames anywhere in the file, and a frame table of u32 file offsets,
// usually at the end. The reader reads the header, seeks to the table and keeps it (4 bytes per frame, bounded
// by the file size), then seeks to each frame in table order: frames are contiguous in practice, so that is one
// seek back to the first frame. All fields are little-endian.
import { le16, le32, le64 } from '../bytes';
import * as input from '../input';
import * as problem from '../problem';
import * as record from './record';
import { MAX_RECORD } from './pcap';
import { MORE, PACKET, STOP, SEEKED } from './step';

const HEADER: i32 = 72;
const H_VERSION_MINOR: usize = 4; // BCD
const H_VERSION_MAJOR: usize = 5;
const H_MEDIA_TYPE: usize = 6;
const H_START_TIME: usize = 8; // SYSTEMTIME: year, month, weekday, day, hour, minute, second, milliseconds (u16 each)
const H_TABLE_OFFSET: usize = 24;
const H_TABLE_LENGTH: usize = 28;

// Frame header: time since the capture start (i64 µs), original length, captured length; then the bytes.
const FRAME_HEADER: i32 = 16;
// Versions 2.1+ follow the bytes with a trailer starting with the frame's own media type; 2.3 adds a process
// index (u32), the frame's UTC time (FILETIME) and a time zone index (u8), and tshark takes the time from it.
const TRAILER_2_1: i32 = 2;
const TRAILER_2_3: i32 = 15;
const TRAILER_UTC: usize = 6;

/** LINKTYPE given to NetMon's own records (events, filters, network info, payload headers): not a link layer. */
export const NETMON_RECORD: u32 = 0xffff;

const STATE_HEADER = 0;
const STATE_TABLE = 1;
const STATE_FRAMES = 2;

let state = STATE_HEADER;
let minor: u32 = 0;
let fileLinkType: u32 = 0;
let startSec: i64 = 0;
let startNsec: i64 = 0;
let tableOffset: u64 = 0;
let frameCount: i32 = 0;
let table = new StaticArray<u32>(0);
let next: i32 = 0;

export function reset(): void {
  state = STATE_HEADER;
  table = new StaticArray<u32>(0);
  next = 0;
}

export function step(): i32 {
  if (state == STATE_HEADER) return readHeader();
  if (state == STATE_TABLE) return readTable();
  return seekTo(next);
}

function readHeader(): i32 {
  if (input.available() < HEADER) return MORE;
  const p = input.here();
  const major = <u32>load<u8>(p + H_VERSION_MAJOR);
  minor = <u32>load<u8>(p + H_VERSION_MINOR);
  if (major != 2) {
    problem.report(problem.BAD_VERSION, 0, ((<u64>major) << 16) | minor);
    return STOP;
  }
  const media = le16(p + H_MEDIA_TYPE);
  fileLinkType = media == 0 ? 1 : linkTypeOf(media); // tshark reads media type 0 as Ethernet
  if (fileLinkType == 0 || fileLinkType == NETMON_RECORD) {
    problem.report(problem.UNSUPPORTED_LINK_TYPE, H_MEDIA_TYPE, media);
    return STOP;
  }
  readStartTime(p + H_START_TIME);
  tableOffset = le32(p + H_TABLE_OFFSET);
  const tableLength = le32(p + H_TABLE_LENGTH);
  if (input.fileSize > 0 && tableOffset + tableLength > input.fileSize) {
    problem.report(problem.CUT_SHORT, tableOffset, input.fileSize > tableOffset ? input.fileSize - tableOffset : 0);
    return STOP;
  }
  frameCount = <i32>(tableLength >> 2);
  state = STATE_TABLE;
  input.seek(tableOffset);
  return SEEKED;
}

/** SYSTEMTIME (UTC) to seconds since 1970 and nanoseconds. */
function readStartTime(p: usize): void {
  const year = <i64>le16(p);
  const month = <i64>le16(p + 2);
  const day = <i64>le16(p + 6);
  const seconds = <i64>le16(p + 8) * 3600 + <i64>le16(p + 10) * 60 + <i64>le16(p + 12);
  startSec = daysSince1970(year, month, day) * 86400 + seconds;
  startNsec = <i64>le16(p + 14) * 1_000_000;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12). */
function daysSince1970(year: i64, month: i64, day: i64): i64 {
  const y = month <= 2 ? year - 1 : year;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function readTable(): i32 {
  // The table lies inside the file (checked with the header), so waiting for all of it is bounded.
  if (input.available() < frameCount * 4) return input.eof ? cutShort() : MORE;
  table = new StaticArray<u32>(frameCount);
  memory.copy(changetype<usize>(table), input.here(), <usize>frameCount * 4);
  input.consume(frameCount * 4);
  state = STATE_FRAMES;
  return seekTo(0);
}

function cutShort(): i32 {
  problem.report(problem.CUT_SHORT, input.hereOffset(), <u64>input.available());
  return STOP;
}

/** Moves to frame `i`'s offset (staying in the window when it is already there) and reads it. */
function seekTo(i: i32): i32 {
  next = i;
  if (i >= frameCount) return STOP;
  const offset = <u64>unchecked(table[i]);
  if (input.fileSize > 0 && offset >= input.fileSize) {
    problem.report(problem.BAD_FRAME_TABLE, offset, i);
    return STOP;
  }
  const here = input.hereOffset();
  if (offset >= here && offset <= here + <u64>input.available()) {
    input.consume(<i32>(offset - here));
    return readFrame();
  }
  input.seek(offset);
  return SEEKED;
}

function readFrame(): i32 {
  if (input.available() < FRAME_HEADER) return MORE;
  const p = input.here();
  const at = input.hereOffset();
  const timeOffset = <i64>le64(p);
  const origLen = le32(p + 8);
  let capLen = le32(p + 12);
  if (capLen > MAX_RECORD) {
    problem.report(problem.RECORD_TOO_LARGE, at, capLen);
    return STOP;
  }
  const trailer = minor >= 3 ? TRAILER_2_3 : minor >= 1 ? TRAILER_2_1 : 0;
  const size = FRAME_HEADER + <i32>capLen + trailer;
  if (input.fileSize > 0 && at + <u64>size > input.fileSize) {
    problem.report(problem.CUT_SHORT, at, input.fileSize - at);
    return STOP;
  }
  if (input.available() < size) return MORE;
  let data = p + <usize>FRAME_HEADER;
  let linkType = fileLinkType;
  if (trailer > 0) {
    const media = le16(data + <usize>capLen);
    if (media != 0) linkType = linkTypeOf(media);
    if (linkType == 0) {
      problem.report(problem.UNSUPPORTED_LINK_TYPE, at, media);
      return STOP;
    }
  }
  let sec: i64;
  let nsec: i64;
  if (trailer == TRAILER_2_3) {
    // FILETIME: 100 ns units since 1601-01-01.
    const filetime = <i64>le64(data + <usize>capLen + TRAILER_UTC);
    sec = filetime / 10_000_000 - 11_644_473_600;
    nsec = (filetime % 10_000_000) * 100;
  } else {
    const us = timeOffset % 1_000_000;
    sec = startSec + timeOffset / 1_000_000;
    nsec = startNsec + us * 1000;
    if (nsec < 0) {
      sec--;
      nsec += 1_000_000_000;
    }
    if (nsec >= 1_000_000_000) {
      sec++;
      nsec -= 1_000_000_000;
    }
  }
  let orig = origLen;
  if (linkType == ATM_PDUS) {
    // ATM frames start with a 16-byte pseudo-header (addresses, VPI/VCI) that is not part of the packet.
    if (capLen < ATM_PSEUDO_HEADER) {
      problem.report(problem.BAD_RECORD, at, capLen);
      return STOP;
    }
    data += ATM_PSEUDO_HEADER;
    capLen -= ATM_PSEUDO_HEADER;
    orig = orig >= ATM_PSEUDO_HEADER ? orig - ATM_PSEUDO_HEADER : 0;
  }
  record.set(data, capLen, orig, sec, <u32>nsec, linkType, 0, at + <u64>(data - p));
  input.consume(size);
  next++;
  return PACKET;
}

const ATM_PSEUDO_HEADER: u32 = 16;
/** LINKTYPE_SUNATM stands for ATM here: the nearest registered link type for bare ATM PDUs. */
const ATM_PDUS: u32 = 123;

/** NetMon media type → LINKTYPE (0: not one tshark reads). */
function linkTypeOf(media: u32): u32 {
  switch (media) {
    case 1:
      return 1; // Ethernet
    case 2:
      return 6; // Token Ring (IEEE 802.5)
    case 3:
      return 10; // FDDI
    case 4:
      return ATM_PDUS;
    case 6:
      return 105; // 802.11 with NetMon's own radio header; IEEE 802.11 is the nearest LINKTYPE
    case 7: // tunnel, WWAN and raw IP frames all carry bare IP
    case 8:
    case 9:
      return 101;
    case 0xe000: // NetMon event
    case 0xe080: // capture filter
    case 0xffe0: // network info
    case 0xffff:
      return NETMON_RECORD; // payload header
  }
  return 0;
}
