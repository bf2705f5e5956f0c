import type { Bytes } from '../bytes';

/** A QUIC variable-length integer (RFC 9000 §16) at `at`: its value (exact below 2^53) and its size in bytes. */
export function varint(b: Bytes, at: number): { value: number; size: number } {
  const first = b.u8(at);
  const size = 1 << (first >> 6);
  let value = first & 0x3f;
  for (let i = 1; i < size; i++) value = value * 256 + b.u8(at + i);
  return { value, size };
}

/** Packet number recovery (RFC 9000 §A.3): the full number nearest the next expected one. */
export function decodePacketNumber(largest: number, truncated: number, bits: number): number {
  const expected = largest + 1;
  const window = 2 ** bits;
  const half = window / 2;
  const candidate = expected - (expected % window) + truncated;
  if (candidate <= expected - half && candidate < 2 ** 62 - window) return candidate + window;
  if (candidate > expected + half && candidate >= window) return candidate - window;
  return candidate;
}
