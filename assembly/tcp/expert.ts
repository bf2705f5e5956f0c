// Expert information (Wireshark's model: a message with a severity and a group), produced in the core. An item
// is four field records, as Wireshark's expert subtree: `_ws.expert` and `_ws.expert.message` (v0 = message id,
// ExpertMessage in src/abi/core-constants.ts; v1 = severity; v2 = group; v3 = the message's number, if any), then
// `_ws.expert.severity` and `_ws.expert.group` with Wireshark's values. The frame's highest severity goes to
// the index (column `expert`). Any decoder may call add().
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as seg from './segment';
import * as A from './analysis';
import * as flow from './flows';
import { CHAT, NOTE, WARN, ERROR } from '../generated/constants/expert-severity';
import { GROUP_CHECKSUM, GROUP_SEQUENCE, GROUP_PROTOCOL } from '../generated/constants/expert-group';
import {
  BAD_CHECKSUM,
  RETRANSMISSION,
  FAST_RETRANSMISSION,
  SPURIOUS_RETRANSMISSION,
  OUT_OF_ORDER,
  LOST_SEGMENT,
  ACK_LOST_SEGMENT,
  DUPLICATE_ACK,
  ZERO_WINDOW,
  ZERO_WINDOW_PROBE,
  ZERO_WINDOW_PROBE_ACK,
  WINDOW_FULL,
  WINDOW_UPDATE,
  KEEP_ALIVE,
  KEEP_ALIVE_ACK,
  REUSED_PORTS,
  SYN,
  SYN_ACK,
  FIN,
  RST,
  FIN_ACTIVE,
  FIN_PASSIVE,
  ACK_NONZERO,
  MSS_ABSENT,
} from '../generated/constants/expert-message';

// Severities, groups and message ids are shared with TypeScript (src/abi/core-constants.ts: ExpertSeverity,
// ExpertGroup, ExpertMessage), which words them.
export * from '../generated/constants/expert-severity';
export * from '../generated/constants/expert-group';
export * from '../generated/constants/expert-message';

/** Highest severity added to the current frame (0: none); reset per frame. */
export let frameSeverity: u8 = 0;

export function beginFrame(): void {
  frameSeverity = 0;
}

export function add(message: u32, severity: u8, group: u32, arg: u32 = 0): void {
  if (severity > frameSeverity) frameSeverity = severity;
  emit.field(F._WS_EXPERT, 0, 0, message, severity, group, arg);
  emit.field(F._WS_EXPERT_MESSAGE, 0, 0, message, severity, group, arg);
  emit.field(F._WS_EXPERT_SEVERITY, 0, 0, (<u32>severity) << 21);
  emit.field(F._WS_EXPERT_GROUP, 0, 0, group << 24);
}

/** A bad checksum: the value the field should hold. ICMP's are warnings, the others errors (as Wireshark). */
export function badChecksum(shouldBe: u32, severity: u8 = ERROR): void {
  add(BAD_CHECKSUM, severity, GROUP_CHECKSUM, shouldBe);
}

// What the TCP decoder found in the header, reported with the segment's other items in Wireshark's order.
/** The checksum's right value, or -1 when it is right or not verified. */
let tcpChecksumShouldBe: i32 = -1;
let tcpMssAbsent = false;

export function noteTcpHeader(checksumShouldBe: i32, mssAbsent: bool): void {
  tcpChecksumShouldBe = checksumShouldBe;
  tcpMssAbsent = mssAbsent;
}

/**
 * TCP's expert items for the current segment, in the order tshark adds them: the ACK field, the flags (and who
 * closes), the checksum, the options, then the sequence analysis. f and r: the sender's and the peer's
 * direction, null when the segment was not analysed (a lone frame decoded for its tree), so only what its own
 * header shows.
 */
export function tcp(f: flow.Direction | null, r: flow.Direction | null): void {
  const tf = seg.flags;
  if ((tf & seg.ACK) == 0 && seg.ack != 0) add(ACK_NONZERO, NOTE, GROUP_PROTOCOL);
  if ((tf & seg.SYN) != 0) {
    const ack = (tf & seg.ACK) != 0;
    // A SYN+ACK that acknowledges more than the SYN took the data sent with it (TCP Fast Open, RFC 7413).
    if (ack && r !== null && seg.ack - r.baseSeq > 1) add(TFO_ACCEPTED, NOTE, GROUP_SEQUENCE);
    // The server's port: where a SYN goes, where a SYN+ACK comes from.
    add(ack ? SYN_ACK : SYN, CHAT, GROUP_SEQUENCE, ack ? seg.sport : seg.dport);
  }
  if ((tf & seg.FIN) != 0) {
    add(FIN, CHAT, GROUP_SEQUENCE);
    if (f !== null && r !== null) add(closes(f, r) ? FIN_ACTIVE : FIN_PASSIVE, NOTE, GROUP_SEQUENCE);
  }
  if ((tf & seg.RST) != 0) add(RST, WARN, GROUP_SEQUENCE);
  if (tcpChecksumShouldBe >= 0) badChecksum(<u32>tcpChecksumShouldBe);
  if (tcpMssAbsent) add(MSS_ABSENT, NOTE, GROUP_PROTOCOL);
  if (f !== null) analysis();
}

/** Whether this FIN's sender is the side that began closing (the first FIN of the conversation, or its repeat). */
function closes(f: flow.Direction, r: flow.Direction): bool {
  if ((r.staticFlags & flow.CLOSING_INITIATOR) != 0) return false;
  f.staticFlags |= flow.CLOSING_INITIATOR;
  return true;
}

function analysis(): void {
  const f = A.flags;
  // A fast or spurious retransmission is reported as a retransmission as well, after its own item.
  if ((f & A.FAST_RETRANSMISSION) != 0) add(FAST_RETRANSMISSION, NOTE, GROUP_SEQUENCE);
  if ((f & A.SPURIOUS_RETRANSMISSION) != 0) add(SPURIOUS_RETRANSMISSION, NOTE, GROUP_SEQUENCE);
  if ((f & (A.RETRANSMISSION | A.FAST_RETRANSMISSION | A.SPURIOUS_RETRANSMISSION)) != 0)
    add(RETRANSMISSION, NOTE, GROUP_SEQUENCE);
  if ((f & A.OUT_OF_ORDER) != 0) add(OUT_OF_ORDER, WARN, GROUP_SEQUENCE);
  if ((f & A.REUSED_PORTS) != 0) add(REUSED_PORTS, NOTE, GROUP_SEQUENCE);
  if ((f & A.LOST_SEGMENT) != 0) add(LOST_SEGMENT, WARN, GROUP_SEQUENCE);
  if ((f & A.ACK_LOST_SEGMENT) != 0) add(ACK_LOST_SEGMENT, WARN, GROUP_SEQUENCE);
  if ((f & A.WINDOW_UPDATE) != 0) add(WINDOW_UPDATE, CHAT, GROUP_SEQUENCE);
  if ((f & A.WINDOW_FULL) != 0) add(WINDOW_FULL, WARN, GROUP_SEQUENCE);
  if ((f & A.KEEP_ALIVE) != 0) add(KEEP_ALIVE, NOTE, GROUP_SEQUENCE);
  if ((f & A.KEEP_ALIVE_ACK) != 0) add(KEEP_ALIVE_ACK, NOTE, GROUP_SEQUENCE);
  if ((f & A.DUPLICATE_ACK) != 0) add(DUPLICATE_ACK, NOTE, GROUP_SEQUENCE, A.dupAckNum);
  if ((f & A.ZERO_WINDOW_PROBE) != 0) add(ZERO_WINDOW_PROBE, NOTE, GROUP_SEQUENCE);
  if ((f & A.ZERO_WINDOW) != 0) add(ZERO_WINDOW, WARN, GROUP_SEQUENCE);
  if ((f & A.ZERO_WINDOW_PROBE_ACK) != 0) add(ZERO_WINDOW_PROBE_ACK, NOTE, GROUP_SEQUENCE);
}
