// Which pcap link types the reference (tshark 4.0) opens. It refuses a file whose link type it does not know,
// registered or not (e.g. 164, 182, 281), with no output; Loupe does the same, with "unsupported link type N".
// Measured by opening a one-packet pcap of every link type 0..319 with tshark; none above 295 opens.

/** Bit n set: link type n is readable. */
const READABLE: StaticArray<u32> = [
  0x000d7fcf, 0x000c0001, 0x00000000, 0x8ee73f38, 0xfff8ffaf, 0x7dbc3eaf, 0x10fc1f89, 0xff2fb8ff, 0x899fd51d,
  0x000000f5,
];

export function readableLinkType(linkType: u32): bool {
  const word = linkType >> 5;
  if (word >= <u32>READABLE.length) return false;
  return (unchecked(READABLE[word]) & (1 << (linkType & 31))) != 0;
}
