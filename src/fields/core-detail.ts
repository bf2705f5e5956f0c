import type { DerivedValue, FieldDef, FieldType } from './types';
import { field, mask } from './define';

/**
 * The core layers' fields beyond the common ones: IPv4 options, IPv6 hop-by-hop and destination options, TCP
 * option values, SACK edges, per-stream times and conversation completeness, UDP payloads, ICMP's message bodies,
 * ICMPv6 neighbour discovery and its options, ARP's probe/announcement verdicts, checksums as computed. Appended
 * to CORE_FIELDS (src/fields/core.ts), so the core emits them (in field mode only). Fields Wireshark computes
 * from another field's value (IG/LG bits, host names, TCP's flag string...) are derived: read off their source's
 * records (src/fields/derived.ts). Names, labels, types and widths follow `tshark -G fields`.
 */
const f = field;
const derived = (name: string, label: string, type: FieldType, from: string, value: DerivedValue): FieldDef => {
  const def: FieldDef = { name, label, type, derived: { from, value } };
  if (type === 'bool') def.boolLabels = ['Not set', 'Set'];
  return def;
};

const IP_OPTION_CLASSES: Record<number, string> = {
  0: 'Control',
  1: 'Reserved for future use',
  2: 'Debugging and measurement',
  3: 'Reserved for future use',
};
const IP_OPTION_NUMBERS: Record<number, string> = {
  0: 'End of Option List (EOL)',
  1: 'No-Operation (NOP)',
  2: 'Security',
  3: 'Loose source route',
  4: 'Time stamp',
  7: 'Record route',
  8: 'Stream identifier',
  9: 'Strict source route',
  20: 'Router Alert',
};
const TIMESTAMP_FLAGS: Record<number, string> = {
  0: 'Time stamps only',
  1: 'Time stamp and address',
  3: 'Time stamps for prespecified addresses',
};
const IPV6_OPTION_ACTIONS: Record<number, string> = {
  0: 'Skip and continue',
  1: 'Discard loudly',
  2: 'Discard and send ICMP Parameter Problem',
  3: 'Discard and send ICMP if not multicast',
};
const ICMPV6_OPTIONS: Record<number, string> = {
  1: 'Source link-layer address',
  2: 'Target link-layer address',
  3: 'Prefix information',
  4: 'Redirected header',
  5: 'MTU',
  25: 'Recursive DNS Server',
};
const ROUTER_PREFERENCES: Record<number, string> = { 0: 'Medium', 1: 'High', 2: 'Reserved', 3: 'Low' };

const addressBits = (which: 'dst' | 'src' | 'addr'): FieldDef[] => {
  const from = `eth.${which}`;
  const prefix = which === 'addr' ? 'eth' : from;
  return [derived(`${prefix}.lg`, 'LG bit', 'bool', from, 'lg'), derived(`${prefix}.ig`, 'IG bit', 'bool', from, 'ig')];
};

export const DETAIL_FIELDS: readonly FieldDef[] = [
  ...addressBits('dst'),
  ...addressBits('src'),
  ...addressBits('addr'),

  f('arp.isgratuitous', 'Is gratuitous', 'bool'),
  f('arp.isprobe', 'Is probe', 'bool'),
  f('arp.isannouncement', 'Is announcement', 'bool'),

  derived('ip.src_host', 'Source Host', 'string', 'ip.src', 'host'),
  derived('ip.dst_host', 'Destination Host', 'string', 'ip.dst', 'host'),
  derived('ip.host', 'Source or Destination Host', 'string', 'ip.addr', 'host'),
  f('ip.checksum_calculated', 'Calculated Checksum', 'hex16', { bits: 16 }),
  f('ip.opt.type.copy', 'Copy on fragmentation', 'bool', { ...mask(0x80, 8), boolLabels: ['No', 'Yes'] }),
  f('ip.opt.type.class', 'Class', 'uint', { bits: 8, ...mask(0x60, 8), values: IP_OPTION_CLASSES }),
  f('ip.opt.type.number', 'Number', 'uint', { bits: 8, ...mask(0x1f, 8), values: IP_OPTION_NUMBERS }),
  f('ip.opt.ptr', 'Pointer', 'uint', { bits: 8 }),
  f('ip.opt.ra', 'Router Alert', 'uint', { bits: 16, values: { 0: 'Router shall examine packet' } }),
  f('ip.opt.overflow', 'Overflow', 'uint', { bits: 8, ...mask(0xf0, 8) }),
  f('ip.opt.flag', 'Flag', 'hex8', { bits: 8, ...mask(0x0f, 8), values: TIMESTAMP_FLAGS }),
  f('ip.opt.time_stamp_addr', 'Address', 'ipv4'),
  f('ip.opt.time_stamp', 'Time stamp', 'uint'),
  f('ip.rec_rt', 'Recorded Route', 'ipv4'),
  derived('ip.rec_rt_host', 'Recorded Route Host', 'string', 'ip.rec_rt', 'host'),
  f('ip.src_rt', 'Source Route', 'ipv4'),
  derived('ip.src_rt_host', 'Source Route Host', 'string', 'ip.src_rt', 'host'),
  f('ip.cur_rt', 'Current Route', 'ipv4'),
  derived('ip.cur_rt_host', 'Current Route Host', 'string', 'ip.cur_rt', 'host'),
  f('ip.empty_rt', 'Empty Route', 'ipv4'),
  derived('ip.empty_rt_host', 'Empty Route Host', 'string', 'ip.empty_rt', 'host'),
  f('ip.opt.sid', 'Stream Identifier', 'uint', { bits: 16 }),
  f('ip.opt.sec_rfc791_sec', 'Security', 'hex16', { bits: 16 }),
  f('ip.opt.sec_rfc791_comp', 'Compartments', 'uint', { bits: 16 }),
  f('ip.opt.sec_rfc791_hr', 'Handling Restrictions', 'string'),
  f('ip.opt.sec_rfc791_tcc', 'Transmission Control Code', 'string'),

  derived('ipv6.tclass.dscp', 'Differentiated Services Codepoint', 'uint', 'ipv6.tclass', 'dscp'),
  derived('ipv6.tclass.ecn', 'Explicit Congestion Notification', 'uint', 'ipv6.tclass', 'ecn'),
  derived('ipv6.src_host', 'Source Host', 'string', 'ipv6.src', 'host6'),
  derived('ipv6.dst_host', 'Destination Host', 'string', 'ipv6.dst', 'host6'),
  derived('ipv6.host', 'Source or Destination Host', 'string', 'ipv6.addr', 'host6'),
  derived('ipv6.src_slaac_mac', 'Source SLAAC MAC', 'ether', 'ipv6.src', 'slaac'),
  derived('ipv6.dst_slaac_mac', 'Destination SLAAC MAC', 'ether', 'ipv6.dst', 'slaac'),
  derived('ipv6.slaac_mac', 'SLAAC MAC', 'ether', 'ipv6.addr', 'slaac'),
  f('ipv6.opt', 'IPv6 Option', 'none'),
  f('ipv6.opt.type', 'Type', 'hex8', { bits: 8 }),
  f('ipv6.opt.type.action', 'Action', 'uint', { bits: 8, ...mask(0xc0, 8), values: IPV6_OPTION_ACTIONS }),
  f('ipv6.opt.type.change', 'May Change', 'bool', { ...mask(0x20, 8), boolLabels: ['No', 'Yes'] }),
  f('ipv6.opt.type.rest', 'Low-Order Bits', 'hex8', { bits: 8, ...mask(0x1f, 8) }),
  f('ipv6.opt.length', 'Length', 'uint', { bits: 8 }),
  f('ipv6.opt.pad1', 'Pad1', 'none'),
  f('ipv6.opt.padn', 'PadN', 'bytes'),
  f('ipv6.opt.router_alert', 'Router Alert', 'uint', {
    bits: 16,
    values: { 0: 'MLD', 1: 'RSVP', 2: 'Active Networks' },
  }),
  f('ipv6.opt.experimental', 'Experimental Option', 'bytes'),

  derived('tcp.flags.str', 'TCP Flags', 'string', 'tcp.flags', 'tcp-flags'),
  f('tcp.checksum_calculated', 'Calculated Checksum', 'hex16', { bits: 16 }),
  f('tcp.options.sack_le', 'TCP SACK Left Edge', 'uint'),
  f('tcp.options.sack_re', 'TCP SACK Right Edge', 'uint'),
  f('tcp.options.sack.dsack_le', 'TCP D-SACK Left Edge', 'uint'),
  f('tcp.options.sack.dsack_re', 'TCP D-SACK Right Edge', 'uint'),
  f('tcp.options.md5.digest', 'MD5 digest', 'bytes'),
  f('tcp.options.user_to_granularity', 'Granularity', 'bool', {
    ...mask(0x8000, 16),
    boolLabels: ['Seconds', 'Minutes'],
  }),
  f('tcp.options.user_to_val', 'User Timeout', 'uint', { bits: 16, ...mask(0x7fff, 16) }),
  f('tcp.options.experimental.exid', 'Experiment Identifier', 'hex16', { bits: 16 }),
  f('tcp.options.tfo.request', 'Fast Open Cookie Request', 'none'),
  f('tcp.options.tfo.cookie', 'Fast Open Cookie', 'bytes'),
  f('tcp.completeness', 'Conversation completeness', 'uint', { bits: 8 }),
  f('tcp.window_size_scalefactor', 'Window size scaling factor', 'int'),
  f('tcp.time_relative', 'Time since first frame in this TCP stream', 'reltime'),
  f('tcp.time_delta', 'Time since previous frame in this TCP stream', 'reltime'),
  f('tcp.analysis.push_bytes_sent', 'Bytes sent since last PSH flag', 'uint'),

  f('udp.checksum_calculated', 'Calculated Checksum', 'hex16', { bits: 16 }),
  f('udp.time_relative', 'Time since first frame', 'reltime'),
  f('udp.time_delta', 'Time since previous frame', 'reltime'),
  f('udp.payload', 'Payload', 'bytes'),

  f('icmp.unused', 'Unused', 'bytes'),
  f('icmp.length', 'Length', 'uint', { bits: 8 }),
  f('icmp.length.original_datagram', 'Length of original datagram', 'uint', { bits: 8 }),
  f('icmp.mtu', 'MTU of next hop', 'uint', { bits: 16 }),
  f('icmp.pointer', 'Pointer', 'uint'),
  f('icmp.redir_gw', 'Gateway Address', 'ipv4'),
  f('icmp.originate_timestamp', 'Originate Timestamp', 'uint'),
  f('icmp.receive_timestamp', 'Receive Timestamp', 'uint'),
  f('icmp.transmit_timestamp', 'Transmit Timestamp', 'uint'),
  f('icmp.address_mask', 'Address Mask', 'ipv4'),
  f('icmp.resp_to', 'Request frame', 'framenum'),
  f('icmp.resptime', 'Response time', 'double'),

  f('icmpv6.reserved', 'Reserved', 'bytes'),
  f('icmpv6.mtu', 'MTU', 'uint'),
  f('icmpv6.unknown_data', 'Unknown Data', 'bytes'),
  f('icmpv6.resp_to', 'Response To', 'framenum'),
  f('icmpv6.resptime', 'Response Time', 'double'),
  f('icmpv6.nd.ra.cur_hop_limit', 'Cur hop limit', 'uint', { bits: 8 }),
  f('icmpv6.nd.ra.flag', 'Flags', 'hex8', { bits: 8 }),
  f('icmpv6.nd.ra.flag.m', 'Managed address configuration', 'bool', { ...mask(0x80, 8) }),
  f('icmpv6.nd.ra.flag.o', 'Other configuration', 'bool', { ...mask(0x40, 8) }),
  f('icmpv6.nd.ra.flag.h', 'Home Agent', 'bool', { ...mask(0x20, 8) }),
  f('icmpv6.nd.ra.flag.prf', 'Prf (Default Router Preference)', 'uint', {
    bits: 8,
    ...mask(0x18, 8),
    values: ROUTER_PREFERENCES,
  }),
  f('icmpv6.nd.ra.flag.p', 'Proxy', 'bool', { ...mask(0x4, 8) }),
  f('icmpv6.nd.ra.flag.rsv', 'Reserved', 'uint', { bits: 8, ...mask(0x3, 8) }),
  f('icmpv6.nd.ra.router_lifetime', 'Router lifetime (s)', 'uint', { bits: 16 }),
  f('icmpv6.nd.ra.reachable_time', 'Reachable time (ms)', 'uint'),
  f('icmpv6.nd.ra.retrans_timer', 'Retrans timer (ms)', 'uint'),
  f('icmpv6.nd.ns.target_address', 'Target Address', 'ipv6'),
  f('icmpv6.nd.na.flag', 'Flags', 'hex32'),
  f('icmpv6.nd.na.flag.r', 'Router', 'bool', { ...mask(0x80000000, 32) }),
  f('icmpv6.nd.na.flag.s', 'Solicited', 'bool', { ...mask(0x40000000, 32) }),
  f('icmpv6.nd.na.flag.o', 'Override', 'bool', { ...mask(0x20000000, 32) }),
  f('icmpv6.nd.na.flag.rsv', 'Reserved', 'uint', { ...mask(0x1fffffff, 32) }),
  f('icmpv6.nd.na.target_address', 'Target Address', 'ipv6'),
  f('icmpv6.nd.rd.target_address', 'Target Address', 'ipv6'),
  f('icmpv6.rd.na.destination_address', 'Destination Address', 'ipv6'),
  f('icmpv6.opt', 'ICMPv6 Option', 'none'),
  f('icmpv6.opt.type', 'Type', 'uint', { bits: 8, values: ICMPV6_OPTIONS }),
  f('icmpv6.opt.length', 'Length', 'uint', { bits: 8 }),
  f('icmpv6.opt.linkaddr', 'Link-layer address', 'ether'),
  f('icmpv6.opt.src_linkaddr', 'Source Link-layer address', 'ether'),
  f('icmpv6.opt.target_linkaddr', 'Target Link-layer address', 'ether'),
  f('icmpv6.opt.reserved', 'Reserved', 'bytes'),
  f('icmpv6.opt.mtu', 'MTU', 'uint'),
  f('icmpv6.opt.prefix.length', 'Prefix Length', 'uint', { bits: 8 }),
  f('icmpv6.opt.prefix.flag', 'Flag', 'hex8', { bits: 8 }),
  f('icmpv6.opt.prefix.flag.l', 'On-link flag(L)', 'bool', { ...mask(0x80, 8) }),
  f('icmpv6.opt.prefix.flag.a', 'Autonomous address-configuration flag(A)', 'bool', { ...mask(0x40, 8) }),
  f('icmpv6.opt.prefix.flag.r', 'Router address flag(R)', 'bool', { ...mask(0x20, 8) }),
  f('icmpv6.opt.prefix.flag.reserved', 'Reserved', 'uint', { bits: 8, ...mask(0x1f, 8) }),
  f('icmpv6.opt.prefix.valid_lifetime', 'Valid Lifetime', 'uint'),
  f('icmpv6.opt.prefix.preferred_lifetime', 'Preferred Lifetime', 'uint'),
  f('icmpv6.opt.prefix', 'Prefix', 'ipv6'),
  f('icmpv6.opt.rdnss.lifetime', 'Lifetime', 'uint'),
  f('icmpv6.opt.rdnss', 'Recursive DNS Servers', 'ipv6'),
];
