// The packet record a capture reader produced: where its bytes are in the input window and its metadata.
// One set of globals, overwritten per record: readers allocate nothing per packet.

export let data: usize = 0;
export let capLen: u32 = 0;
export let origLen: u32 = 0;
export let tsSec: i64 = 0;
export let tsNsec: u32 = 0;
export let linkType: u32 = 0;
export let interfaceId: u32 = 0;
/** File offset of the packet's first byte, for slicing it out of the File/Blob later. */
export let fileOffset: u64 = 0;
/** The reader added PACKET_COMMENT side data for this record (pcapng opt_comment). */
export let commented = false;

export function set(p: usize, cap: u32, orig: u32, sec: i64, nsec: u32, link: u32, iface: u32, at: u64): void {
  data = p;
  capLen = cap;
  origLen = orig;
  tsSec = sec;
  tsNsec = nsec;
  linkType = link;
  interfaceId = iface;
  fileOffset = at;
  commented = false;
}

/** Where the bytes at p are in the capture file, when p is within this record's bytes; otherwise -1. */
export function fileOffsetOf(p: usize): f64 {
  return p >= data && p <= data + <usize>capLen ? <f64>fileOffset + <f64>(p - data) : -1;
}

/**
 * The capture format says its Ethernet frames carry no FCS (Network Monitor); else eth-trailer.ts guesses as
 * tshark does. Set by the ingest on detecting the format, and by the driver for frames decoded alone.
 */
export let fcsAbsent = false;
export function setFcsAbsent(absent: bool): void {
  fcsAbsent = absent;
}
