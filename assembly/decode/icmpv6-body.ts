// ICMPv6 message bodies in field mode: the errors' reserved word and MTU (RFC 4443), neighbour discovery
// (RFC 4861: router solicitation and advertisement, neighbour solicitation and advertisement, redirect) and its
// options (RFC 4861 §4.6, RDNSS from RFC 8106). A redirect's Redirected Header option holds the packet it
// answers: returned so the caller decodes it as a quoted packet, as an error's.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';

const UNREACHABLE: u32 = 1;
const TOO_BIG: u32 = 2;
const TIME_EXCEEDED: u32 = 3;
const ROUTER_SOLICITATION: u32 = 133;
const ROUTER_ADVERTISEMENT: u32 = 134;
const NEIGHBOR_SOLICITATION: u32 = 135;
const NEIGHBOR_ADVERTISEMENT: u32 = 136;
const REDIRECT: u32 = 137;

const OPT_SOURCE_LINKADDR: u32 = 1;
const OPT_TARGET_LINKADDR: u32 = 2;
const OPT_PREFIX: u32 = 3;
const OPT_REDIRECTED: u32 = 4;
const OPT_MTU: u32 = 5;
const OPT_RDNSS: u32 = 25;

/** Where a redirect's quoted packet starts (0: none), set by icmpv6Body. */
export let redirectedStart: i32 = 0;
export let redirectedEnd: i32 = 0;

/** off..end: the captured message (at least its 8-byte header). */
export function icmpv6Body(base: usize, off: i32, end: i32, type: u32): void {
  redirectedStart = 0;
  const p = base + <usize>off;
  let options: i32 = -1;
  if (type == UNREACHABLE || type == TIME_EXCEEDED || type == ROUTER_SOLICITATION) {
    emit.field(F.ICMPV6_RESERVED, off + 4, 4);
    if (type == ROUTER_SOLICITATION) options = off + 8;
  } else if (type == TOO_BIG) {
    emit.field(F.ICMPV6_MTU, off + 4, 4, be32(p + 4));
  } else if (type == ROUTER_ADVERTISEMENT && end - off >= 16) {
    const flags = u8at(p + 5);
    emit.field(F.ICMPV6_ND_RA_CUR_HOP_LIMIT, off + 4, 1, u8at(p + 4));
    emit.field(F.ICMPV6_ND_RA_FLAG, off + 5, 1, flags);
    emit.field(F.ICMPV6_ND_RA_FLAG_M, off + 5, 1, flags >> 7);
    emit.field(F.ICMPV6_ND_RA_FLAG_O, off + 5, 1, (flags >> 6) & 1);
    emit.field(F.ICMPV6_ND_RA_FLAG_H, off + 5, 1, (flags >> 5) & 1);
    emit.field(F.ICMPV6_ND_RA_FLAG_PRF, off + 5, 1, (flags >> 3) & 3);
    emit.field(F.ICMPV6_ND_RA_FLAG_P, off + 5, 1, (flags >> 2) & 1);
    emit.field(F.ICMPV6_ND_RA_FLAG_RSV, off + 5, 1, flags & 3);
    emit.field(F.ICMPV6_ND_RA_ROUTER_LIFETIME, off + 6, 2, be16(p + 6));
    emit.field(F.ICMPV6_ND_RA_REACHABLE_TIME, off + 8, 4, be32(p + 8));
    emit.field(F.ICMPV6_ND_RA_RETRANS_TIMER, off + 12, 4, be32(p + 12));
    options = off + 16;
  } else if (type == NEIGHBOR_SOLICITATION && end - off >= 24) {
    emit.field(F.ICMPV6_RESERVED, off + 4, 4);
    address(F.ICMPV6_ND_NS_TARGET_ADDRESS, base, off + 8);
    options = off + 24;
  } else if (type == NEIGHBOR_ADVERTISEMENT && end - off >= 24) {
    const flags = be32(p + 4);
    emit.field(F.ICMPV6_ND_NA_FLAG, off + 4, 4, flags);
    emit.field(F.ICMPV6_ND_NA_FLAG_R, off + 4, 4, flags >>> 31);
    emit.field(F.ICMPV6_ND_NA_FLAG_S, off + 4, 4, (flags >>> 30) & 1);
    emit.field(F.ICMPV6_ND_NA_FLAG_O, off + 4, 4, (flags >>> 29) & 1);
    emit.field(F.ICMPV6_ND_NA_FLAG_RSV, off + 4, 4, flags & 0x1fffffff);
    address(F.ICMPV6_ND_NA_TARGET_ADDRESS, base, off + 8);
    options = off + 24;
  } else if (type == REDIRECT && end - off >= 40) {
    emit.field(F.ICMPV6_RESERVED, off + 4, 4);
    address(F.ICMPV6_ND_RD_TARGET_ADDRESS, base, off + 8);
    address(F.ICMPV6_RD_NA_DESTINATION_ADDRESS, base, off + 24);
    options = off + 40;
  }
  if (options >= 0) decodeOptions(base, options, end);
}

function address(id: u16, base: usize, off: i32): void {
  const p = base + <usize>off;
  emit.field(id, off, 16, be32(p), be32(p + 4), be32(p + 8), be32(p + 12));
}

function decodeOptions(base: usize, off: i32, end: i32): void {
  while (end - off >= 2) {
    const p = base + <usize>off;
    const type = u8at(p);
    const len = <i32>u8at(p + 1) * 8;
    emit.open(F.ICMPV6_OPT, off, min(len, end - off));
    emit.field(F.ICMPV6_OPT_TYPE, off, 1, type);
    emit.field(F.ICMPV6_OPT_LENGTH, off + 1, 1, <u32>len / 8);
    if (len == 0 || end - off < len) {
      emit.close();
      frame.flag(FLAG_MALFORMED);
      return;
    }
    if ((type == OPT_SOURCE_LINKADDR || type == OPT_TARGET_LINKADDR) && len == 8) {
      const hi = be32(p + 2);
      const lo = <u32>be16(p + 6);
      emit.field(F.ICMPV6_OPT_LINKADDR, off + 2, 6, hi, lo);
      emit.field(
        type == OPT_SOURCE_LINKADDR ? F.ICMPV6_OPT_SRC_LINKADDR : F.ICMPV6_OPT_TARGET_LINKADDR,
        off + 2,
        6,
        hi,
        lo,
      );
    } else if (type == OPT_PREFIX && len == 32) {
      const flags = u8at(p + 3);
      emit.field(F.ICMPV6_OPT_PREFIX_LENGTH, off + 2, 1, u8at(p + 2));
      emit.field(F.ICMPV6_OPT_PREFIX_FLAG, off + 3, 1, flags);
      emit.field(F.ICMPV6_OPT_PREFIX_FLAG_L, off + 3, 1, flags >> 7);
      emit.field(F.ICMPV6_OPT_PREFIX_FLAG_A, off + 3, 1, (flags >> 6) & 1);
      emit.field(F.ICMPV6_OPT_PREFIX_FLAG_R, off + 3, 1, (flags >> 5) & 1);
      emit.field(F.ICMPV6_OPT_PREFIX_FLAG_RESERVED, off + 3, 1, flags & 0x1f);
      emit.field(F.ICMPV6_OPT_PREFIX_VALID_LIFETIME, off + 4, 4, be32(p + 4));
      emit.field(F.ICMPV6_OPT_PREFIX_PREFERRED_LIFETIME, off + 8, 4, be32(p + 8));
      address(F.ICMPV6_OPT_PREFIX, base, off + 16);
    } else if (type == OPT_MTU && len == 8) {
      emit.field(F.ICMPV6_OPT_MTU, off + 4, 4, be32(p + 4));
    } else if (type == OPT_RDNSS && len >= 24) {
      emit.field(F.ICMPV6_OPT_RDNSS_LIFETIME, off + 4, 4, be32(p + 4));
      for (let at = off + 8; at + 16 <= off + len; at += 16) address(F.ICMPV6_OPT_RDNSS, base, at);
    } else if (type == OPT_REDIRECTED && len > 8) {
      // Six reserved bytes, then the packet; what follows the packet's own length pads the option.
      redirectedStart = off + 8;
      redirectedEnd = off + len;
      if (len >= 48) redirectedEnd = min(redirectedEnd, redirectedStart + 40 + <i32>be16(p + 12));
      if (redirectedEnd < off + len) emit.field(F.ICMPV6_UNKNOWN_DATA, redirectedEnd, off + len - redirectedEnd);
    }
    emit.close();
    off += len;
  }
}
