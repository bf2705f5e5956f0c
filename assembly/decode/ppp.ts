// PPP (RFC 1661) in HDLC-like framing (RFC 1662): address 0xff and control 0x03 when present (PPPoE leaves
// them out), then the protocol, one byte when compressed (odd, RFC 1661 §6.5). IPv4, IPv6 and MPLS are
// decoded on; the link's own control protocols (LCP, IPCP...) are not. Also Cisco HDLC, whose protocol is an
// EtherType: address(1) control(1) protocol(2).
import { be16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_MPLS } from './by-ethertype';

const ALL_STATIONS: u32 = 0xff;
const UI: u32 = 0x03;
const PPP_IPV4: u32 = 0x0021;
const PPP_IPV6: u32 = 0x0057;
const PPP_MPLS: u32 = 0x0281;
const CHDLC_HEADER = 4;

export function decodePpp(base: usize, off: i32, end: i32, reported: i32): void {
  const p = base + <usize>off;
  const framed = end - off >= 2 && u8at(p) == ALL_STATIONS && u8at(p + 1) == UI;
  let at = off + (framed ? 2 : 0);
  if (end - at < 1) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const compressed = (u8at(base + <usize>at) & 1) != 0;
  const protoLen = compressed ? 1 : 2;
  if (end - at < protoLen) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const proto = compressed ? u8at(base + <usize>at) : be16(base + <usize>at);
  emit.open(F.PPP, off, at + protoLen - off);
  if (framed) {
    emit.field(F.PPP_ADDRESS, off, 1, ALL_STATIONS);
    emit.field(F.PPP_CONTROL, off + 1, 1, UI);
  }
  emit.field(F.PPP_PROTOCOL, at, protoLen, proto);
  emit.close();
  at += protoLen;
  const rest = reported - (at - off);
  if (proto == PPP_IPV4) decodeEthertype(base, at, end, rest, ETHERTYPE_IPV4);
  else if (proto == PPP_IPV6) decodeEthertype(base, at, end, rest, ETHERTYPE_IPV6);
  else if (proto == PPP_MPLS) decodeEthertype(base, at, end, rest, ETHERTYPE_MPLS);
}

export function decodeCiscoHdlc(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < CHDLC_HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const proto = be16(p + 2);
  emit.open(F.CHDLC, off, CHDLC_HEADER);
  emit.field(F.CHDLC_ADDRESS, off, 1, u8at(p));
  emit.field(F.CHDLC_CONTROL, off + 1, 1, u8at(p + 1));
  emit.field(F.CHDLC_PROTOCOL, off + 2, 2, proto);
  emit.close();
  decodeEthertype(base, off + CHDLC_HEADER, end, reported - CHDLC_HEADER, proto);
}
