import type { FieldDef, FieldType } from './types';
import { GROUP_VALUES, SEVERITY_VALUES } from './expert';
import { CHECKSUM_STATUS_NAMES, DSCP_NAMES, ECN_NAMES, ETHER_TYPE_NAMES, IP_PROTOCOL_NAMES, TCP_OPTION_NAMES } from './value-names';

/**
 * Fields the WebAssembly core decodes (link, network and transport layers). Their order is their numeric id:
 * `scripts/gen-field-ids.mjs` writes the matching constants to `assembly/generated/field-ids.ts`, so the core
 * and this registry cannot disagree. Append new fields at the end of a protocol's block; ids are not persisted.
 * Names, labels and types follow Wireshark (`tshark -G fields`).
 */
const f = (name: string, label: string, type: FieldType, values = VALUES[name]): FieldDef => {
  const def: FieldDef = values ? { name, label, type, values } : { name, label, type };
  if (type === 'bool') def.boolLabels = BOOL_LABELS[name] ?? ['Not set', 'Set'];
  const bits = BITS_8.has(name) ? 8 : BITS_16.has(name) ? 16 : undefined;
  if (bits) def.bits = bits;
  const bitmask = BITMASKS[name];
  if (bitmask) def.bitmask = { mask: bitmask[0], width: bitmask[1] };
  if (BASES[name]) def.base = BASES[name];
  return def;
};

/** Value names of fields that share a table (fields/value-names.ts). */
const VALUES: Record<string, Record<number, string>> = {
  'eth.type': ETHER_TYPE_NAMES, 'arp.proto.type': ETHER_TYPE_NAMES, 'arp.hw.type': { 1: 'Ethernet' },
  'ip.dsfield.dscp': DSCP_NAMES, 'ip.dsfield.ecn': ECN_NAMES, 'ip.proto': IP_PROTOCOL_NAMES,
  'ipv6.nxt': IP_PROTOCOL_NAMES, 'ipv6.hopopts.nxt': IP_PROTOCOL_NAMES, 'ipv6.dstopts.nxt': IP_PROTOCOL_NAMES,
  'ipv6.routing.nxt': IP_PROTOCOL_NAMES, 'ipv6.fraghdr.nxt': IP_PROTOCOL_NAMES, 'tcp.option_kind': TCP_OPTION_NAMES,
};

/** Bit fields as Wireshark shows them, [mask, width of the container]: "0100 .... = Version: 4". */
const BITMASKS: Record<string, [number, number]> = {
  'ip.version': [0xf0, 8], 'ip.hdr_len': [0x0f, 8], 'ip.dsfield.dscp': [0xfc, 8], 'ip.dsfield.ecn': [0x03, 8],
  'ip.flags': [0xe0, 8], 'ip.flags.rb': [0x80, 8], 'ip.flags.df': [0x40, 8], 'ip.flags.mf': [0x20, 8],
  'ip.frag_offset': [0x1fff, 16], 'ipv6.version': [0xf0, 8], 'ipv6.tclass': [0x0ff00000, 32], 'ipv6.flow': [0x0fffff, 24],
  'ipv6.fraghdr.offset': [0xfff8, 16], 'ipv6.fraghdr.more': [0x0001, 16], 'tcp.hdr_len': [0xf0, 8],
  'tcp.flags.res': [0xe00, 12], 'tcp.flags.ae': [0x100, 12], 'tcp.flags.cwr': [0x080, 12], 'tcp.flags.ece': [0x040, 12],
  'tcp.flags.urg': [0x020, 12], 'tcp.flags.ack': [0x010, 12], 'tcp.flags.push': [0x008, 12], 'tcp.flags.reset': [0x004, 12],
  'tcp.flags.syn': [0x002, 12], 'tcp.flags.fin': [0x001, 12],
};

/** Integers the tree shows in both bases. */
const BASES: Record<string, FieldDef['base']> = {
  'ip.id': 'hex-dec', 'icmp.ident': 'dec-hex', 'icmp.ident_le': 'dec-hex', 'icmp.seq': 'dec-hex', 'icmp.seq_le': 'dec-hex',
};

/** Integer fields Wireshark declares 8 or 16 bits wide (the rest are 32), for the filter's "too big" refusals. */
const BITS_8 = new Set([
  'arp.hw.size', 'arp.proto.size', 'ip.version', 'ip.hdr_len', 'ip.dsfield.dscp', 'ip.dsfield.ecn', 'ip.ttl',
  'ip.proto', 'ip.checksum.status', 'ip.opt.type', 'ip.opt.len', 'ipv6.version', 'ipv6.nxt', 'ipv6.hlim',
  'ipv6.hopopts.nxt', 'ipv6.hopopts.len', 'ipv6.dstopts.nxt', 'ipv6.dstopts.len', 'ipv6.routing.nxt',
  'ipv6.routing.len', 'ipv6.routing.type', 'ipv6.routing.segleft', 'ipv6.fraghdr.nxt', 'icmp.type', 'icmp.code',
  'icmp.checksum.status', 'icmpv6.type', 'icmpv6.code', 'icmpv6.checksum.status', 'udp.checksum.status',
  'tcp.hdr_len', 'tcp.checksum.status', 'tcp.option_kind', 'tcp.option_len', 'tcp.options.wscale.shift',
  'tcp.options.sack.count',
]);
const BITS_16 = new Set([
  'frame.encap_type', 'eth.len', 'vlan.priority', 'vlan.id', 'sll.pkttype', 'sll.hatype', 'sll.halen', 'arp.hw.type',
  'arp.opcode', 'ip.len', 'ip.frag_offset', 'ipv6.plen', 'ipv6.fraghdr.offset', 'icmp.ident', 'icmp.ident_le',
  'icmp.seq', 'icmp.seq_le', 'icmpv6.echo.sequence_number', 'udp.srcport', 'udp.dstport', 'udp.port', 'udp.length',
  'tcp.srcport', 'tcp.dstport', 'tcp.port', 'tcp.window_size_value', 'tcp.urgent_pointer', 'tcp.options.mss_val',
  'tcp.options.wscale.multiplier',
]);

/** Booleans whose tree and filter names are not Wireshark's usual "Not set"/"Set". */
const BOOL_LABELS: Record<string, [string, string]> = { 'ipv6.fraghdr.more': ['No', 'Yes'] };

const CHECKSUM_STATUS = CHECKSUM_STATUS_NAMES;

export const CORE_FIELDS: readonly FieldDef[] = [
  f('frame', 'Frame', 'protocol'),
  f('frame.number', 'Frame Number', 'uint'),
  f('frame.time_epoch', 'Epoch Time', 'epoch'),
  f('frame.len', 'Frame length on the wire', 'uint'),
  f('frame.cap_len', 'Frame length stored into the capture file', 'uint'),
  f('frame.interface_id', 'Interface id', 'uint'),
  f('frame.encap_type', 'Encapsulation type', 'int'),
  { ...f('frame.time', 'Arrival Time', 'abstime'), localTime: true },
  f('frame.time_delta', 'Time delta from previous captured frame', 'reltime'),
  f('frame.time_relative', 'Time since reference or first frame', 'reltime'),

  f('eth', 'Ethernet', 'protocol'),
  f('eth.dst', 'Destination', 'ether'),
  f('eth.src', 'Source', 'ether'),
  f('eth.addr', 'Address', 'ether'),
  f('eth.type', 'Type', 'hex16'),
  f('eth.len', 'Length', 'uint'),
  f('eth.trailer', 'Trailer', 'bytes'),
  ...['dst', 'src', 'addr'].flatMap((which) => {
    const from = `eth.${which}`;
    const label = { dst: 'Destination', src: 'Source', addr: 'Address' }[which];
    return [
      { name: `${from}_resolved`, label: `${label} (resolved)`, type: 'string', derived: { from, value: 'resolved' } },
      { name: `${from}.oui`, label: `${label} OUI`, type: 'uint', bits: 24, derived: { from, value: 'oui' } },
      { name: `${from}.oui_resolved`, label: `${label} OUI (resolved)`, type: 'string', derived: { from, value: 'oui-resolved' } },
    ] satisfies FieldDef[];
  }),

  f('vlan', '802.1Q Virtual LAN', 'protocol'),
  f('vlan.priority', 'Priority', 'uint'),
  f('vlan.dei', 'DEI', 'bool'),
  f('vlan.id', 'ID', 'uint'),
  f('vlan.etype', 'Type', 'hex16'),

  f('sll', 'Linux cooked-mode capture', 'protocol'),
  f('sll.pkttype', 'Packet type', 'uint', { 0: 'Unicast to us', 1: 'Broadcast', 2: 'Multicast', 3: 'Unicast to another host', 4: 'Sent by us' }),
  f('sll.hatype', 'Link-layer address type', 'uint'),
  f('sll.halen', 'Link-layer address length', 'uint'),
  f('sll.src.eth', 'Source', 'ether'),
  f('sll.etype', 'Protocol', 'hex16'),
  f('sll.ltype', 'Protocol', 'hex16'),
  f('sll.ifindex', 'Interface index', 'uint'),

  f('null', 'Null/Loopback', 'protocol'),
  f('null.family', 'Family', 'uint', { 2: 'IP', 10: 'IPv6 (Linux)', 24: 'IPv6 (NetBSD/OpenBSD)', 28: 'IPv6 (FreeBSD/Darwin)', 30: 'IPv6 (Darwin)' }),

  f('arp', 'Address Resolution Protocol', 'protocol'),
  f('arp.hw.type', 'Hardware type', 'uint'),
  f('arp.proto.type', 'Protocol type', 'hex16'),
  f('arp.hw.size', 'Hardware size', 'uint'),
  f('arp.proto.size', 'Protocol size', 'uint'),
  f('arp.opcode', 'Opcode', 'uint', { 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply' }),
  f('arp.src.hw_mac', 'Sender MAC address', 'ether'),
  f('arp.src.proto_ipv4', 'Sender IP address', 'ipv4'),
  f('arp.dst.hw_mac', 'Target MAC address', 'ether'),
  f('arp.dst.proto_ipv4', 'Target IP address', 'ipv4'),

  f('ip', 'Internet Protocol Version 4', 'protocol'),
  f('ip.version', 'Version', 'uint'),
  f('ip.hdr_len', 'Header Length', 'uint'),
  f('ip.dsfield', 'Differentiated Services Field', 'hex8'),
  f('ip.dsfield.dscp', 'Differentiated Services Codepoint', 'uint'),
  f('ip.dsfield.ecn', 'Explicit Congestion Notification', 'uint'),
  f('ip.len', 'Total Length', 'uint'),
  f('ip.id', 'Identification', 'hex16'),
  f('ip.flags', 'Flags', 'hex8'),
  f('ip.flags.rb', 'Reserved bit', 'bool'),
  f('ip.flags.df', "Don't fragment", 'bool'),
  f('ip.flags.mf', 'More fragments', 'bool'),
  f('ip.frag_offset', 'Fragment Offset', 'uint'),
  f('ip.ttl', 'Time to Live', 'uint'),
  f('ip.proto', 'Protocol', 'uint'),
  f('ip.checksum', 'Header Checksum', 'hex16'),
  f('ip.checksum.status', 'Header checksum status', 'uint', CHECKSUM_STATUS),
  f('ip.src', 'Source Address', 'ipv4'),
  f('ip.dst', 'Destination Address', 'ipv4'),
  f('ip.addr', 'Source or Destination Address', 'ipv4'),
  f('ip.opt.type', 'Type', 'uint'),
  f('ip.opt.len', 'Length', 'uint'),
  f('ip.fragment', 'IPv4 Fragment', 'uint'),
  f('ip.fragment.count', 'Fragment count', 'uint'),
  f('ip.reassembled_in', 'Reassembled IPv4 in frame', 'uint'),
  f('ip.reassembled.length', 'Reassembled IPv4 length', 'uint'),

  f('ipv6', 'Internet Protocol Version 6', 'protocol'),
  f('ipv6.version', 'Version', 'uint'),
  f('ipv6.tclass', 'Traffic Class', 'hex32'),
  f('ipv6.flow', 'Flow Label', 'hex24'),
  f('ipv6.plen', 'Payload Length', 'uint'),
  f('ipv6.nxt', 'Next Header', 'uint'),
  f('ipv6.hlim', 'Hop Limit', 'uint'),
  f('ipv6.src', 'Source Address', 'ipv6'),
  f('ipv6.dst', 'Destination Address', 'ipv6'),
  f('ipv6.addr', 'Source or Destination Address', 'ipv6'),
  f('ipv6.hopopts', 'IPv6 Hop-by-Hop Option', 'protocol'),
  f('ipv6.hopopts.nxt', 'Next Header', 'uint'),
  f('ipv6.hopopts.len', 'Length', 'uint'),
  f('ipv6.dstopts', 'Destination Options for IPv6', 'protocol'),
  f('ipv6.dstopts.nxt', 'Next Header', 'uint'),
  f('ipv6.dstopts.len', 'Length', 'uint'),
  f('ipv6.routing', 'Routing Header for IPv6', 'protocol'),
  f('ipv6.routing.nxt', 'Next Header', 'uint'),
  f('ipv6.routing.len', 'Length', 'uint'),
  f('ipv6.routing.type', 'Type', 'uint'),
  f('ipv6.routing.segleft', 'Segments Left', 'uint'),
  f('ipv6.fraghdr', 'Fragment Header for IPv6', 'protocol'),
  f('ipv6.fraghdr.nxt', 'Next header', 'uint'),
  f('ipv6.fraghdr.offset', 'Offset', 'uint'),
  f('ipv6.fraghdr.more', 'More Fragments', 'bool'),
  f('ipv6.fraghdr.ident', 'Identification', 'hex32'),
  f('ipv6.fragment', 'IPv6 Fragment', 'uint'),
  f('ipv6.fragment.count', 'Fragment count', 'uint'),
  f('ipv6.reassembled.in', 'Reassembled IPv6 in frame', 'uint'),
  f('ipv6.reassembled.length', 'Reassembled IPv6 length', 'uint'),

  f('icmp', 'Internet Control Message Protocol', 'protocol'),
  f('icmp.type', 'Type', 'uint', { 0: 'Echo (ping) reply', 3: 'Destination unreachable', 5: 'Redirect', 8: 'Echo (ping) request', 11: 'Time-to-live exceeded' }),
  f('icmp.code', 'Code', 'uint'),
  f('icmp.checksum', 'Checksum', 'hex16'),
  f('icmp.checksum.status', 'Checksum Status', 'uint', CHECKSUM_STATUS),
  f('icmp.ident', 'Identifier (BE)', 'uint'),
  f('icmp.ident_le', 'Identifier (LE)', 'uint'),
  f('icmp.seq', 'Sequence Number (BE)', 'uint'),
  f('icmp.seq_le', 'Sequence Number (LE)', 'uint'),

  f('icmpv6', 'Internet Control Message Protocol v6', 'protocol'),
  f('icmpv6.type', 'Type', 'uint', { 1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 128: 'Echo (ping) request', 129: 'Echo (ping) reply', 133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation', 136: 'Neighbor Advertisement' }),
  f('icmpv6.code', 'Code', 'uint'),
  f('icmpv6.checksum', 'Checksum', 'hex16'),
  f('icmpv6.checksum.status', 'Checksum Status', 'uint', CHECKSUM_STATUS),
  f('icmpv6.echo.identifier', 'Identifier', 'hex16'),
  f('icmpv6.echo.sequence_number', 'Sequence', 'uint'),

  f('udp', 'User Datagram Protocol', 'protocol'),
  f('udp.srcport', 'Source Port', 'uint'),
  f('udp.dstport', 'Destination Port', 'uint'),
  f('udp.port', 'Source or Destination Port', 'uint'),
  f('udp.length', 'Length', 'uint'),
  f('udp.checksum', 'Checksum', 'hex16'),
  f('udp.checksum.status', 'Checksum Status', 'uint', CHECKSUM_STATUS),
  f('udp.stream', 'Stream index', 'uint'),

  f('tcp', 'Transmission Control Protocol', 'protocol'),
  f('tcp.srcport', 'Source Port', 'uint'),
  f('tcp.dstport', 'Destination Port', 'uint'),
  f('tcp.port', 'Source or Destination Port', 'uint'),
  f('tcp.seq_raw', 'Sequence Number (raw)', 'uint'),
  f('tcp.ack_raw', 'Acknowledgment number (raw)', 'uint'),
  f('tcp.hdr_len', 'Header Length', 'uint'),
  f('tcp.flags', 'Flags', 'hex16'),
  f('tcp.flags.res', 'Reserved', 'bool'),
  f('tcp.flags.ae', 'Accurate ECN', 'bool'),
  f('tcp.flags.cwr', 'Congestion Window Reduced', 'bool'),
  f('tcp.flags.ece', 'ECN-Echo', 'bool'),
  f('tcp.flags.urg', 'Urgent', 'bool'),
  f('tcp.flags.ack', 'Acknowledgment', 'bool'),
  f('tcp.flags.push', 'Push', 'bool'),
  f('tcp.flags.reset', 'Reset', 'bool'),
  f('tcp.flags.syn', 'Syn', 'bool'),
  f('tcp.flags.fin', 'Fin', 'bool'),
  f('tcp.window_size_value', 'Window', 'uint'),
  f('tcp.checksum', 'Checksum', 'hex16'),
  f('tcp.checksum.status', 'Checksum Status', 'uint', CHECKSUM_STATUS),
  f('tcp.urgent_pointer', 'Urgent Pointer', 'uint'),
  f('tcp.len', 'TCP Segment Len', 'uint'),
  f('tcp.option_kind', 'Kind', 'uint'),
  f('tcp.option_len', 'Length', 'uint'),
  f('tcp.options', 'TCP Options', 'bytes'),
  f('tcp.options.nop', 'TCP Option - No-Operation (NOP)', 'bytes'),
  f('tcp.options.eol', 'TCP Option - End of Option List (EOL)', 'bytes'),
  f('tcp.options.mss_val', 'MSS Value', 'uint'),
  f('tcp.options.wscale.shift', 'Shift count', 'uint'),
  f('tcp.options.wscale.multiplier', 'Multiplier', 'uint'),
  f('tcp.options.sack_perm', 'TCP Option - SACK permitted', 'bytes'),
  f('tcp.options.sack.count', 'TCP SACK Count', 'uint'),
  f('tcp.options.timestamp.tsval', 'Timestamp value', 'uint'),
  f('tcp.options.timestamp.tsecr', 'Timestamp echo reply', 'uint'),
  f('tcp.stream', 'Stream index', 'uint'),
  f('tcp.seq', 'Sequence Number', 'uint'),
  f('tcp.nxtseq', 'Next Sequence Number', 'uint'),
  f('tcp.ack', 'Acknowledgment Number', 'uint'),
  f('tcp.window_size', 'Calculated window size', 'uint'),
  f('tcp.analysis', 'SEQ/ACK analysis', 'protocol'),
  f('tcp.analysis.acks_frame', 'This is an ACK to the segment in frame', 'framenum'),
  f('tcp.analysis.ack_rtt', 'The RTT to ACK the segment was', 'reltime'),
  f('tcp.analysis.initial_rtt', 'iRTT', 'reltime'),
  f('tcp.analysis.bytes_in_flight', 'Bytes in flight', 'uint'),
  f('tcp.analysis.flags', 'TCP Analysis Flags', 'none'),
  f('tcp.analysis.retransmission', 'This frame is a (suspected) retransmission', 'none'),
  f('tcp.analysis.fast_retransmission', 'This frame is a (suspected) fast retransmission', 'none'),
  f('tcp.analysis.spurious_retransmission', 'This frame is a (suspected) spurious retransmission', 'none'),
  f('tcp.analysis.out_of_order', 'This frame is a (suspected) out-of-order segment', 'none'),
  f('tcp.analysis.reused_ports', 'A new tcp session is started with the same ports as an earlier session in this trace', 'none'),
  f('tcp.analysis.lost_segment', 'Previous segment(s) not captured (common at capture start)', 'none'),
  f('tcp.analysis.ack_lost_segment', "ACKed segment that wasn't captured (common at capture start)", 'none'),
  f('tcp.analysis.window_update', 'TCP window update', 'none'),
  f('tcp.analysis.window_full', 'TCP window specified by the receiver is now completely full', 'none'),
  f('tcp.analysis.keep_alive', 'TCP keep-alive segment', 'none'),
  f('tcp.analysis.keep_alive_ack', 'ACK to a TCP keep-alive segment', 'none'),
  f('tcp.analysis.duplicate_ack', 'Duplicate ACK', 'none'),
  f('tcp.analysis.duplicate_ack_num', 'Duplicate ACK #', 'uint'),
  f('tcp.analysis.duplicate_ack_frame', 'Duplicate to the ACK in frame', 'framenum'),
  f('tcp.analysis.zero_window_probe', 'TCP Zero Window Probe', 'none'),
  f('tcp.analysis.zero_window', 'TCP Zero Window segment', 'none'),
  f('tcp.analysis.zero_window_probe_ack', 'ACK to a TCP Zero Window Probe', 'none'),
  f('tcp.payload', 'TCP payload', 'bytes'),
  f('tcp.reset_cause', 'Reset cause', 'string'),

  f('_ws.expert', 'Expert Info', 'expert'),
  f('_ws.expert.message', 'Message', 'expert-message'),
  f('_ws.expert.severity', 'Severity level', 'uint', SEVERITY_VALUES),
  f('_ws.expert.group', 'Group', 'uint', GROUP_VALUES),

  f('data', 'Data', 'protocol'),
  f('data.data', 'Data', 'bytes'),
  f('data.len', 'Length', 'int'),
];
