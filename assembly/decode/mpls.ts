// MPLS (RFC 3032): a stack of 4-byte label entries, label(20) tc(3) bottom-of-stack(1) ttl(8). What follows the
// bottom entry is not named on the wire: like Wireshark, the first nibble decides (4: IPv4, 6: IPv6); anything
// else (pseudowires and their control words) is left undecoded.
import { be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './by-ethertype';

const ENTRY = 4;

export function decodeMpls(base: usize, off: i32, end: i32, reported: i32): void {
  for (;;) {
    if (end - off < ENTRY) {
      frame.flag(FLAG_MALFORMED);
      return;
    }
    const entry = be32(base + <usize>off);
    emit.open(F.MPLS, off, ENTRY);
    emit.field(F.MPLS_LABEL, off, 4, entry >> 12);
    emit.field(F.MPLS_EXP, off, 4, (entry >> 9) & 7);
    emit.field(F.MPLS_BOTTOM, off, 4, (entry >> 8) & 1);
    emit.field(F.MPLS_TTL, off, 4, entry & 0xff);
    emit.close();
    off += ENTRY;
    reported -= ENTRY;
    if ((entry & 0x100) != 0) break;
  }
  if (off >= end) return;
  const nibble = u8at(base + <usize>off) >> 4;
  if (nibble == 4) decodeEthertype(base, off, end, reported, ETHERTYPE_IPV4);
  else if (nibble == 6) decodeEthertype(base, off, end, reported, ETHERTYPE_IPV6);
}
