// The columnar packet index: one row per frame, one typed array per column. The core fills a batch of rows;
// the TypeScript side copies each batch into its own growing arrays (src/core/packet-index.ts) and clears it,
// so wasm memory stays bounded whatever the capture size.

import {
  FLAG_TRUNCATED,
  FLAG_TSO,
  FLAG_FRAGMENT,
  FLAG_REASSEMBLED,
  FLAG_MALFORMED,
} from './generated/constants/row-flag';
import {
  TOP_RAW,
  TOP_ETH,
  TOP_ARP,
  TOP_IPV4,
  TOP_IPV6,
  TOP_ICMP,
  TOP_ICMPV6,
  TOP_UDP,
  TOP_TCP,
} from './generated/constants/top-protocol';
import { SHAPE_IPV4, SHAPE_IPV6, SHAPE_PORTS, SHAPE_COMPLEX } from './generated/constants/frame-shape';
import { NO_STREAM, NO_OFFSET } from './generated/constants/values';

// The flag bits (column `flags`), top-protocol codes (column `top`: the highest layer the core decoded),
// frame shapes and NO_STREAM are shared with TypeScript: src/abi/core-constants.ts.
export * from './generated/constants/row-flag';
export * from './generated/constants/top-protocol';
export * from './generated/constants/frame-shape';
export { NO_STREAM, NO_OFFSET };

export const CAPACITY: i32 = 16384;

export const tsSec = new StaticArray<f64>(CAPACITY);
export const tsNsec = new StaticArray<u32>(CAPACITY);
export const fileOffset = new StaticArray<f64>(CAPACITY);
export const capLen = new StaticArray<u32>(CAPACITY);
export const origLen = new StaticArray<u32>(CAPACITY);
export const linkType = new StaticArray<u16>(CAPACITY);
export const flags = new StaticArray<u32>(CAPACITY);
export const top = new StaticArray<u8>(CAPACITY);
/** Byte offsets within the frame of the network and transport headers (NO_OFFSET: none). */
export const l3Offset = new StaticArray<u16>(CAPACITY);
export const l4Offset = new StaticArray<u16>(CAPACITY);
/** Transport conversation columns (assembly/tcp/report.ts): tcp.stream or udp.stream (NO_STREAM: none). */
export const stream = new StaticArray<u32>(CAPACITY);
/** TCP analysis flag bits (assembly/tcp/analysis.ts); 0 = none, as `!tcp.analysis.flags` wants. */
export const analysis = new StaticArray<u32>(CAPACITY);
/** Relative sequence number of the segment's first byte (SYN: of the SYN). */
export const relSeq = new StaticArray<u32>(CAPACITY);
/** Transport payload bytes present in the capture, and where they start in the frame (NO_OFFSET: elsewhere). */
export const payloadLen = new StaticArray<u32>(CAPACITY);
export const payloadOffset = new StaticArray<u16>(CAPACITY);
/** Bits from assembly/tcp/report.ts: sent by endpoint B, SYN, FIN, RST, UDP. */
export const transport = new StaticArray<u8>(CAPACITY);
/** Highest expert severity of the frame (assembly/tcp/expert.ts; 0: none). */
export const expert = new StaticArray<u8>(CAPACITY);
/** The segment's acknowledgement number as tcp.ack shows it (relative when the ACK flag is set), for Follow's gap filler. */
export const relAck = new StaticArray<u32>(CAPACITY);

/**
 * Display-filter columns (src/filter/columns.ts reads them): the frame's IPv4 addresses, IP protocol and
 * transport ports, meaningful as `shape` says. Anything the shape does not vouch for is left to the slow path.
 */
export const shape = new StaticArray<u8>(CAPACITY);
export const ipSrc = new StaticArray<u32>(CAPACITY);
export const ipDst = new StaticArray<u32>(CAPACITY);
export const ipProto = new StaticArray<u8>(CAPACITY);
export const srcPort = new StaticArray<u16>(CAPACITY);
export const dstPort = new StaticArray<u16>(CAPACITY);

/**
 * Fills row i's display-filter columns once the frame is decoded. A frame is complex (left to the slow path)
 * when it is layered (several network headers: tunnels, ICMP errors quoting a packet), has a problem flag, or a
 * top layer these columns cannot vouch for.
 */
export function setFilterColumns(
  i: i32,
  data: usize,
  frameTop: u8,
  l3: i32,
  l4: i32,
  layered: bool,
  frameFlags: u32,
): void {
  let s: u8 = 0;
  unchecked((ipSrc[i] = 0));
  unchecked((ipDst[i] = 0));
  unchecked((ipProto[i] = 0));
  unchecked((srcPort[i] = 0));
  unchecked((dstPort[i] = 0));
  const suspect = FLAG_TRUNCATED | FLAG_TSO | FLAG_FRAGMENT | FLAG_REASSEMBLED | FLAG_MALFORMED;
  const known =
    frameTop == TOP_RAW ||
    frameTop == TOP_ETH ||
    frameTop == TOP_ARP ||
    frameTop == TOP_IPV4 ||
    frameTop == TOP_IPV6 ||
    frameTop == TOP_ICMP ||
    frameTop == TOP_ICMPV6 ||
    frameTop == TOP_TCP ||
    frameTop == TOP_UDP;
  if (layered || (frameFlags & suspect) != 0 || !known) s = SHAPE_COMPLEX;
  else if (frameTop != TOP_ARP && l3 != NO_OFFSET) {
    const p = data + <usize>l3;
    // The IPv4 decoder sets l3 only for version 4; the IPv6 one decodes whatever the version says.
    if (load<u8>(p) >> 4 == 4) {
      s |= SHAPE_IPV4;
      unchecked((ipSrc[i] = bswap<u32>(load<u32>(p + 12))));
      unchecked((ipDst[i] = bswap<u32>(load<u32>(p + 16))));
      unchecked((ipProto[i] = load<u8>(p + 9)));
    } else {
      s |= SHAPE_IPV6;
    }
    if ((frameTop == TOP_TCP || frameTop == TOP_UDP) && l4 != NO_OFFSET) {
      s |= SHAPE_PORTS;
      unchecked((srcPort[i] = bswap<u16>(load<u16>(data + <usize>l4))));
      unchecked((dstPort[i] = bswap<u16>(load<u16>(data + <usize>l4 + 2))));
    } else if (frameTop == TOP_TCP || frameTop == TOP_UDP) {
      s = SHAPE_COMPLEX;
    }
  } else if (frameTop != TOP_RAW && frameTop != TOP_ETH && frameTop != TOP_ARP) {
    s = SHAPE_COMPLEX;
  }
  unchecked((shape[i] = s));
}

export let count: i32 = 0;

/** Defaults of the columns decoders fill only when the frame has what they describe. */
export function beginRow(): void {
  const i = count;
  unchecked((stream[i] = NO_STREAM));
  unchecked((analysis[i] = 0));
  unchecked((relSeq[i] = 0));
  unchecked((payloadLen[i] = 0));
  unchecked((payloadOffset[i] = <u16>NO_OFFSET));
  unchecked((transport[i] = 0));
  unchecked((relAck[i] = 0));
}

export function clear(): void {
  count = 0;
}
export function full(): bool {
  return count >= CAPACITY;
}
