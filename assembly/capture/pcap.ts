// Classic libpcap files: a 24-byte header, then record headers each followed by the captured bytes.
// Either byte order; microsecond or nanosecond timestamps chosen by the magic number. The "modified" pcap of
// Alexey Kuznetsov's patches (magic 0xa1b2cd34) has microsecond timestamps and 8 more record header bytes
// (interface index, protocol, packet type, padding), which are skipped.
import { rd32, rd16 } from '../bytes';
import * as input from '../input';
import * as problem from '../problem';
import * as record from './record';
import { MORE, PACKET, STOP } from './step';
import { readableLinkType } from './link-types';

export const MAGIC_USEC: u32 = 0xa1b2c3d4;
export const MAGIC_NSEC: u32 = 0xa1b23c4d;
export const MAGIC_MODIFIED: u32 = 0xa1b2cd34;
const FILE_HEADER = 24;
/** The top 6 bits of the header's link type field may carry FCS information. */
const LINK_TYPE_MASK: u32 = 0x03ffffff;
const RECORD_HEADER = 16;
const MODIFIED_RECORD_HEADER = 24;
/** Largest record tshark accepts for ordinary link types; beyond it a length field is garbage. */
export const MAX_RECORD: u32 = 262144;
/** USB and D-Bus link types carry messages up to 128 MiB, and tshark accepts records that large for them. */
const MAX_USB_DBUS_RECORD: u32 = 128 << 20;
/** EBHSCR (279): tshark's limit is 8 MiB. */
const MAX_EBHSCR_RECORD: u32 = 8 << 20;

let swapped = false;
let nanos = false;
let recordHeader = RECORD_HEADER;
let maxRecord = MAX_RECORD;
let headerDone = false;
let linkType: u32 = 0;

export function reset(): void {
  headerDone = false;
}

/** Does this little-endian first word start a pcap file (any variant, either byte order)? */
export function isPcapMagic(magic: u32): bool {
  const m = magic == MAGIC_USEC || magic == MAGIC_NSEC || magic == MAGIC_MODIFIED ? magic : bswap<u32>(magic);
  return m == MAGIC_USEC || m == MAGIC_NSEC || m == MAGIC_MODIFIED;
}

export function step(): i32 {
  if (!headerDone) return readHeader();
  if (input.available() < recordHeader) return MORE;
  const p = input.here();
  const at = input.hereOffset();
  const sec = rd32(p, swapped);
  const frac = rd32(p + 4, swapped);
  const incl = rd32(p + 8, swapped);
  const orig = rd32(p + 12, swapped);
  if (incl > maxRecord) {
    problem.report(problem.RECORD_TOO_LARGE, at, incl);
    return STOP;
  }
  const size = <u64>recordHeader + <u64>incl;
  if (input.fileSize > 0 && at + size > input.fileSize) {
    // The record runs past the end of the file: stop now rather than buffer up to its claimed end.
    problem.report(problem.CUT_SHORT, at, input.fileSize - at);
    return STOP;
  }
  if (<u64>input.available() < size) return MORE;
  // A microsecond field of a million or more is kept as tshark keeps it: scaled with 32-bit wrap-around.
  const nsec = nanos ? frac : frac * 1000;
  record.set(p + <usize>recordHeader, incl, orig, <i64>sec, nsec, linkType, 0, at + <u64>recordHeader);
  input.consume(<i32>size);
  return PACKET;
}

function readHeader(): i32 {
  if (input.available() < FILE_HEADER) return MORE;
  const p = input.here();
  const magic = load<u32>(p);
  swapped = magic != MAGIC_USEC && magic != MAGIC_NSEC && magic != MAGIC_MODIFIED;
  const m = swapped ? bswap<u32>(magic) : magic;
  nanos = m == MAGIC_NSEC;
  recordHeader = m == MAGIC_MODIFIED ? MODIFIED_RECORD_HEADER : RECORD_HEADER;
  const major = rd16(p + 4, swapped);
  const minor = rd16(p + 6, swapped);
  if (major != 2) {
    problem.report(problem.BAD_VERSION, input.hereOffset(), ((<u64>major) << 16) | minor);
    return STOP;
  }
  linkType = rd32(p + 20, swapped) & LINK_TYPE_MASK;
  if (!readableLinkType(linkType)) {
    problem.report(problem.UNSUPPORTED_LINK_TYPE, 20, linkType);
    return STOP;
  }
  maxRecord = maxRecordFor(linkType);
  input.consume(FILE_HEADER);
  headerDone = true;
  return step();
}

/** Measured with tshark: only these link types take records over 256 KiB. */
function maxRecordFor(linkType: u32): u32 {
  switch (linkType) {
    case 186: // USB
    case 189: // USB_LINUX
    case 220: // USB_LINUX_MMAPPED
    case 231: // DBUS
    case 249: // USBPCAP
    case 266:
      return MAX_USB_DBUS_RECORD; // USB_DARWIN
    case 279:
      return MAX_EBHSCR_RECORD;
  }
  return MAX_RECORD;
}
