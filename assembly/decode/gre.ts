// GRE (RFC 2784, keys and sequence numbers RFC 2890; version 1 is PPTP's enhanced GRE, RFC 2637). View:
// flags/version(2) protocol(2), then checksum(2) offset(2) when C or R, key(4) when K, sequence(4) when S,
// acknowledgment(4) when A (version 1). The payload is named by an EtherType.
import { be16, be32 } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED, FLAG_CHECKSUM_BAD } from '../rows';
import { sum16, GOOD, BAD, UNVERIFIED } from './checksum';
import { decodeEthertype } from './by-ethertype';
import { setSequencePresent } from './gre-context';

const BASE = 4;
const C: u32 = 0x8000;
const R: u32 = 0x4000;
const K: u32 = 0x2000;
const S: u32 = 0x1000;
const A: u32 = 0x0080;

export function decodeGre(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < BASE) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const fv = be16(p);
  const proto = be16(p + 2);
  const version = fv & 7;
  let len = BASE;
  if ((fv & (C | R)) != 0) len += 4;
  if ((fv & K) != 0) len += 4;
  if ((fv & S) != 0) len += 4;
  if (version == 1 && (fv & A) != 0) len += 4;
  emit.open(F.GRE, off, min(len, end - off));
  emit.field(F.GRE_FLAGS_AND_VERSION, off, 2, fv);
  emit.field(F.GRE_FLAGS_CHECKSUM, off, 2, (fv >> 15) & 1);
  emit.field(F.GRE_FLAGS_ROUTING, off, 2, (fv >> 14) & 1);
  emit.field(F.GRE_FLAGS_KEY, off, 2, (fv >> 13) & 1);
  emit.field(F.GRE_FLAGS_SEQUENCE_NUMBER, off, 2, (fv >> 12) & 1);
  emit.field(F.GRE_FLAGS_STRICT_SOURCE_ROUTE, off, 2, (fv >> 11) & 1);
  emit.field(F.GRE_FLAGS_RECURSION_CONTROL, off, 2, (fv >> 8) & 7);
  emit.field(F.GRE_FLAGS_RESERVED, off, 2, (fv >> 3) & 0x1f);
  emit.field(F.GRE_FLAGS_VERSION, off, 2, version);
  emit.field(F.GRE_PROTO, off + 2, 2, proto);
  if (end - off < len) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  let at = off + BASE;
  if ((fv & (C | R)) != 0) {
    if ((fv & C) != 0) {
      const checksum = be16(base + <usize>at);
      emit.field(F.GRE_CHECKSUM, at, 2, checksum);
      // The checksum covers the GRE header and its payload: only verifiable when all of it was captured.
      let status = UNVERIFIED;
      if (end - off >= reported) {
        status = sum16(p, reported) == 0xffff ? GOOD : BAD;
        if (status == BAD) frame.flag(FLAG_CHECKSUM_BAD);
      }
      emit.field(F.GRE_CHECKSUM_STATUS, at, 2, status);
    }
    emit.field(F.GRE_OFFSET, at + 2, 2, be16(base + <usize>at + 2));
    at += 4;
  }
  if ((fv & K) != 0) {
    if (version == 0) emit.field(F.GRE_KEY, at, 4, be32(base + <usize>at));
    at += 4;
  }
  if ((fv & S) != 0) {
    emit.field(F.GRE_SEQUENCE_NUMBER, at, 4, be32(base + <usize>at));
    at += 4;
  }
  emit.close();
  // Source routing entries (deprecated by RFC 2784) are not followed: the payload's start is unknown.
  if ((fv & R) != 0 || version > 1) return;
  setSequencePresent((fv & S) != 0);
  decodeEthertype(base, off + len, end, reported - len, proto);
}
