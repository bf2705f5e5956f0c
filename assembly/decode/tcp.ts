// TCP (RFC 9293). View: sport(2) dport(2) seq(4) ack(4) offset/flags(2) window(2) checksum(2) urgent(2)
// options. Conversation tracking and sequence analysis (assembly/tcp/) then take the segment, with what the
// options say about window scaling and SACK.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { TOP_TCP, FLAG_CHECKSUM_BAD, FLAG_MALFORMED } from '../rows';
import { pseudoSum, shouldBe, GOOD, BAD, UNVERIFIED } from './checksum';
import * as expert from '../tcp/expert';
import { addrSum, partial } from './ip-context';
import { PROTO_TCP } from './by-ip-protocol';
import { analyzeTcp } from '../tcp/track';
import * as seg from '../tcp/segment';
import { decodeMptcp } from './mptcp';

const MIN_HEADER = 20;
const PORTS = 4;
const OPT_EOL: u32 = 0;
const OPT_NOP: u32 = 1;
const OPT_MSS: u32 = 2;
const OPT_WSCALE: u32 = 3;
const OPT_SACK_PERM: u32 = 4;
const OPT_SACK: u32 = 5;
const OPT_TIMESTAMP: u32 = 8;
const OPT_MD5: u32 = 19;
const OPT_USER_TIMEOUT: u32 = 28;
const OPT_MPTCP: u32 = 30;
const OPT_FAST_OPEN: u32 = 34;
const OPT_EXPERIMENT_1: u32 = 253;
const OPT_EXPERIMENT_2: u32 = 254;
/** RFC 7413's experimental option identifier for Fast Open before kind 34. */
const EXID_FAST_OPEN: u32 = 0xf989;
/** RFC 7323 §2.3: a larger shift is used as 14. */
const MAX_WSCALE: u32 = 14;
const FLAG_SYN: u32 = 0x002;
const FLAG_RST: u32 = 0x004;

/** off..end: captured bytes of the segment; reported: its length per the IP layer. */
export function decodeTcp(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = end - off;
  if (captured < PORTS) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  frame.setTop(TOP_TCP);
  emit.open(F.TCP, off, min(captured, MIN_HEADER));
  const sport = be16(p);
  const dport = be16(p + 2);
  emit.field(F.TCP_SRCPORT, off, 2, sport);
  emit.field(F.TCP_DSTPORT, off + 2, 2, dport);
  emit.field(F.TCP_PORT, off, 2, sport);
  emit.field(F.TCP_PORT, off + 2, 2, dport);
  if (captured < MIN_HEADER) {
    // An ICMP error quotes only the first 8 bytes.
    if (captured >= 8) emit.field(F.TCP_SEQ_RAW, off + 4, 4, be32(p + 4));
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const hdrLen = <i32>(u8at(p + 12) >> 4) * 4;
  const flags = be16(p + 12) & 0xfff;
  if (hdrLen >= MIN_HEADER && reported >= hdrLen) emit.field(F.TCP_LEN, off + 12, 1, <u32>(reported - hdrLen));
  emit.field(F.TCP_SEQ_RAW, off + 4, 4, be32(p + 4));
  emit.field(F.TCP_ACK_RAW, off + 8, 4, be32(p + 8));
  emit.field(F.TCP_HDR_LEN, off + 12, 1, <u32>hdrLen);
  if (hdrLen < MIN_HEADER) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  emit.field(F.TCP_FLAGS, off + 12, 2, flags);
  emit.field(F.TCP_FLAGS_RES, off + 12, 1, (flags >> 9) & 7);
  emit.field(F.TCP_FLAGS_AE, off + 12, 1, (flags >> 8) & 1);
  emit.field(F.TCP_FLAGS_CWR, off + 13, 1, (flags >> 7) & 1);
  emit.field(F.TCP_FLAGS_ECE, off + 13, 1, (flags >> 6) & 1);
  emit.field(F.TCP_FLAGS_URG, off + 13, 1, (flags >> 5) & 1);
  emit.field(F.TCP_FLAGS_ACK, off + 13, 1, (flags >> 4) & 1);
  emit.field(F.TCP_FLAGS_PUSH, off + 13, 1, (flags >> 3) & 1);
  emit.field(F.TCP_FLAGS_RESET, off + 13, 1, (flags >> 2) & 1);
  emit.field(F.TCP_FLAGS_SYN, off + 13, 1, (flags >> 1) & 1);
  emit.field(F.TCP_FLAGS_FIN, off + 13, 1, flags & 1);
  emit.field(F.TCP_WINDOW_SIZE_VALUE, off + 14, 2, be16(p + 14));
  const checksum = be16(p + 16);
  emit.field(F.TCP_CHECKSUM, off + 16, 2, checksum);
  let status = UNVERIFIED;
  let rightChecksum: i32 = -1;
  if (!partial && captured >= reported) {
    const sum = pseudoSum(addrSum, PROTO_TCP, p, reported);
    status = sum == 0xffff ? GOOD : BAD;
    if (status == BAD) {
      frame.flag(FLAG_CHECKSUM_BAD);
      rightChecksum = <i32>shouldBe(checksum, sum);
    }
  }
  emit.field(F.TCP_CHECKSUM_STATUS, off + 16, 2, status);
  if (status != UNVERIFIED) {
    emit.field(F.TCP_CHECKSUM_CALCULATED, off + 16, 2, rightChecksum < 0 ? checksum : <u32>rightChecksum);
  }
  emit.field(F.TCP_URGENT_POINTER, off + 18, 2, be16(p + 18));
  let mssAbsent = false;
  seg.clearSackRecords();
  optionWscale = -1;
  optionSacked = 0;
  if (hdrLen > MIN_HEADER) {
    const optEnd = off + min(hdrLen, captured);
    emit.field(F.TCP_OPTIONS, off + MIN_HEADER, optEnd - off - MIN_HEADER);
    // A SYN with options but no MSS among them (RFC 9293 §3.7.1 wants one).
    mssAbsent =
      !decodeOptions(base, off + MIN_HEADER, optEnd, (flags & FLAG_SYN) != 0, be32(p + 8)) && (flags & FLAG_SYN) != 0;
  }
  expert.noteTcpHeader(rightChecksum, mssAbsent);
  analyzeTcp(p, hdrLen, reported, captured, optionWscale, optionSacked);
  // The payload as one bytes field, when all of it was captured (tshark adds none past the snapshot length);
  // a reset's data is text saying why (RFC 9293 §3.5.3).
  if (reported > hdrLen && captured >= reported) {
    emit.field((flags & FLAG_RST) != 0 ? F.TCP_RESET_CAUSE : F.TCP_PAYLOAD, off + hdrLen, reported - hdrLen);
  }
  emit.close();
}

// What the options tell sequence analysis: the window scale shift (a SYN's only; -1: none) and the bytes the
// SACK blocks cover (RFC 2018).
let optionWscale: i32 = -1;
let optionSacked: u32 = 0;

/**
 * Options (RFC 9293 §3.1): EOL and NOP are one byte, the others kind, length, value. Returns whether an MSS was
 * among them; sets optionWscale (only when `syn`) and optionSacked.
 */
function decodeOptions(base: usize, off: i32, end: i32, syn: bool, ack: u32): bool {
  let mss = false;
  while (off < end) {
    const p = base + <usize>off;
    const kind = u8at(p);
    if (kind == OPT_EOL || kind == OPT_NOP) {
      emit.open(kind == OPT_EOL ? F.TCP_OPTIONS_EOL : F.TCP_OPTIONS_NOP, off, 1);
      emit.field(F.TCP_OPTION_KIND, off, 1, kind);
      emit.close();
      if (kind == OPT_EOL) return mss;
      off++;
      continue;
    }
    if (end - off < 2) return mss;
    const len = <i32>u8at(p + 1);
    if (len < 2 || end - off < len) {
      frame.flag(FLAG_MALFORMED);
      return mss;
    }
    if (kind == OPT_SACK_PERM) emit.open(F.TCP_OPTIONS_SACK_PERM, off, len);
    emit.field(F.TCP_OPTION_KIND, off, 1, kind);
    emit.field(F.TCP_OPTION_LEN, off + 1, 1, <u32>len);
    if (kind == OPT_MSS) mss = true;
    if (kind == OPT_MSS && len == 4) {
      emit.field(F.TCP_OPTIONS_MSS_VAL, off + 2, 2, be16(p + 2));
    } else if (kind == OPT_WSCALE && len == 3) {
      const shift = u8at(p + 2);
      if (syn) optionWscale = <i32>min(shift, MAX_WSCALE);
      emit.field(F.TCP_OPTIONS_WSCALE_SHIFT, off + 2, 1, shift);
      emit.field(F.TCP_OPTIONS_WSCALE_MULTIPLIER, off + 2, 1, 1 << min(shift, MAX_WSCALE));
    } else if (kind == OPT_SACK) {
      if (emit.enabled) sackEdges(p, off, len, ack);
      emit.field(F.TCP_OPTIONS_SACK_COUNT, off + 1, 1, <u32>((len - 2) / 8));
      for (let b = p + 2; b + 8 <= p + <usize>len; b += 8) optionSacked += be32(b + 4) - be32(b);
    } else if (kind == OPT_TIMESTAMP && len == 10) {
      emit.field(F.TCP_OPTIONS_TIMESTAMP_TSVAL, off + 2, 4, be32(p + 2));
      emit.field(F.TCP_OPTIONS_TIMESTAMP_TSECR, off + 6, 4, be32(p + 6));
    } else if (emit.enabled) {
      otherOption(p, off, len, kind);
    }
    if (kind == OPT_SACK_PERM) emit.close();
    off += len;
  }
  return mss;
}

/**
 * SACK blocks (RFC 2018), noted so the conversation makes them relative; a first block below the
 * acknowledgement number or inside the second reports a duplicate (D-SACK, RFC 2883 §4).
 */
function sackEdges(p: usize, off: i32, len: i32, ack: u32): void {
  let n = 0;
  for (let at = 2; at + 8 <= len; at += 8) {
    seg.noteSackRecord(emit.count());
    emit.field(F.TCP_OPTIONS_SACK_LE, off + at, 4, be32(p + <usize>at));
    seg.noteSackRecord(emit.count());
    emit.field(F.TCP_OPTIONS_SACK_RE, off + at + 4, 4, be32(p + <usize>at + 4));
    n++;
  }
  if (n == 0) return;
  const le = be32(p + 2);
  const re = be32(p + 6);
  const duplicate = <i32>(le - ack) < 0 || (n > 1 && <i32>(le - be32(p + 10)) >= 0 && <i32>(re - be32(p + 14)) <= 0);
  if (!duplicate) return;
  seg.noteSackRecord(emit.count());
  emit.field(F.TCP_OPTIONS_SACK_DSACK_LE, off + 2, 4, le);
  seg.noteSackRecord(emit.count());
  emit.field(F.TCP_OPTIONS_SACK_DSACK_RE, off + 6, 4, re);
}

/** MD5 signatures (RFC 2385), user timeouts (RFC 5482), Multipath TCP (RFC 8684), Fast Open cookies (RFC 7413), experiments (RFC 6994). */
function otherOption(p: usize, off: i32, len: i32, kind: u32): void {
  if (kind == OPT_MD5 && len == 18) {
    emit.field(F.TCP_OPTIONS_MD5_DIGEST, off + 2, 16);
  } else if (kind == OPT_USER_TIMEOUT && len == 4) {
    const value = be16(p + 2);
    emit.field(F.TCP_OPTIONS_USER_TO_GRANULARITY, off + 2, 2, value >> 15);
    emit.field(F.TCP_OPTIONS_USER_TO_VAL, off + 2, 2, value & 0x7fff);
  } else if (kind == OPT_MPTCP) {
    decodeMptcp(p, off, len);
  } else if (kind == OPT_FAST_OPEN) {
    fastOpen(off + 2, len - 2);
  } else if ((kind == OPT_EXPERIMENT_1 || kind == OPT_EXPERIMENT_2) && len >= 4) {
    const exid = be16(p + 2);
    emit.field(F.TCP_OPTIONS_EXPERIMENTAL_EXID, off + 2, 2, exid);
    if (exid == EXID_FAST_OPEN) fastOpen(off + 4, len - 4);
  }
}

function fastOpen(off: i32, len: i32): void {
  if (len == 0) emit.field(F.TCP_OPTIONS_TFO_REQUEST, off, 0, 1);
  else emit.field(F.TCP_OPTIONS_TFO_COOKIE, off, len);
}
