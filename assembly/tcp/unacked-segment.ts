// One segment a direction has sent and the peer has not acknowledged yet: a node of that direction's list
// (unacked.ts), pooled and recycled, so steady-state analysis allocates nothing.

@final
export class Segment {
  seq: u32 = 0;
  next: u32 = 0;
  frame: u32 = 0;
  time: i64 = 0;
  /** Neighbours in the list (higher / lower sequence number); `after` also links the free list. */
  after: Segment | null = null;
  before: Segment | null = null;
}
