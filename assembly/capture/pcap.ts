// Classic libpcap files: a 24-byte header, then 16-byte record headers each followed by the captured bytes.
// Either byte order; microsecond or nanosecond timestamps chosen by the magic number.
import { rd32, rd16 } from '../bytes';
import * as input from '../input';
import * as problem from '../problem';
import * as record from './record';
import { MORE, PACKET, STOP } from './step';
import { readableLinkType } from './link-types';

export const MAGIC_USEC: u32 = 0xa1b2c3d4;
export const MAGIC_NSEC: u32 = 0xa1b23c4d;
const FILE_HEADER = 24;
const LINK_TYPE_MASK: u32 = 0x03ffffff;
const RECORD_HEADER = 16;
/** Largest record we accept; beyond it a length field is garbage (Wireshark's limit for ordinary link types). */
export const MAX_RECORD: u32 = 262144;

let swapped = false;
let nanos = false;
let headerDone = false;
let linkType: u32 = 0;

export function reset(): void {
  headerDone = false;
}

/** Link type of the file, once the header is read. */
export function fileLinkType(): u32 { return linkType; }

export function step(): i32 {
  if (!headerDone) return readHeader();
  if (input.available() < RECORD_HEADER) return MORE;
  const p = input.here();
  const sec = rd32(p, swapped);
  const frac = rd32(p + 4, swapped);
  const incl = rd32(p + 8, swapped);
  const orig = rd32(p + 12, swapped);
  if (incl > MAX_RECORD) {
    problem.report(problem.RECORD_TOO_LARGE, input.hereOffset(), incl);
    return STOP;
  }
  if (input.available() < RECORD_HEADER + <i32>incl) return MORE;
  const at = input.hereOffset() + RECORD_HEADER;
  record.set(p + RECORD_HEADER, incl, orig, <i64>sec, nanos ? frac : frac * 1000, linkType, 0, at);
  input.consume(RECORD_HEADER + <i32>incl);
  return PACKET;
}

function readHeader(): i32 {
  if (input.available() < FILE_HEADER) return MORE;
  const p = input.here();
  const magic = load<u32>(p);
  swapped = magic == bswap<u32>(MAGIC_USEC) || magic == bswap<u32>(MAGIC_NSEC);
  nanos = magic == MAGIC_NSEC || magic == bswap<u32>(MAGIC_NSEC);
  const major = rd16(p + 4, swapped);
  const minor = rd16(p + 6, swapped);
  if (major != 2) {
    problem.report(problem.BAD_VERSION, input.hereOffset(), (<u64>major << 16) | minor);
    return STOP;
  }
  // The top 6 bits of the link type field may carry FCS information; the rest is the link type.
  linkType = rd32(p + 20, swapped) & LINK_TYPE_MASK;
  if (!readableLinkType(linkType)) {
    problem.report(problem.UNSUPPORTED_LINK_TYPE, 20, linkType);
    return STOP;
  }
  input.consume(FILE_HEADER);
  headerDone = true;
  return step();
}
