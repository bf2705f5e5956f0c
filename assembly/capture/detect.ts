// Capture formats, told apart by their first four bytes (never by file name).
import { isPcapMagic } from './pcap';

import { UNKNOWN, PCAP, PCAPNG, NETMON } from '../generated/constants/capture-format';

// The format codes are shared with TypeScript: src/abi/core-constants.ts (CaptureFormat).
export { UNKNOWN, PCAP, PCAPNG, NETMON };

const PCAPNG_SHB: u32 = 0x0a0d0d0a;
const NETMON2: u32 = 0x55424d47; // "GMBU" read little-endian

export function detect(magicLE: u32): i32 {
  if (isPcapMagic(magicLE)) return PCAP;
  if (magicLE == PCAPNG_SHB) return PCAPNG;
  if (magicLE == NETMON2) return NETMON;
  return UNKNOWN;
}
