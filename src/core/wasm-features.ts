/**
 * The core is built twice (asconfig.json): dist/core.wasm with WebAssembly SIMD (its checksum loop adds 16 bytes
 * at a time) and dist/core-scalar.wasm without, for hosts that lack SIMD, where a module using it would not even
 * compile. Every current browser and Node has SIMD; the scalar build is the fallback.
 */

/** The smallest module using SIMD: one function returning i8x16.popcnt(i8x16.splat(0)). */
const SIMD_PROBE = Uint8Array.of(
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  3,
  2,
  1,
  0,
  10,
  10,
  1,
  8,
  0,
  65,
  0,
  253,
  15,
  253,
  98,
  11,
);

export function simdSupported(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

/** The core's file name in dist/ for this host. */
export function coreFileName(simd = simdSupported()): string {
  return simd ? 'core.wasm' : 'core-scalar.wasm';
}
