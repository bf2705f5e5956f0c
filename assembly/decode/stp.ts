// Spanning Tree BPDUs (LLC SAP 0x42), IEEE 802.1D-2004 §9.3 and 802.1Q-2018 §14: protocol id(2) version(1)
// type(1); a TCN BPDU ends there. Configuration and RST BPDUs: flags(1) root id(8) root path cost(4) bridge id(8)
// port id(2) message age, max age, hello time, forward delay (2 each, in 1/256 s); RSTP adds version 1 length(1);
// MSTP adds version 3 length(2), the MST configuration id (selector 1, name 32, revision 2, digest 16), the CIST
// internal root path cost(4), CIST bridge id(8), remaining hops(1) and 16-byte MSTI configuration messages.
// A bridge id is priority(4 bits) system id extension(12 bits) MAC(6).
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as malformed from './malformed';
import { macField } from './mac';

const TYPE_CONFIG: u32 = 0x00;
const TYPE_RST: u32 = 0x02;
const TYPE_TCN: u32 = 0x80;
const CONFIG_LENGTH = 35;
const VERSION_MSTP: u32 = 3;
const MST_FIXED = 102;
const MSTI_LENGTH = 16;

export function decodeStp(base: usize, off: i32, end: i32, reported: i32): void {
  const captured = min(end - off, reported);
  const p = base + <usize>off;
  const type = captured >= 4 ? u8at(p + 3) : 0;
  const version = captured >= 3 ? u8at(p + 2) : 0;
  const needed = captured < 4 || type == TYPE_TCN ? 4 : CONFIG_LENGTH;
  emit.open(F.STP, off, captured);
  // Wireshark reads the whole BPDU its type needs before showing any of it.
  if (captured < needed) {
    emit.close();
    return malformed.exception();
  }
  emit.field(F.STP_PROTOCOL, off, 2, be16(p));
  emit.field(F.STP_VERSION, off + 2, 1, version);
  emit.field(F.STP_TYPE, off + 3, 1, type);
  if (type == TYPE_CONFIG || type == TYPE_RST) {
    flags(F.STP_FLAGS, off + 4, u8at(p + 4), type == TYPE_RST);
    bridgeId(base, off + 5, F.STP_ROOT_PRIO, F.STP_ROOT_EXT, F.STP_ROOT_HW);
    emit.field(F.STP_ROOT_COST, off + 13, 4, be32(p + 13));
    bridgeId(base, off + 17, F.STP_BRIDGE_PRIO, F.STP_BRIDGE_EXT, F.STP_BRIDGE_HW);
    emit.field(F.STP_PORT, off + 25, 2, be16(p + 25));
    time(F.STP_MSG_AGE, base, off + 27);
    time(F.STP_MAX_AGE, base, off + 29);
    time(F.STP_HELLO, base, off + 31);
    time(F.STP_FORWARD, base, off + 33);
  }
  if (type == TYPE_RST) {
    if (captured < CONFIG_LENGTH + 1) {
      emit.close();
      return malformed.exception();
    }
    emit.field(F.STP_VERSION_1_LENGTH, off + 35, 1, u8at(p + 35));
    if (version == VERSION_MSTP && !mst(base, off, off + captured)) {
      emit.close();
      return malformed.exception();
    }
  }
  emit.close();
}

/** The BPDU flags; RST and MST BPDUs use all eight, configuration BPDUs only TC and TC acknowledgement. */
function flags(id: u16, at: i32, v: u32, rapid: bool): void {
  emit.field(id, at, 1, v);
  emit.field(F.STP_FLAGS_TCACK, at, 1, v >> 7);
  if (rapid) {
    emit.field(F.STP_FLAGS_AGREEMENT, at, 1, (v >> 6) & 1);
    emit.field(F.STP_FLAGS_FORWARDING, at, 1, (v >> 5) & 1);
    emit.field(F.STP_FLAGS_LEARNING, at, 1, (v >> 4) & 1);
    emit.field(F.STP_FLAGS_PORT_ROLE, at, 1, (v >> 2) & 3);
    emit.field(F.STP_FLAGS_PROPOSAL, at, 1, (v >> 1) & 1);
  }
  emit.field(F.STP_FLAGS_TC, at, 1, v & 1);
}

function bridgeId(base: usize, at: i32, prio: u16, ext: u16, hw: u16): void {
  const p = base + <usize>at;
  const word = be16(p);
  emit.field(prio, at, 2, word & 0xf000);
  emit.field(ext, at, 2, word & 0x0fff);
  macField(hw, p + 2, at + 2);
}

function time(id: u16, base: usize, at: i32): void {
  emit.field(id, at, 2, reinterpret<u32>(<f32>be16(base + <usize>at) / 256));
}

/** MSTP's MST extension and MSTI messages; false when the BPDU ends before what its version 3 length says. */
function mst(base: usize, off: i32, end: i32): bool {
  const p = base + <usize>off;
  if (end - off < 38) return false;
  const v3Length = <i32>be16(p + 36);
  emit.field(F.MSTP_VERSION_3_LENGTH, off + 36, 2, v3Length);
  if (end - off < MST_FIXED) return false;
  emit.field(F.MSTP_CONFIG_FORMAT_SELECTOR, off + 38, 1, u8at(p + 38));
  emit.field(F.MSTP_CONFIG_NAME, off + 39, 32);
  emit.field(F.MSTP_CONFIG_REVISION_LEVEL, off + 71, 2, be16(p + 71));
  emit.field(F.MSTP_CONFIG_DIGEST, off + 73, 16);
  emit.field(F.MSTP_CIST_INTERNAL_ROOT_PATH_COST, off + 89, 4, be32(p + 89));
  bridgeId(base, off + 93, F.MSTP_CIST_BRIDGE_PRIO, F.MSTP_CIST_BRIDGE_EXT, F.MSTP_CIST_BRIDGE_HW);
  emit.field(F.MSTP_CIST_REMAINING_HOPS, off + 101, 1, u8at(p + 101));
  const last = min(end, off + 38 + v3Length);
  for (let at = off + MST_FIXED; at < last; at += MSTI_LENGTH) {
    if (end - at < MSTI_LENGTH) return false;
    const q = base + <usize>at;
    flags(F.MSTP_MSTI_FLAGS, at, u8at(q), true);
    emit.field(F.MSTP_MSTI_PRIORITY, at + 1, 1, u8at(q + 1) >> 4);
    emit.field(F.MSTP_MSTI_MSTI_ID, at + 1, 2, be16(q + 1) & 0x0fff);
    macField(F.MSTP_MSTI_ROOT_HW, q + 3, at + 3);
    emit.field(F.MSTP_MSTI_ROOT_COST, at + 9, 4, be32(q + 9));
    emit.field(F.MSTP_MSTI_BRIDGE_PRIORITY, at + 13, 1, u8at(q + 13) >> 4);
    emit.field(F.MSTP_MSTI_PORT_PRIORITY, at + 14, 1, u8at(q + 14) >> 4);
    emit.field(F.MSTP_MSTI_REMAINING_HOPS, at + 15, 1, u8at(q + 15));
  }
  return true;
}
