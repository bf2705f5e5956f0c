// What went wrong, as numbers: the TypeScript side turns a code into the user's message (src/core/problems.ts).
// Fatal problems stop reading; warnings (a file cut short) keep every packet read before them.

export const NONE: u32 = 0;
/** value: the first four bytes, big-endian. */
export const NOT_A_CAPTURE: u32 = 1;
/** The file ends inside a record. offset: where the record starts. */
export const CUT_SHORT: u32 = 2;
/** A record claims more bytes than any packet may have. value: the claimed length. */
export const RECORD_TOO_LARGE: u32 = 3;
/** A pcapng block whose total length is not a multiple of 4, under 12 bytes, or disagrees with its trailer. */
export const BAD_BLOCK: u32 = 4;
/** A record whose captured length exceeds its original length, or other impossible header values. value: the detail. */
export const BAD_RECORD: u32 = 5;
/** A pcapng packet refers to an interface no IDB declared. value: the interface id. */
export const UNKNOWN_INTERFACE: u32 = 6;
/** The pcap or pcapng version is not one this reader knows. value: major << 16 | minor. */
export const BAD_VERSION: u32 = 7;
/** A NetMon frame table entry points outside the file. value: the entry's index. */
export const BAD_FRAME_TABLE: u32 = 8;
/** The first block of a pcapng file is not a section header. */
export const NO_SECTION_HEADER: u32 = 9;
/** The file's link type (or NetMon media type) is one tshark does not read. value: the link type. */
export const UNSUPPORTED_LINK_TYPE: u32 = 10;

export let code: u32 = NONE;
export let offset: u64 = 0;
export let value: u64 = 0;

export function reset(): void { code = NONE; offset = 0; value = 0; }

export function report(c: u32, at: u64, v: u64 = 0): void {
  code = c;
  offset = at;
  value = v;
}
