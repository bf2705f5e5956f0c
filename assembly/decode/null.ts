// BSD loopback: a 4-byte address family before the IP packet. LINKTYPE_NULL (0) stores it in the byte order
// of the host that wrote the file, which the file does not record: a value with its low half zero can only
// be a swapped one (families are small). LINKTYPE_LOOP (108) stores it in network byte order.
import { be32, le32 } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './by-ethertype';

const HEADER = 4;
const AF_INET: u32 = 2;

/** Every BSD's AF_INET6: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30. */
function isInet6(family: u32): bool {
  return family == 10 || family == 24 || family == 28 || family == 30;
}

/** LINKTYPE_NULL: the family in the writer's byte order. */
export function decodeNull(base: usize, off: i32, end: i32, reported: i32): void {
  decodeFamily(base, off, end, reported, false);
}

/** LINKTYPE_LOOP: the family in network byte order. */
export function decodeLoop(base: usize, off: i32, end: i32, reported: i32): void {
  decodeFamily(base, off, end, reported, true);
}

function decodeFamily(base: usize, off: i32, end: i32, reported: i32, networkOrder: bool): void {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  let family = networkOrder ? be32(p) : le32(p);
  if ((family & 0xffff) == 0) family = bswap<u32>(family);
  emit.open(F.NULL, off, HEADER);
  emit.field(F.NULL_FAMILY, off, HEADER, family);
  emit.close();
  if (family == AF_INET) decodeEthertype(base, off + HEADER, end, reported - HEADER, ETHERTYPE_IPV4);
  else if (isInet6(family)) decodeEthertype(base, off + HEADER, end, reported - HEADER, ETHERTYPE_IPV6);
}
