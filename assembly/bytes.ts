// Unaligned big- and little-endian loads. Callers check bounds once per header (see the views in decode/),
// so these stay plain loads on the hot path.

// @ts-ignore: decorator
@inline export function u8at(p: usize): u32 { return <u32>load<u8>(p); }
// @ts-ignore: decorator
@inline export function be16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }
// @ts-ignore: decorator
@inline export function be32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }
// @ts-ignore: decorator
@inline export function le16(p: usize): u32 { return <u32>load<u16>(p); }
// @ts-ignore: decorator
@inline export function le32(p: usize): u32 { return load<u32>(p); }
// @ts-ignore: decorator
@inline export function le64(p: usize): u64 { return load<u64>(p); }
// @ts-ignore: decorator
@inline export function be64(p: usize): u64 { return bswap<u64>(load<u64>(p)); }

/** 16- or 32-bit read in a file's byte order (pcap and pcapng headers may be either). */
// @ts-ignore: decorator
@inline export function rd16(p: usize, swapped: bool): u32 { return swapped ? be16(p) : le16(p); }
// @ts-ignore: decorator
@inline export function rd32(p: usize, swapped: bool): u32 { return swapped ? be32(p) : le32(p); }
