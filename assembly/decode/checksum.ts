// Internet checksum (RFC 1071): ones' complement sum of 16-bit big-endian words. The sum is byte-order
// independent up to a final swap, so the loop adds native (little-endian) 32-bit words into a 64-bit
// accumulator and swaps once at the end. Built with SIMD (dist/core.wasm) it adds 16-bit words 16 bytes at a
// time; the scalar build (dist/core-scalar.wasm, for hosts without SIMD) keeps the word loop alone.

/** Checksum status values, as Wireshark reports them (*.checksum.status). */
export const BAD: u32 = 0;
export const GOOD: u32 = 1;
export const UNVERIFIED: u32 = 2;
export const NOT_PRESENT: u32 = 3;
/** A value the protocol forbids (a zero UDP checksum over IPv6). */
export const ILLEGAL: u32 = 4;

/** Ones' complement sum of len bytes at p, folded to 16 bits, as a big-endian value. */
export function sum16(p: usize, len: i32): u32 {
  let acc: u64 = 0;
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    // 16 bytes at a time: eight 16-bit words summed pairwise into four 32-bit lanes, in two accumulators. A lane
    // gains at most 2 * 0xffff per load, so the lanes are emptied into acc every 4096 loads, long before they
    // could wrap.
    const end32 = len & ~31;
    while (i < end32) {
      let a = i32x4.splat(0);
      let b = i32x4.splat(0);
      const stop = min(end32, i + (2048 << 5));
      while (i < stop) {
        a = i32x4.add(a, i32x4.extadd_pairwise_i16x8_u(v128.load(p + <usize>i)));
        b = i32x4.add(b, i32x4.extadd_pairwise_i16x8_u(v128.load(p + <usize>i, 16)));
        i += 32;
      }
      const lanes = i64x2.add(i64x2.extend_low_i32x4_u(a), i64x2.extend_high_i32x4_u(a));
      const more = i64x2.add(i64x2.extend_low_i32x4_u(b), i64x2.extend_high_i32x4_u(b));
      const both = i64x2.add(lanes, more);
      acc += <u64>i64x2.extract_lane(both, 0) + <u64>i64x2.extract_lane(both, 1);
    }
  }
  const end8 = i + ((len - i) & ~7);
  while (i < end8) {
    const w = load<u64>(p + <usize>i);
    acc += (w & 0xffffffff) + (w >> 32);
    i += 8;
  }
  if (len - i >= 4) {
    acc += <u64>load<u32>(p + <usize>i);
    i += 4;
  }
  if (len - i >= 2) {
    acc += <u64>load<u16>(p + <usize>i);
    i += 2;
  }
  if (i < len) acc += <u64>load<u8>(p + <usize>i);
  let s = fold(acc);
  return ((s & 0xff) << 8) | (s >> 8);
}

/** Folds a wide ones' complement accumulator to 16 bits. */
export function fold(acc: u64): u32 {
  acc = (acc & 0xffffffff) + (acc >> 32);
  acc = (acc & 0xffffffff) + (acc >> 32);
  let s = <u32>acc;
  s = (s & 0xffff) + (s >> 16);
  s = (s & 0xffff) + (s >> 16);
  return s;
}

/** Adds 16-bit big-endian partial sums (data sum, pseudo-header words) and returns the folded total. */
export function combine(a: u32, b: u32): u32 {
  return fold(<u64>a + <u64>b);
}

/**
 * Whether a TCP, UDP or ICMPv6 checksum is right: the sum of the pseudo-header (the addresses' sum, the
 * protocol and the upper-layer length, RFC 793 / RFC 768 / RFC 8200 §8.1) and of the segment is all ones.
 */
export function pseudoChecksumOk(addrSum: u32, proto: u32, p: usize, len: i32): bool {
  return pseudoSum(addrSum, proto, p, len) == 0xffff;
}

/** The folded sum of pseudo-header and segment (0xffff when the checksum is right). */
export function pseudoSum(addrSum: u32, proto: u32, p: usize, len: i32): u32 {
  return fold(<u64>addrSum + <u64>proto + <u64>len + <u64>sum16(p, len));
}

/** The value a checksum field holding `field` should hold, given the sum over bytes that include it. */
export function shouldBe(field: u32, sum: u32): u32 {
  return fold(<u64>field + <u64>(~sum & 0xffff));
}
