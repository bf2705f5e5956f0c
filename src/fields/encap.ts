import type { FieldDef, FieldType } from './types';
import { CHECKSUM_STATUS_NAMES, ETHER_TYPE_NAMES, IP_PROTOCOL_NAMES } from './value-names';

/**
 * Fields of the tunnels and link layers the WebAssembly core opens (802.1ad, LLC/SNAP, GRE, ERSPAN, VXLAN,
 * Geneve, MPLS, IPsec ESP and AH, PPPoE, PPP, Cisco HDLC). Appended to CORE_FIELDS (src/fields/core.ts), so they get core ids and the
 * core emits them. Names, labels, types and widths follow Wireshark (`tshark -G fields`).
 */
const f = (
  name: string,
  label: string,
  type: FieldType,
  extra: Partial<Pick<FieldDef, 'values' | 'bits' | 'bitmask' | 'base' | 'boolLabels'>> = {},
): FieldDef => {
  const def: FieldDef = { name, label, type, ...extra };
  if (type === 'bool' && !def.boolLabels) def.boolLabels = ['Not set', 'Set'];
  return def;
};
const mask = (m: number, width: number) => ({ bitmask: { mask: m, width } });

const LLC_SAPS: Record<number, string> = { 0x42: 'Spanning Tree BPDU', 0xaa: 'SNAP', 0xe0: 'NetWare', 0xf0: 'NetBIOS' };

const PPPOE_CODES: Record<number, string> = {
  0x00: 'Session Data',
  0x07: 'Active Discovery Offer (PADO)',
  0x09: 'Active Discovery Initiation (PADI)',
  0x19: 'Active Discovery Request (PADR)',
  0x65: 'Active Discovery Session-confirmation (PADS)',
  0xa7: 'Active Discovery Terminate (PADT)',
};
const PPP_PROTOCOLS: Record<number, string> = {
  0x0021: 'Internet Protocol version 4',
  0x0057: 'Internet Protocol version 6',
  0x0281: 'MPLS Unicast',
  0x8021: 'Internet Protocol Control Protocol',
  0x8057: 'IPv6 Control Protocol',
  0xc021: 'Link Control Protocol',
  0xc023: 'Password Authentication Protocol',
  0xc223: 'Challenge Handshake Authentication Protocol',
};

export const ENCAP_FIELDS: readonly FieldDef[] = [
  f('ieee8021ad', 'IEEE 802.1ad', 'protocol'),
  f('ieee8021ad.priority', 'Priority', 'uint', { bits: 16, ...mask(0xe000, 16) }),
  f('ieee8021ad.dei', 'DEI', 'uint', { bits: 16, ...mask(0x1000, 16) }),
  f('ieee8021ad.id', 'ID', 'uint', { bits: 16, ...mask(0x0fff, 16) }),

  f('llc', 'Logical-Link Control', 'protocol'),
  f('llc.dsap', 'DSAP', 'hex8', { values: LLC_SAPS }),
  f('llc.dsap.sap', 'SAP', 'uint', { bits: 8, ...mask(0xfe, 8) }),
  f('llc.dsap.ig', 'IG Bit', 'bool', { ...mask(0x01, 8), boolLabels: ['Individual', 'Group'] }),
  f('llc.ssap', 'SSAP', 'hex8', { values: LLC_SAPS }),
  f('llc.ssap.sap', 'SAP', 'uint', { bits: 8, ...mask(0xfe, 8) }),
  f('llc.ssap.cr', 'CR Bit', 'bool', { ...mask(0x01, 8), boolLabels: ['Command', 'Response'] }),
  f('llc.control', 'Control field', 'hex16'),
  f('llc.control.u_modifier_cmd', 'Command', 'hex8', { ...mask(0xec, 8), values: { 0: 'Unnumbered Information' } }),
  f('llc.control.ftype', 'Frame type', 'hex8', { ...mask(0x03, 8), values: { 3: 'Unnumbered frame' } }),
  f('llc.oui', 'Organization Code', 'uint', { bits: 24 }),
  f('llc.type', 'Type', 'hex16', { values: ETHER_TYPE_NAMES }),
  f('llc.pid', 'Protocol ID', 'hex16'),

  f('gre', 'Generic Routing Encapsulation', 'protocol'),
  f('gre.flags_and_version', 'Flags and Version', 'hex16'),
  f('gre.flags.checksum', 'Checksum Bit', 'bool', { ...mask(0x8000, 16), boolLabels: ['No', 'Yes'] }),
  f('gre.flags.routing', 'Routing Bit', 'bool', { ...mask(0x4000, 16), boolLabels: ['No', 'Yes'] }),
  f('gre.flags.key', 'Key Bit', 'bool', { ...mask(0x2000, 16), boolLabels: ['No', 'Yes'] }),
  f('gre.flags.sequence_number', 'Sequence Number Bit', 'bool', { ...mask(0x1000, 16), boolLabels: ['No', 'Yes'] }),
  f('gre.flags.strict_source_route', 'Strict Source Route Bit', 'bool', {
    ...mask(0x0800, 16),
    boolLabels: ['No', 'Yes'],
  }),
  f('gre.flags.recursion_control', 'Recursion control', 'uint', { bits: 16, ...mask(0x0700, 16) }),
  f('gre.flags.reserved', 'Flags (Reserved)', 'uint', { bits: 16, ...mask(0x00f8, 16) }),
  f('gre.flags.version', 'Version', 'uint', { bits: 16, ...mask(0x0007, 16) }),
  f('gre.proto', 'Protocol Type', 'hex16', { values: ETHER_TYPE_NAMES }),
  f('gre.checksum', 'Checksum', 'hex16'),
  f('gre.checksum.status', 'Checksum Status', 'uint', { bits: 8, values: CHECKSUM_STATUS_NAMES }),
  f('gre.offset', 'Offset', 'uint', { bits: 16 }),
  f('gre.key', 'Key', 'hex32'),
  f('gre.sequence_number', 'Sequence Number', 'uint'),

  f('erspan', 'Encapsulated Remote Switch Packet ANalysis', 'protocol'),
  f('erspan.version', 'Version', 'uint', { bits: 16, ...mask(0xf000, 16), values: { 1: 'Type II', 2: 'Type III' } }),
  f('erspan.vlan', 'Vlan', 'uint', { bits: 16, ...mask(0x0fff, 16) }),
  f('erspan.cos', 'COS', 'uint', { bits: 16, ...mask(0xe000, 16) }),
  f('erspan.encap', 'Encap', 'uint', { bits: 16, ...mask(0x1800, 16) }),
  f('erspan.bso', 'Bad/Short/Oversized', 'uint', { bits: 16, ...mask(0x1800, 16) }),
  f('erspan.truncated', 'Truncated', 'uint', { bits: 16, ...mask(0x0400, 16) }),
  f('erspan.spanid', 'SpanID', 'uint', { bits: 16, ...mask(0x03ff, 16) }),
  f('erspan.reserved', 'Reserved', 'uint', mask(0xfff00000, 32)),
  f('erspan.index', 'Index', 'uint', mask(0x000fffff, 32)),
  f('erspan.timestamp', 'Timestamp', 'uint'),
  f('erspan.sgt', 'Security Group Tag', 'uint', { bits: 16 }),
  f('erspan.p', 'Payload type', 'uint', { bits: 16, ...mask(0x8000, 16) }),
  f('erspan.ft', 'Frame Type', 'uint', { bits: 16, ...mask(0x7c00, 16) }),
  f('erspan.hw', 'Hardware ID', 'uint', { bits: 16, ...mask(0x03f0, 16) }),
  f('erspan.direction', 'Direction', 'bool', { ...mask(0x0008, 16), boolLabels: ['Incoming', 'Outgoing'] }),
  f('erspan.gra', 'Timestamp granularity', 'uint', { bits: 16, ...mask(0x0006, 16) }),
  f('erspan.o', 'Optional sub-header', 'uint', { bits: 16, ...mask(0x0001, 16) }),

  f('vxlan', 'Virtual eXtensible Local Area Network', 'protocol'),
  f('vxlan.flags', 'Flags', 'hex16'),
  f('vxlan.flag_g', 'GBP Extension', 'bool', { ...mask(0x8000, 16), boolLabels: ['Not defined', 'Defined'] }),
  f('vxlan.flag_i', 'VXLAN Network ID (VNI)', 'bool', { ...mask(0x0800, 16), boolLabels: ['False', 'True'] }),
  f('vxlan.flag_d', "Don't Learn", 'bool', { ...mask(0x0040, 16), boolLabels: ['False', 'True'] }),
  f('vxlan.flag_a', 'Policy Applied', 'bool', { ...mask(0x0008, 16), boolLabels: ['False', 'True'] }),
  f('vxlan.flags_reserved', 'Reserved(R)', 'hex16', mask(0x77b7, 16)),
  f('vxlan.gbp', 'Group Policy ID', 'uint', { bits: 16 }),
  f('vxlan.vni', 'VXLAN Network Identifier (VNI)', 'uint', { bits: 24 }),
  f('vxlan.reserved8', 'Reserved', 'uint', { bits: 8 }),

  f('geneve', 'Generic Network Virtualization Encapsulation', 'protocol'),
  f('geneve.version', 'Version', 'uint', { bits: 8 }),
  f('geneve.option.length', 'Length', 'uint', { bits: 8 }),
  f('geneve.flags', 'Flags', 'hex8'),
  f('geneve.flags.oam', 'Operations, Administration and Management Frame', 'bool', mask(0x80, 8)),
  f('geneve.flags.critical', 'Critical Options Present', 'bool', mask(0x40, 8)),
  f('geneve.flags.reserved', 'Reserved', 'bool', mask(0x3f, 8)),
  f('geneve.proto_type', 'Protocol Type', 'hex16', { values: ETHER_TYPE_NAMES }),
  f('geneve.vni', 'Virtual Network Identifier (VNI)', 'hex24', { base: 'hex-dec' }),
  f('geneve.reserved', 'Reserved', 'hex8'),
  f('geneve.options', 'Geneve Options', 'bytes'),
  f('geneve.option', 'Option', 'bytes'),
  f('geneve.option.class', 'Class', 'hex16'),
  f('geneve.option.type', 'Type', 'hex8'),
  f('geneve.option.type.critical', 'Critical Option', 'bool', mask(0x80, 8)),
  f('geneve.option.flags', 'Flags', 'hex8'),
  f('geneve.option.flags.reserved', 'Reserved', 'bool', mask(0xe0, 8)),
  f('geneve.option.unknown.data', 'Unknown Option Data', 'bytes'),

  f('mpls', 'MultiProtocol Label Switching Header', 'protocol'),
  f('mpls.label', 'MPLS Label', 'uint', { base: 'dec-hex', ...mask(0xfffff000, 32) }),
  f('mpls.exp', 'MPLS Experimental Bits', 'uint', mask(0x00000e00, 32)),
  f('mpls.bottom', 'MPLS Bottom Of Label Stack', 'uint', mask(0x00000100, 32)),
  f('mpls.ttl', 'MPLS TTL', 'uint', mask(0x000000ff, 32)),

  f('esp', 'Encapsulating Security Payload', 'protocol'),
  f('esp.spi', 'ESP SPI', 'hex32'),
  f('esp.sequence', 'ESP Sequence', 'uint'),

  f('ah', 'Authentication Header', 'protocol'),
  f('ah.next_header', 'Next header', 'uint', { bits: 8, values: IP_PROTOCOL_NAMES }),
  f('ah.length', 'Length', 'uint', { bits: 8 }),
  f('ah.reserved', 'Reserved', 'bytes'),
  f('ah.spi', 'AH SPI', 'hex32'),
  f('ah.sequence', 'AH Sequence', 'uint'),
  f('ah.icv', 'AH ICV', 'bytes'),

  f('pppoed', 'PPP-over-Ethernet Discovery', 'protocol'),
  f('pppoes', 'PPP-over-Ethernet Session', 'protocol'),
  f('pppoe.version', 'Version', 'uint', { bits: 8, ...mask(0xf0, 8) }),
  f('pppoe.type', 'Type', 'uint', { bits: 8, ...mask(0x0f, 8) }),
  f('pppoe.code', 'Code', 'hex8', { values: PPPOE_CODES }),
  f('pppoe.session_id', 'Session ID', 'hex16'),
  f('pppoe.payload_length', 'Payload Length', 'uint', { bits: 16 }),
  f('pppoed.tags', 'PPPoE Tags', 'none'),
  f('pppoed.tags.service_name', 'Service-Name', 'string'),
  f('pppoed.tags.ac_name', 'AC-Name', 'string'),
  f('pppoed.tags.host_uniq', 'Host-Uniq', 'bytes'),
  f('pppoed.tags.ac_cookie', 'AC-Cookie', 'bytes'),
  f('pppoed.tags.relay_session_id', 'Relay-Session-Id', 'bytes'),
  f('pppoed.tags.service_name_error', 'Service-Name-Error', 'string'),
  f('pppoed.tags.ac_system_error', 'AC-System-Error', 'string'),
  f('pppoed.tags.generic_error', 'Generic-Error', 'string'),

  f('ppp', 'Point-to-Point Protocol', 'protocol'),
  f('ppp.address', 'Address', 'hex8'),
  f('ppp.control', 'Control', 'hex8'),
  f('ppp.protocol', 'Protocol', 'hex16', { values: PPP_PROTOCOLS }),

  f('chdlc', 'Cisco HDLC', 'protocol'),
  f('chdlc.address', 'Address', 'hex8', { values: { 0x0f: 'Unicast', 0x8f: 'Broadcast' } }),
  f('chdlc.control', 'Control', 'hex8'),
  f('chdlc.protocol', 'Protocol', 'hex16', { values: ETHER_TYPE_NAMES }),
];
