// Per-conversation TCP state for sequence analysis: a Connection (owned by its conversation object, see
// conversations.ts) with a Direction per side (side 1 = sent by endpoint B), plain fields one load away, so
// steady-state analysis allocates nothing. The segments themselves are unacked.ts's.
import { Segment } from './unacked-segment';

/** Window scale: not known (no SYN seen), or known to be off. Otherwise the shift count. */
export const SCALE_UNKNOWN: i32 = -1;
export const SCALE_NONE: i32 = -2;

export const BASE_SET: u32 = 1;
/** This direction sent a SYN / a SYN+ACK / the handshake's final ACK. */
export const SAW_SYN: u32 = 2;
export const SAW_SYN_ACK: u32 = 4;
/** This direction sent the conversation's first FIN (Wireshark's closing initiator). */
export const CLOSING_INITIATOR: u32 = 8;

@final
export class Direction {
  staticFlags: u32 = 0;
  baseSeq: u32 = 0;
  /** Highest seq + len (+ SYN/FIN) sent so far: the next sequence number expected; 0 = none yet. */
  nextSeq: u32 = 0;
  nextSeqFrame: u32 = 0;
  nextSeqTime: i64 = 0;
  maxSeqToBeAcked: u32 = 0;
  lastAck: u32 = 0;
  lastAckTime: i64 = 0;
  lastNonDupAck: u32 = 0;
  dupAckCount: u32 = 0;
  /** The raw window of this direction's last segment (0xffffffff: none yet) and whether it was a SYN's. */
  window: u32 = 0xffffffff;
  windowFromSyn: bool = false;
  winScale: i32 = SCALE_UNKNOWN;
  /** Analysis flags of this direction's last segment. */
  lastFlags: u32 = 0;
  validBif: bool = true;
  /** Bytes the SACK blocks of this direction's last segment cover. */
  sacked: u32 = 0;
  /** Payload bytes sent since this direction's last PSH (tcp.analysis.push_bytes_sent). */
  pushBytes: u32 = 0;
  /**
   * This direction's unacknowledged segments (unacked.ts), in order of sequence number (lowest first), so an
   * ACK drops them from the front and new data joins at the back: head and tail (null: empty), length, and the
   * highest end (seq + len) listed.
   */
  unacked: Segment | null = null;
  unackedTail: Segment | null = null;
  unackedCount: i32 = 0;
  unackedMaxNext: u32 = 0;

  init(): void {
    this.staticFlags = 0;
    this.baseSeq = 0;
    this.nextSeq = 0;
    this.nextSeqFrame = 0;
    this.nextSeqTime = 0;
    this.maxSeqToBeAcked = 0;
    this.lastAck = 0;
    this.lastAckTime = 0;
    this.lastNonDupAck = 0;
    this.dupAckCount = 0;
    this.window = 0xffffffff;
    this.windowFromSyn = false;
    this.winScale = SCALE_UNKNOWN;
    this.lastFlags = 0;
    this.validBif = true;
    this.sacked = 0;
    this.pushBytes = 0;
    this.unacked = null;
    this.unackedTail = null;
    this.unackedCount = 0;
    this.unackedMaxNext = 0;
  }
}

@final
export class Connection {
  readonly a: Direction = new Direction();
  readonly b: Direction = new Direction();
  /** When the most recent SYN was sent (ns), and the handshake's RTT once its final ACK is seen (0: not yet). */
  synTime: i64 = 0;
  initialRtt: i64 = 0;

  init(): void {
    this.a.init();
    this.b.init();
    this.synTime = 0;
    this.initialRtt = 0;
  }

  /** side 0: endpoint A's direction, 1: B's. */
  // @ts-ignore: decorator
  @inline side(side: i32): Direction {
    return side == 0 ? this.a : this.b;
  }
}
