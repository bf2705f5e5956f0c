import { ether, ipv4, ipv6 } from './format';
import type { DerivedValue } from './types';

/**
 * The value of a field Wireshark computes from another field's value, read off the source's record (v0..v3 at
 * rec[at + 4..7]); undefined when the field is absent there. Vendor names are src/vendors/'s.
 */
export function computedValue(kind: DerivedValue, rec: Uint32Array, at: number): string | number | undefined {
  const v0 = rec[at + 4];
  switch (kind) {
    case 'ig': // the first octet's least significant bit: a group address (IEEE 802)
      return (v0 >>> 24) & 1;
    case 'lg': // the next bit: locally administered
      return (v0 >>> 25) & 1;
    case 'host':
      return ipv4(v0);
    case 'host6':
      return ipv6([v0, rec[at + 5], rec[at + 6], rec[at + 7]]);
    case 'slaac':
      return slaacMac(rec[at + 6], rec[at + 7]);
    case 'tcp-flags':
      return tcpFlags(v0);
    case 'dscp':
      return (v0 >>> 2) & 0x3f;
    case 'ecn':
      return v0 & 3;
    default:
      return undefined;
  }
}

/**
 * The MAC address an interface identifier was formed from (RFC 4291 appendix A, modified EUI-64: ff:fe in its
 * middle and the universal/local bit inverted), as Wireshark finds it: only when that bit is set.
 */
function slaacMac(w2: number, w3: number): string | undefined {
  if ((w2 & 0xff) !== 0xff || w3 >>> 24 !== 0xfe || !((w2 >>> 24) & 2)) return undefined;
  const hi = ((((w2 >>> 24) ^ 2) << 24) | (w2 & 0xffff00) | ((w3 >>> 16) & 0xff)) >>> 0;
  return ether(hi, w3 & 0xffff);
}

/** Wireshark's tcp.flags.str: twelve places, three reserved bits, then AE CWR ECE URG ACK PSH RST SYN FIN. */
function tcpFlags(flags: number): string {
  const letters = 'RRRACEUAPRSF';
  let out = '';
  for (let bit = 11; bit >= 0; bit--) out += flags & (1 << bit) ? letters[11 - bit] : '·';
  return out;
}
