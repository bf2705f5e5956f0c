// Per-direction TCP state for sequence analysis (index: conversation * 2 + side, side 1 = sent by endpoint B),
// in parallel growable arrays: steady-state analysis allocates nothing. The segments themselves are unacked.ts's.

/** Window scale: not known (no SYN seen), or known to be off. Otherwise the shift count. */
export const SCALE_UNKNOWN: i32 = -1;
export const SCALE_NONE: i32 = -2;

export const BASE_SET: u32 = 1;
/** This direction sent a SYN / a SYN+ACK / the handshake's final ACK. */
export const SAW_SYN: u32 = 2;
export const SAW_SYN_ACK: u32 = 4;
/** This direction sent the conversation's first FIN (Wireshark's closing initiator). */
export const CLOSING_INITIATOR: u32 = 8;

export const staticFlags = new Array<u32>();
export const baseSeq = new Array<u32>();
/** Highest seq + len (+ SYN/FIN) sent so far: the next sequence number expected; 0 = none yet. */
export const nextSeq = new Array<u32>();
export const nextSeqFrame = new Array<u32>();
export const nextSeqTime = new Array<i64>();
export const maxSeqToBeAcked = new Array<u32>();
export const lastAck = new Array<u32>();
export const lastAckTime = new Array<i64>();
export const lastNonDupAck = new Array<u32>();
export const dupAckCount = new Array<u32>();
/** The raw window of this direction's last segment (0xffffffff: none yet) and whether it was a SYN's. */
export const window = new Array<u32>();
export const windowFromSyn = new Array<bool>();
export const winScale = new Array<i32>();
/** Analysis flags of this direction's last segment. */
export const lastFlags = new Array<u32>();
export const validBif = new Array<bool>();
/** Bytes the SACK blocks of this direction's last segment cover. */
export const sacked = new Array<u32>();
/**
 * This direction's unacknowledged segments, in order of sequence number (lowest first), so an ACK drops
 * them from the front and new data joins at the back: head and tail (-1: empty), length, and the highest
 * end (seq + len) listed.
 */
export const unacked = new Array<i32>();
export const unackedTail = new Array<i32>();
export const unackedCount = new Array<i32>();
export const unackedMaxNext = new Array<u32>();

// Per conversation.
/** When the most recent SYN was sent (ns), and the handshake's RTT once its final ACK is seen (0: not yet). */
export const synTime = new Array<i64>();
export const initialRtt = new Array<i64>();

export function reset(): void {
  staticFlags.length = 0; baseSeq.length = 0; nextSeq.length = 0; nextSeqFrame.length = 0; nextSeqTime.length = 0;
  maxSeqToBeAcked.length = 0; lastAck.length = 0; lastAckTime.length = 0; lastNonDupAck.length = 0;
  dupAckCount.length = 0; window.length = 0; windowFromSyn.length = 0; winScale.length = 0; lastFlags.length = 0;
  validBif.length = 0; sacked.length = 0;
  unacked.length = 0; unackedTail.length = 0; unackedCount.length = 0; unackedMaxNext.length = 0;
  synTime.length = 0; initialRtt.length = 0;
}

/** Makes room for conversation `conv` (conversations are created in order, so at most one step at a time). */
export function ensure(conv: i32): void {
  while (synTime.length <= conv) {
    synTime.push(0);
    initialRtt.push(0);
    for (let side = 0; side < 2; side++) {
      staticFlags.push(0); baseSeq.push(0); nextSeq.push(0); nextSeqFrame.push(0); nextSeqTime.push(0);
      maxSeqToBeAcked.push(0); lastAck.push(0); lastAckTime.push(0); lastNonDupAck.push(0); dupAckCount.push(0);
      window.push(0xffffffff); windowFromSyn.push(false); winScale.push(SCALE_UNKNOWN); lastFlags.push(0);
      validBif.push(true); sacked.push(0);
      unacked.push(-1); unackedTail.push(-1); unackedCount.push(0); unackedMaxNext.push(0);
    }
  }
}
