// Expert information (Wireshark's model: a message with a severity and a group), produced in the core. A
// record is a field record of `_ws.expert` with v0 = message id (EXPERT_MESSAGES in src/fields/expert.ts),
// v1 = severity, v2 = group; the frame's highest severity goes to the index (column `expert`). Any decoder
// may call add().
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as seg from './segment';
import * as A from './analysis';
import * as flow from './flows';

export const CHAT: u8 = 1;
export const NOTE: u8 = 2;
export const WARN: u8 = 3;
export const ERROR: u8 = 4;

export const GROUP_CHECKSUM: u32 = 1;
export const GROUP_SEQUENCE: u32 = 2;
export const GROUP_MALFORMED: u32 = 3;
export const GROUP_PROTOCOL: u32 = 4;

// Message ids, in the order of EXPERT_MESSAGES.
export const BAD_CHECKSUM: u32 = 0;
export const RETRANSMISSION: u32 = 1;
export const FAST_RETRANSMISSION: u32 = 2;
export const SPURIOUS_RETRANSMISSION: u32 = 3;
export const OUT_OF_ORDER: u32 = 4;
export const LOST_SEGMENT: u32 = 5;
export const ACK_LOST_SEGMENT: u32 = 6;
export const DUPLICATE_ACK: u32 = 7;
export const ZERO_WINDOW: u32 = 8;
export const ZERO_WINDOW_PROBE: u32 = 9;
export const ZERO_WINDOW_PROBE_ACK: u32 = 10;
export const WINDOW_FULL: u32 = 11;
export const WINDOW_UPDATE: u32 = 12;
export const KEEP_ALIVE: u32 = 13;
export const KEEP_ALIVE_ACK: u32 = 14;
export const REUSED_PORTS: u32 = 15;
export const SYN: u32 = 16;
export const SYN_ACK: u32 = 17;
export const FIN: u32 = 18;
export const RST: u32 = 19;
export const REFUSED: u32 = 20;
export const HANDSHAKE_ACK_MISMATCH: u32 = 21;
export const ACK_NONZERO: u32 = 22;

/** Highest severity added to the current frame (0: none); reset per frame. */
export let frameSeverity: u8 = 0;

export function beginFrame(): void { frameSeverity = 0; }

export function add(message: u32, severity: u8, group: u32): void {
  if (severity > frameSeverity) frameSeverity = severity;
  emit.field(F._WS_EXPERT, 0, 0, message, severity, group);
}

/** TCP's expert items for the current segment, after analysis. side: the sender (0 = endpoint A). */
export function tcp(conv: i32, side: i32): void {
  const f = A.flags;
  if ((f & A.RETRANSMISSION) != 0) add(RETRANSMISSION, NOTE, GROUP_SEQUENCE);
  if ((f & A.FAST_RETRANSMISSION) != 0) add(FAST_RETRANSMISSION, NOTE, GROUP_SEQUENCE);
  if ((f & A.SPURIOUS_RETRANSMISSION) != 0) add(SPURIOUS_RETRANSMISSION, NOTE, GROUP_SEQUENCE);
  if ((f & A.OUT_OF_ORDER) != 0) add(OUT_OF_ORDER, WARN, GROUP_SEQUENCE);
  if ((f & A.LOST_SEGMENT) != 0) add(LOST_SEGMENT, WARN, GROUP_SEQUENCE);
  if ((f & A.ACK_LOST_SEGMENT) != 0) add(ACK_LOST_SEGMENT, WARN, GROUP_SEQUENCE);
  if ((f & A.DUPLICATE_ACK) != 0) add(DUPLICATE_ACK, NOTE, GROUP_SEQUENCE);
  if ((f & A.ZERO_WINDOW) != 0) add(ZERO_WINDOW, WARN, GROUP_SEQUENCE);
  if ((f & A.ZERO_WINDOW_PROBE) != 0) add(ZERO_WINDOW_PROBE, NOTE, GROUP_SEQUENCE);
  if ((f & A.ZERO_WINDOW_PROBE_ACK) != 0) add(ZERO_WINDOW_PROBE_ACK, NOTE, GROUP_SEQUENCE);
  if ((f & A.WINDOW_FULL) != 0) add(WINDOW_FULL, WARN, GROUP_SEQUENCE);
  if ((f & A.WINDOW_UPDATE) != 0) add(WINDOW_UPDATE, CHAT, GROUP_SEQUENCE);
  if ((f & A.KEEP_ALIVE) != 0) add(KEEP_ALIVE, NOTE, GROUP_SEQUENCE);
  if ((f & A.KEEP_ALIVE_ACK) != 0) add(KEEP_ALIVE_ACK, NOTE, GROUP_SEQUENCE);
  if ((f & A.REUSED_PORTS) != 0) add(REUSED_PORTS, NOTE, GROUP_SEQUENCE);
  const tf = seg.flags;
  if ((tf & seg.SYN) != 0) add((tf & seg.ACK) != 0 ? SYN_ACK : SYN, CHAT, GROUP_SEQUENCE);
  if ((tf & seg.FIN) != 0) add(FIN, CHAT, GROUP_SEQUENCE);
  if ((tf & seg.RST) != 0) {
    // A reset answering a SYN that was never accepted is a refused connection.
    const peer = conv * 2 + (side ^ 1);
    const refused = (tf & seg.ACK) != 0 && (unchecked(flow.staticFlags[conv * 2 + side]) & flow.SAW_SYN_ACK) == 0 &&
      (unchecked(flow.staticFlags[peer]) & flow.SAW_SYN) != 0 && seg.ack == unchecked(flow.baseSeq[peer]) + 1;
    add(refused ? REFUSED : RST, WARN, GROUP_SEQUENCE);
  }
  if ((tf & seg.ACK) == 0 && seg.ack != 0 && (tf & seg.RST) == 0) add(ACK_NONZERO, NOTE, GROUP_PROTOCOL);
  // The handshake's final ACK must acknowledge the peer's ISN + 1 (RFC 9293 §3.5).
  if ((tf & (seg.SYN | seg.ACK | seg.RST)) == seg.ACK && (unchecked(flow.staticFlags[conv * 2 + (side ^ 1)]) & flow.SAW_SYN_ACK) != 0 &&
      (unchecked(flow.staticFlags[conv * 2 + side]) & flow.HANDSHAKE_DONE) == 0) {
    unchecked(flow.staticFlags[conv * 2 + side] |= flow.HANDSHAKE_DONE);
    if (seg.ack != unchecked(flow.baseSeq[conv * 2 + (side ^ 1)]) + 1) add(HANDSHAKE_ACK_MISMATCH, WARN, GROUP_PROTOCOL);
  }
}
