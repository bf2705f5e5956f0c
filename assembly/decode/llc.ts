// IEEE 802.2 LLC, the payload of IEEE 802.3 length frames: dsap(1) ssap(1) control(1, or 2 for I and S
// frames). With SNAP (RFC 1042: DSAP = SSAP = 0xaa, a UI frame) an OUI(3) and protocol id(2) follow; OUI 0
// (and 0x0000f8, 802.1H) means the protocol id is an EtherType.
import { be16, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype } from './by-ethertype';
import { llcSaps, snapProtocols } from './by-llc';

const SAP_SNAP: u32 = 0xaa;
const SNAP = 5;
const OUI_ENCAPSULATED: u32 = 0;
const OUI_BRIDGE_TUNNEL: u32 = 0x0000f8;

export function decodeLlc(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < 3) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const dsap = u8at(p);
  const ssap = u8at(p + 1);
  const first = u8at(p + 2);
  const unnumbered = (first & 3) == 3;
  const controlLen = unnumbered ? 1 : 2;
  if (end - off < 2 + controlLen) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  // A two-byte control field is little-endian (N(S) in the first byte), as Wireshark shows it.
  const control = unnumbered ? first : first | ((<u32>u8at(p + 3)) << 8);
  const snap = dsap == SAP_SNAP && ssap == SAP_SNAP && first == 3;
  const len = 2 + controlLen + (snap ? SNAP : 0);
  emit.open(F.LLC, off, min(len, end - off));
  emit.field(F.LLC_DSAP, off, 1, dsap);
  emit.field(F.LLC_DSAP_SAP, off, 1, dsap >> 1);
  emit.field(F.LLC_DSAP_IG, off, 1, dsap & 1);
  emit.field(F.LLC_SSAP, off + 1, 1, ssap);
  emit.field(F.LLC_SSAP_SAP, off + 1, 1, ssap >> 1);
  emit.field(F.LLC_SSAP_CR, off + 1, 1, ssap & 1);
  emit.field(F.LLC_CONTROL, off + 2, controlLen, control);
  if (unnumbered) {
    emit.field(F.LLC_CONTROL_U_MODIFIER_CMD, off + 2, 1, (first & 0xec) >> 2);
    emit.field(F.LLC_CONTROL_FTYPE, off + 2, 1, 3);
  }
  if (!snap) {
    emit.close();
    // An LLC header with nothing after it names no protocol (Wireshark calls no SAP dissector).
    if (reported > len) llcSaps.decode(dsap, base, off + len, end, reported - len);
    return;
  }
  if (end - off < len) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const oui = ((<u32>u8at(p + 3)) << 16) | be16(p + 4);
  const pid = be16(p + 6);
  emit.field(F.LLC_OUI, off + 3, 3, oui);
  const ethertype = oui == OUI_ENCAPSULATED || oui == OUI_BRIDGE_TUNNEL;
  emit.field(ethertype ? F.LLC_TYPE : F.LLC_PID, off + 6, 2, pid);
  emit.close();
  if (ethertype) decodeEthertype(base, off + len, end, reported - len, pid);
  else if (reported > len) snapProtocols.decode(oui, pid, base, off + len, end, reported - len);
}
