import type { FieldDef } from './types';
import { field, mask } from './define';
import { CHECKSUM_STATUS_NAMES, ETHER_TYPE_NAMES } from './value-names';
import { WLAN_FIELDS } from './wlan';
import { CDP_FIELDS, HSRP_FIELDS, STP_FIELDS } from './control';
import { LLDP_FIELDS } from './lldp';
import { OSPF_FIELDS } from './ospf';
import { GTP_EXT_HEADERS, GTP_MESSAGES, GTP_PDU_TYPES, GTP_VERSIONS } from './gtp-names';

/**
 * Fields of the link layers and tunnels added to the WebAssembly core after the first encapsulations
 * (fields/encap.ts): GTP-U, Linux NFLOG, IEEE 802.11 and radiotap (fields/wlan.ts), and the infrastructure protocols below TCP/UDP (IGMP, VRRP). Appended to CORE_FIELDS (src/fields/core.ts) after ENCAP_FIELDS, so they get core ids
 * and the core emits them. Names, labels, types and widths follow Wireshark (`tshark -G fields`).
 */
const f = field;
const yesNo: [string, string] = ['No', 'Yes'];
const presence: [string, string] = ['Not Present', 'Present'];

/** GTP's header, which the GTP dissector (src/dissectors/gtp/) shows with these same fields for GTP-C. */
export const GTP_HEADER_FIELDS: readonly FieldDef[] = [
  f('gtp', 'GPRS Tunneling Protocol', 'protocol'),
  f('gtp.flags', 'Flags', 'hex8'),
  f('gtp.flags.version', 'Version', 'uint', { bits: 8, ...mask(0xe0, 8), values: GTP_VERSIONS }),
  f('gtp.flags.payload', 'Protocol type', 'uint', { bits: 8, ...mask(0x10, 8), values: { 0: 'GTP prime', 1: 'GTP' } }),
  f('gtp.flags.reserved', 'Reserved', 'uint', { bits: 8, ...mask(0x08, 8) }),
  f('gtp.flags.e', 'Is Next Extension Header present?', 'bool', { ...mask(0x04, 8), boolLabels: yesNo }),
  f('gtp.flags.s', 'Is Sequence Number present?', 'bool', { ...mask(0x02, 8), boolLabels: yesNo }),
  f('gtp.flags.pn', 'Is N-PDU number present?', 'bool', { ...mask(0x01, 8), boolLabels: yesNo }),
  f('gtp.message', 'Message Type', 'hex8', { values: GTP_MESSAGES }),
  f('gtp.length', 'Length', 'uint', { bits: 16 }),
  f('gtp.teid', 'TEID', 'hex32', { base: 'hex-dec' }),
  f('gtp.seq_number', 'Sequence number', 'hex16', { base: 'hex-dec' }),
  f('gtp.npdu_number', 'N-PDU Number', 'hex8'),
  f('gtp.ext_hdr.next', 'Next extension header type', 'hex8', { values: GTP_EXT_HEADERS }),
  f('gtp.ext_hdr', 'Extension header', 'none'),
  f('gtp.ext_hdr.length', 'Extension Header Length', 'uint', { bits: 8 }),
  f('gtp.ext_hdr.pdu_ses_con.pdu_type', 'PDU Type', 'uint', { bits: 8, ...mask(0xf0, 8), values: GTP_PDU_TYPES }),
  f('gtp.spare.h1', 'Spare', 'hex8', mask(0x0f, 8)),
  f('gtp.ext_hdr.pdu_ses_cont.ppp', 'Paging Policy Presence (PPP)', 'bool', { ...mask(0x80, 8), boolLabels: presence }),
  f('gtp.ext_hdr.pdu_ses_cont.rqi', 'Reflective QoS Indicator (RQI)', 'bool', {
    ...mask(0x40, 8),
    boolLabels: presence,
  }),
  f('gtp.ext_hdr.pdu_ses_con.qos_flow_id', 'QoS Flow Identifier (QFI)', 'uint', { bits: 8, ...mask(0x3f, 8) }),
];

const NFLOG_TLV_TYPES: Record<number, string> = Object.fromEntries(
  [
    'UNSPEC',
    'PACKET_HDR',
    'MARK',
    'TIMESTAMP',
    'IFINDEX_INDEV',
    'IFINDEX_OUTDEV',
    'IFINDEX_PHYSINDEV',
    'IFINDEX_PHYSOUTDEV',
    'HWADDR',
    'PAYLOAD',
    'PREFIX',
    'UID',
    'SEQ',
    'SEQ_GLOBAL',
    'GID',
    'HWTYPE',
    'HWHEADER',
    'HWLEN',
  ].map((name, i) => [i, `NFULA_${name}`]),
);
const NFLOG_FIELDS: readonly FieldDef[] = [
  f('nflog', 'Linux Netfilter NFLOG', 'protocol'),
  f('nflog.family', 'Family', 'uint', {
    bits: 8,
    values: {
      0: 'Unspecified',
      1: 'IPv4/IPv6',
      2: 'IPv4',
      3: 'ARP',
      5: 'Netdev',
      7: 'Bridge',
      10: 'IPv6',
      12: 'DECNET',
    },
  }),
  f('nflog.version', 'Version', 'uint', { bits: 8 }),
  f('nflog.res_id', 'Resource id', 'uint', { bits: 16 }),
  f('nflog.tlv', 'TLV', 'bytes'),
  f('nflog.tlv_length', 'Length', 'uint', { bits: 16 }),
  f('nflog.tlv_type', 'Type', 'uint', { bits: 16, ...mask(0x7fff, 16), values: NFLOG_TLV_TYPES }),
  f('nflog.protocol', 'HW protocol', 'hex16', { values: ETHER_TYPE_NAMES }),
  f('nflog.hook', 'Netfilter hook', 'uint', {
    bits: 8,
    values: { 0: 'Pre-routing', 1: 'Local in', 2: 'Forward', 3: 'Local out', 4: 'Post-routing' },
  }),
  f('nflog.timestamp', 'Timestamp', 'abstime'),
  f('nflog.ifindex_indev', 'IFINDEX_INDEV', 'uint'),
  f('nflog.ifindex_outdev', 'IFINDEX_OUTDEV', 'uint'),
  f('nflog.ifindex_physindev', 'IFINDEX_PHYSINDEV', 'uint'),
  f('nflog.ifindex_physoutdev', 'IFINDEX_PHYSOUTDEV', 'uint'),
  f('nflog.prefix', 'Prefix', 'string'),
  f('nflog.uid', 'UID', 'int'),
  f('nflog.gid', 'GID', 'int'),
  f('nflog.tlv_value', 'Value', 'bytes'),
];

const IGMP_FIELDS: readonly FieldDef[] = [
  f('igmp', 'Internet Group Management Protocol', 'protocol'),
  f('igmp.version', 'IGMP Version', 'uint', { bits: 8 }),
  f('igmp.type', 'Type', 'hex8', {
    values: {
      0x11: 'Membership Query',
      0x12: 'Membership Report',
      0x16: 'Membership Report',
      0x17: 'Leave Group',
      0x22: 'Membership Report',
    },
  }),
  f('igmp.max_resp', 'Max Resp Time', 'uint', { bits: 8 }),
  f('igmp.reserved', 'Reserved', 'bytes'),
  f('igmp.checksum', 'Checksum', 'hex16'),
  f('igmp.checksum.status', 'Checksum Status', 'uint', { bits: 8, values: CHECKSUM_STATUS_NAMES }),
  f('igmp.maddr', 'Multicast Address', 'ipv4'),
  f('igmp.s', 'S', 'bool', mask(0x08, 8)),
  f('igmp.qrv', 'QRV', 'uint', { bits: 8, ...mask(0x07, 8) }),
  f('igmp.qqic', 'QQIC', 'uint', { bits: 8 }),
  f('igmp.num_src', 'Num Src', 'uint', { bits: 16 }),
  f('igmp.saddr', 'Source Address', 'ipv4'),
  f('igmp.num_grp_recs', 'Num Group Records', 'uint', { bits: 16 }),
  f('igmp.record_type', 'Record Type', 'uint', {
    bits: 8,
    values: {
      1: 'Mode Is Include',
      2: 'Mode Is Exclude',
      3: 'Change To Include Mode',
      4: 'Change To Exclude Mode',
      5: 'Allow New Sources',
      6: 'Block Old Sources',
    },
  }),
  f('igmp.aux_data_len', 'Aux Data Len', 'uint', { bits: 8 }),
];

const VRRP_FIELDS: readonly FieldDef[] = [
  f('vrrp', 'Virtual Router Redundancy Protocol', 'protocol'),
  f('vrrp.typever', 'VRRP message version and type', 'uint', { bits: 8 }),
  f('vrrp.version', 'VRRP protocol version', 'uint', { bits: 8, ...mask(0xf0, 8) }),
  f('vrrp.type', 'VRRP packet type', 'uint', { bits: 8, ...mask(0x0f, 8), values: { 1: 'Advertisement' } }),
  f('vrrp.virt_rtr_id', 'Virtual Rtr ID', 'uint', { bits: 8 }),
  f('vrrp.prio', 'Priority', 'uint', { bits: 8 }),
  f('vrrp.addr_count', 'Addr Count', 'uint', { bits: 8 }),
  f('vrrp.auth_type', 'Auth Type', 'uint', { bits: 8, values: { 0: 'No Authentication' } }),
  f('vrrp.adver_int', 'Adver Int', 'uint', { bits: 8 }),
  f('vrrp.reserved_mbz', 'Reserved', 'uint', { bits: 8, ...mask(0xf0, 8) }),
  f('vrrp.short_adver_int', 'Adver Int', 'uint', { bits: 16, ...mask(0x0fff, 16) }),
  f('vrrp.checksum', 'Checksum', 'hex16'),
  f('vrrp.checksum.status', 'Checksum Status', 'uint', { bits: 8, values: CHECKSUM_STATUS_NAMES }),
  f('vrrp.ip_addr', 'IP Address', 'ipv4'),
  f('vrrp.ipv6_addr', 'IPv6 Address', 'ipv6'),
];

export const LINK_LAYER_FIELDS: readonly FieldDef[] = [
  ...GTP_HEADER_FIELDS,
  ...NFLOG_FIELDS,
  ...WLAN_FIELDS,
  ...IGMP_FIELDS,
  ...VRRP_FIELDS,
  ...STP_FIELDS,
  ...LLDP_FIELDS,
  ...CDP_FIELDS,
  ...HSRP_FIELDS,
  ...OSPF_FIELDS,
];
