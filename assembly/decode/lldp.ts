// LLDP (EtherType 0x88cc), IEEE 802.1AB-2016 §8: a sequence of TLVs, each type(7 bits) length(9 bits) value,
// ending with the End of LLDPDU TLV (type 0). Chassis ID, Port ID and TTL come first; then the optional
// TLVs (port and system description, system name, capabilities, management address) and organisation TLVs
// (type 127: OUI(3) subtype(1)), of which the IEEE 802.1 (Annex D) and 802.3 (Clause 79) ones are read.
// A TLV is shown only when all of it is there (as Wireshark does); one cut short ends the LLDPDU malformed.
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as malformed from './malformed';
import { macField } from './mac';

const END: u32 = 0;
const CHASSIS_ID: u32 = 1;
const PORT_ID: u32 = 2;
const TTL: u32 = 3;
const PORT_DESCRIPTION: u32 = 4;
const SYSTEM_NAME: u32 = 5;
const SYSTEM_DESCRIPTION: u32 = 6;
const CAPABILITIES: u32 = 7;
const MANAGEMENT_ADDRESS: u32 = 8;
const ORGANISATION: u32 = 127;
const OUI_IEEE_802_1: u32 = 0x0080c2;
const OUI_IEEE_802_3: u32 = 0x00120f;
// IANA address families (RFC 3232's "Address Family Numbers").
const FAMILY_IPV4: u32 = 1;
const FAMILY_IPV6: u32 = 2;

export function decodeLldp(base: usize, off: i32, end: i32, reported: i32): void {
  const last = off + min(end - off, reported);
  emit.open(F.LLDP, off, last - off);
  let at = off;
  while (true) {
    if (last - at < 2) return fail(false);
    const header = be16(base + <usize>at);
    const type = header >> 9;
    const length = <i32>(header & 0x1ff);
    const value = at + 2;
    if (last - value < length) return fail(true);
    if (!fits(type, length)) return fail(false);
    emit.field(F.LLDP_TLV_TYPE, at, 2, type);
    emit.field(F.LLDP_TLV_LEN, at, 2, <u32>length);
    tlv(base, type, value, length);
    at = value + length;
    if (type == END) break;
  }
  emit.close();
}

/** Ends the LLDPDU malformed: `contained` when a TLV's length runs past the LLDPDU. */
function fail(contained: bool): void {
  emit.close();
  if (contained) malformed.containedException();
  else malformed.exception();
}

/** Whether a TLV is long enough for the fixed part of its value. */
function fits(type: u32, length: i32): bool {
  if (type == CHASSIS_ID || type == PORT_ID) return length >= 2;
  if (type == TTL) return length >= 2;
  if (type == CAPABILITIES) return length >= 4;
  if (type == MANAGEMENT_ADDRESS) return length >= 9;
  if (type == ORGANISATION) return length >= 4;
  return true;
}

function tlv(base: usize, type: u32, at: i32, length: i32): void {
  const p = base + <usize>at;
  if (type == CHASSIS_ID) return identifier(base, at, length, true);
  if (type == PORT_ID) return identifier(base, at, length, false);
  if (type == TTL) return emit.field(F.LLDP_TIME_TO_LIVE, at, 2, be16(p));
  if (type == PORT_DESCRIPTION) return emit.field(F.LLDP_PORT_DESC, at, length);
  if (type == SYSTEM_NAME) return emit.field(F.LLDP_TLV_SYSTEM_NAME, at, length);
  if (type == SYSTEM_DESCRIPTION) return emit.field(F.LLDP_TLV_SYSTEM_DESC, at, length);
  if (type == CAPABILITIES) {
    capabilities(F.LLDP_TLV_SYSTEM_CAP, at, be16(p));
    return capabilities(F.LLDP_TLV_ENABLE_SYSTEM_CAP, at + 2, be16(p + 2));
  }
  if (type == MANAGEMENT_ADDRESS) return managementAddress(base, at, length);
  if (type == ORGANISATION) organisation(base, at, length);
}

/** Chassis or port ID: subtype(1) then the ID, a MAC address, a network address (family(1) address) or text. */
function identifier(base: usize, at: i32, length: i32, chassis: bool): void {
  const p = base + <usize>at;
  const subtype = u8at(p);
  emit.field(chassis ? F.LLDP_CHASSIS_SUBTYPE : F.LLDP_PORT_SUBTYPE, at, 1, subtype);
  const id = at + 1;
  const size = length - 1;
  const mac: u32 = chassis ? 4 : 3;
  const network: u32 = chassis ? 5 : 4;
  if (subtype == mac && size == 6) return macField(chassis ? F.LLDP_CHASSIS_ID_MAC : F.LLDP_PORT_ID_MAC, p + 1, id);
  if (subtype == network && size >= 1) {
    const family = u8at(p + 1);
    const q = p + 2;
    if (family == FAMILY_IPV4 && size == 5)
      return emit.field(chassis ? F.LLDP_CHASSIS_ID_IP4 : F.LLDP_PORT_ID_IP4, id + 1, 4, be32(q));
    if (family == FAMILY_IPV6 && size == 17) {
      const field = chassis ? F.LLDP_CHASSIS_ID_IP6 : F.LLDP_PORT_ID_IP6;
      return emit.field(field, id + 1, 16, be32(q), be32(q + 4), be32(q + 8), be32(q + 12));
    }
  }
  emit.field(chassis ? F.LLDP_CHASSIS_ID : F.LLDP_PORT_ID, id, size);
}

/**
 * A capabilities word and its eight named bits (other, repeater, bridge, WLAN AP, router, telephone...), whose
 * fields fields/lldp.ts declares right after the word's, bit 0 first.
 */
function capabilities(id: u16, at: i32, v: u32): void {
  emit.field(id, at, 2, v);
  for (let bit: u16 = 0; bit < 8; bit++) emit.field(<u16>(id + 1 + bit), at, 2, (v >> bit) & 1);
}

/** Address string length(1) subtype(1) address, interface numbering subtype(1) number(4), OID length(1) OID. */
function managementAddress(base: usize, at: i32, length: i32): void {
  const p = base + <usize>at;
  const addressLength = <i32>u8at(p);
  // The address string length counts the subtype; the interface and OID parts follow it.
  if (addressLength < 1 || 1 + addressLength + 6 > length) return;
  const subtype = u8at(p + 1);
  emit.field(F.LLDP_MGN_ADDRESS_LEN, at, 1, <u32>addressLength);
  emit.field(F.LLDP_MGN_ADDRESS_SUBTYPE, at + 1, 1, subtype);
  const size = addressLength - 1;
  const q = p + 2;
  if (subtype == FAMILY_IPV4 && size == 4) emit.field(F.LLDP_MGN_ADDR_IP4, at + 2, 4, be32(q));
  else if (subtype == FAMILY_IPV6 && size == 16)
    emit.field(F.LLDP_MGN_ADDR_IP6, at + 2, 16, be32(q), be32(q + 4), be32(q + 8), be32(q + 12));
  else emit.field(F.LLDP_MGN_ADDR_HEX, at + 2, size);
  let i = at + 1 + addressLength;
  const r = base + <usize>i;
  emit.field(F.LLDP_MGN_INTERFACE_SUBTYPE, i, 1, u8at(r));
  emit.field(F.LLDP_MGN_INTERFACE_NUMBER, i + 1, 4, be32(r + 1));
  const oidLength = <i32>u8at(r + 5);
  emit.field(F.LLDP_MGN_OBJ_LEN, i + 5, 1, <u32>oidLength);
  if (oidLength > 0 && i + 6 + oidLength <= at + length) emit.field(F.LLDP_MGN_OBJ_ID, i + 6, oidLength);
}

function organisation(base: usize, at: i32, length: i32): void {
  const p = base + <usize>at;
  const oui = ((<u32>u8at(p)) << 16) | be16(p + 1);
  const subtype = u8at(p + 3);
  emit.field(F.LLDP_ORGTLV_OUI, at, 3, oui);
  const body = at + 4;
  const size = length - 4;
  const q = p + 4;
  if (oui == OUI_IEEE_802_1) {
    emit.field(F.LLDP_IEEE_802_1_SUBTYPE, at + 3, 1, subtype);
    if (subtype == 1 && size >= 2) emit.field(F.LLDP_IEEE_802_1_PORT_VLAN_ID, body, 2, be16(q));
    else if (subtype == 3 && size >= 3) {
      const nameLength = <i32>u8at(q + 2);
      emit.field(F.LLDP_IEEE_802_1_VLAN_ID, body, 2, be16(q));
      emit.field(F.LLDP_IEEE_802_1_VLAN_NAME_LEN, body + 2, 1, <u32>nameLength);
      if (3 + nameLength <= size) emit.field(F.LLDP_IEEE_802_1_VLAN_NAME, body + 3, nameLength);
    }
  } else if (oui == OUI_IEEE_802_3) {
    emit.field(F.LLDP_IEEE_802_3_SUBTYPE, at + 3, 1, subtype);
    if (subtype == 1 && size >= 5) macPhy(base, body);
    else if (subtype == 4 && size >= 2) emit.field(F.LLDP_IEEE_802_3_MAX_FRAME_SIZE, body, 2, be16(q));
  } else {
    emit.field(F.LLDP_UNKNOWN_SUBTYPE, at + 3, 1, subtype);
    if (size > 0) emit.field(F.LLDP_UNKNOWN_SUBTYPE_CONTENT, body, size);
  }
}

/** MAC/PHY configuration/status: auto-negotiation status(1) advertised capabilities(2) operational MAU type(2). */
function macPhy(base: usize, at: i32): void {
  const p = base + <usize>at;
  const status = u8at(p);
  emit.field(F.LLDP_IEEE_802_3_MAC_PHY_AUTO_NEG_STATUS, at, 1, status);
  emit.field(F.LLDP_IEEE_802_3_MAC_PHY_AUTO_NEG_STATUS_SUPPORTED, at, 1, status & 1);
  emit.field(F.LLDP_IEEE_802_3_MAC_PHY_AUTO_NEG_STATUS_ENABLED, at, 1, (status >> 1) & 1);
  const caps = be16(p + 1);
  const first = F.LLDP_IEEE_802_3_PMD_AUTO_NEG_ADVERTISED_CAPS;
  emit.field(first, at + 1, 2, caps);
  // The bits' fields follow the word's in fields/lldp.ts. Wireshark shows them twice: as 802.3's MIB numbers them (bit 0 first) and reversed.
  for (let bit: u16 = 0; bit < 16; bit++) emit.field(<u16>(first + 1 + bit), at + 1, 2, (caps >> bit) & 1);
  for (let bit: u16 = 0; bit < 16; bit++) emit.field(<u16>(first + 17 + bit), at + 1, 2, (caps >> (15 - bit)) & 1);
  emit.field(F.LLDP_IEEE_802_3_PMD_MAU_TYPE, at + 3, 2, be16(p + 3));
}
