// Per-frame decoding state shared by the layer decoders: written at the start of each frame, read by the
// layers and by the ingest loop when it writes the frame's index row. No allocation: plain globals.
import { NO_OFFSET } from '../generated/constants/values';

export let number: u32 = 0;
/** Captured bytes of the frame. */
export let capLen: i32 = 0;
/** Length on the wire. */
export let origLen: i32 = 0;
export let flags: u32 = 0;
export let top: u8 = 0;
export let l3Offset: i32 = NO_OFFSET;
export let l4Offset: i32 = NO_OFFSET;
/** Network headers decoded (a tunnel's inner ones included): more than one means fields such as ip.addr repeat. */
export let networkHeaders: i32 = 0;
/**
 * Set while decoding the packet an ICMP error quotes: its headers describe another packet, so they must not
 * change this frame's row (top protocol, offsets, flags).
 */
export let quoted = false;

/** When the frame was captured, in ns since 1970 (what request/response pairs measure). */
export let timeNs: i64 = 0;

export function begin(n: u32, cap: i32, orig: i32): void {
  number = n;
  capLen = cap;
  origLen = orig;
  flags = 0;
  top = 0;
  l3Offset = NO_OFFSET;
  l4Offset = NO_OFFSET;
  networkHeaders = 0;
  quoted = false;
}

export function setTime(ns: i64): void {
  timeNs = ns;
}

export function flag(bit: u32): void {
  if (!quoted) flags |= bit;
}
export function setTop(t: u8): void {
  if (!quoted) top = t;
}
export function setL3(off: i32): void {
  networkHeaders++;
  if (!quoted && l3Offset == NO_OFFSET) l3Offset = off;
}
export function setL4(off: i32): void {
  if (!quoted && l4Offset == NO_OFFSET) l4Offset = off;
}
export function setQuoted(q: bool): void {
  quoted = q;
}
