// Raw IP link types carry IPv4 or IPv6 with nothing before it: the version nibble says which.
import { u8at } from '../bytes';
import { decodeEthertype, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './by-ethertype';

export function decodeRawIp(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < 1) return;
  const version = u8at(base + <usize>off) >> 4;
  if (version == 4) decodeEthertype(base, off, end, reported, ETHERTYPE_IPV4);
  else if (version == 6) decodeEthertype(base, off, end, reported, ETHERTYPE_IPV6);
}
