// The TCP segment being analysed: what the TCP decoder read from its header, in one set of globals (filled
// once per segment, nothing allocated). Numbers are raw (absolute) as on the wire.
import { be16, be32 } from '../bytes';

export const FIN: u32 = 0x01;
export const SYN: u32 = 0x02;
export const RST: u32 = 0x04;
export const PSH: u32 = 0x08;
export const ACK: u32 = 0x10;

export let sport: u32 = 0;
export let dport: u32 = 0;
export let seq: u32 = 0;
export let ack: u32 = 0;
export let flags: u32 = 0;
export let window: u32 = 0;
/** Shift count of a window scale option, or -1 when the segment carries none. */
export let wscale: i32 = -1;
/** Bytes the SACK option's blocks cover (RFC 2018), 0 without one. */
export let sackedBytes: u32 = 0;
/** Payload length per the IP layer (tshark's tcp.len). */
export let length: u32 = 0;
/** Payload bytes present in the capture. */
export let captured: u32 = 0;
/** Where the payload starts, within the bytes the decoder was given. */
export let payload: usize = 0;

/**
 * Reads the header at p (hdrLen bytes, already checked present): the payload follows. wscaleOption and sacked:
 * what the TCP decoder read from the options.
 */
export function fill(p: usize, hdrLen: i32, reported: i32, capturedTotal: i32, wscaleOption: i32, sacked: u32): void {
  sport = be16(p);
  dport = be16(p + 2);
  seq = be32(p + 4);
  ack = be32(p + 8);
  flags = be16(p + 12) & 0xfff;
  window = be16(p + 14);
  length = <u32>max(reported - hdrLen, 0);
  captured = <u32>max(min(capturedTotal, reported) - hdrLen, 0);
  payload = p + <usize>hdrLen;
  wscale = wscaleOption;
  sackedBytes = sacked;
}

/** A segment logged by a piece of a parallel ingest (transport-log.ts), replayed for tracking: no bytes. */
export function restore(
  sourcePort: u32,
  destinationPort: u32,
  sequence: u32,
  acknowledgement: u32,
  tcpFlags: u32,
  windowValue: u32,
  wscaleOption: i32,
  sacked: u32,
  reportedLength: u32,
  capturedLength: u32,
): void {
  sport = sourcePort;
  dport = destinationPort;
  seq = sequence;
  ack = acknowledgement;
  flags = tcpFlags;
  window = windowValue;
  wscale = wscaleOption;
  sackedBytes = sacked;
  length = reportedLength;
  captured = capturedLength;
  payload = 0;
}

/** Field records holding this segment's SACK edges (raw), made relative once the conversation is known. */
const MAX_SACK_RECORDS: i32 = 10;
export const sackRecords = new StaticArray<i32>(MAX_SACK_RECORDS);
export let sackCount: i32 = 0;

export function clearSackRecords(): void {
  sackCount = 0;
}

export function noteSackRecord(index: i32): void {
  if (sackCount < MAX_SACK_RECORDS) unchecked((sackRecords[sackCount++] = index));
}
