import { registerFields } from '../../fields/registry';
import type { FieldDef } from '../../fields/types';

/** NetFlow v9 field types (RFC 3954 §8), which IPFIX information elements 1-127 share (RFC 7012). */
export const FIELD_TYPES: Record<number, string> = Object.fromEntries(
  `1 BYTES;2 PKTS;3 FLOWS;4 PROTOCOL;5 IP_TOS;6 TCP_FLAGS;7 L4_SRC_PORT;8 IP_SRC_ADDR;9 SRC_MASK;10 INPUT_SNMP;
11 L4_DST_PORT;12 IP_DST_ADDR;13 DST_MASK;14 OUTPUT_SNMP;15 IP_NEXT_HOP;16 SRC_AS;17 DST_AS;18 BGP_NEXT_HOP;
19 MUL_DPKTS;20 MUL_DOCTETS;21 LAST_SWITCHED;22 FIRST_SWITCHED;23 OUT_BYTES;24 OUT_PKTS;25 IP LENGTH MINIMUM;
26 IP LENGTH MAXIMUM;27 IPV6_SRC_ADDR;28 IPV6_DST_ADDR;29 IPV6_SRC_MASK;30 IPV6_DST_MASK;31 FLOW_LABEL;32 ICMP_TYPE;
33 IGMP_TYPE;34 SAMPLING_INTERVAL;35 SAMPLING_ALGORITHM;36 FLOW_ACTIVE_TIMEOUT;37 FLOW_INACTIVE_TIMEOUT;
38 ENGINE_TYPE;39 ENGINE_ID;40 TOTAL_BYTES_EXP;41 TOTAL_PKTS_EXP;42 TOTAL_FLOWS_EXP;44 IP_SRC_PREFIX;
45 IP_DST_PREFIX;46 MPLS_TOP_LABEL_TYPE;47 MPLS_TOP_LABEL_ADDR;48 FLOW_SAMPLER_ID;49 FLOW_SAMPLER_MODE;
50 FLOW_SAMPLER_RANDOM_INTERVAL;51 FLOW_CLASS;52 IP TTL MINIMUM;53 IP TTL MAXIMUM;54 IPv4 ID;55 DST_TOS;56 SRC_MAC;
57 DST_MAC;58 SRC_VLAN;59 DST_VLAN;60 IP_PROTOCOL_VERSION;61 DIRECTION;62 IPV6_NEXT_HOP;63 BGP_IPV6_NEXT_HOP;
64 IPV6_OPTION_HEADERS;70 MPLS_LABEL_1;71 MPLS_LABEL_2;72 MPLS_LABEL_3;80 DESTINATION_MAC;81 SOURCE_MAC;82 IF_NAME;
83 IF_DESC;84 SAMPLER_NAME;85 BYTES_TOTAL;86 PACKETS_TOTAL;88 FRAGMENT_OFFSET;89 FORWARDING_STATUS`
    .split(';')
    .map((entry) => {
      const [, type, name] = /^\s*(\d+) (.*)$/.exec(entry)!;
      return [Number(type), name];
    }),
);

export const ENGINE_TYPES: Record<number, string> = { 0: 'RP', 1: 'VIP/linecard', 2: 'PFC/DFC' };
export const SAMPLING_MODES: Record<number, string> = {
  0: 'No sampling mode configured',
  1: 'Packet Interval sampling mode configured',
  2: 'Random sampling mode configured',
};

const uint = (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'uint',
  ...extra,
});
const flag = (name: string, label: string, mask: number): FieldDef => ({
  name,
  label,
  type: 'bool',
  bitmask: { mask, width: 8 },
});

registerFields([
  { name: 'cflow', label: 'Cisco NetFlow/IPFIX', type: 'protocol' },
  uint('cflow.version', 'Version'),
  uint('cflow.len', 'Length'),
  uint('cflow.count', 'Count'),
  { name: 'cflow.sysuptime', label: 'SysUptime', type: 'reltime' },
  uint('cflow.exporttime', 'ExportTime'),
  { name: 'cflow.timestamp', label: 'Timestamp', type: 'abstime' },
  uint('cflow.unix_secs', 'CurrentSecs'),
  uint('cflow.unix_nsecs', 'CurrentNSecs'),
  uint('cflow.samplingmode', 'SamplingMode', { values: SAMPLING_MODES }),
  uint('cflow.samplerate', 'SampleRate'),
  uint('cflow.sequence', 'FlowSequence'),
  uint('cflow.engine_type', 'EngineType', { values: ENGINE_TYPES }),
  uint('cflow.engine_id', 'EngineId'),
  uint('cflow.source_id', 'SourceId'),
  uint('cflow.od_id', 'Observation Domain Id'),
  uint('cflow.flowset_id', 'FlowSet Id'),
  uint('cflow.flowset_length', 'FlowSet Length'),
  uint('cflow.template_id', 'Template Id'),
  uint('cflow.template_field_count', 'Field Count'),
  uint('cflow.template_field_type', 'Type', { values: FIELD_TYPES }),
  { name: 'cflow.template_ipfix_pen_provided', label: 'Pen provided', type: 'bool' },
  uint('cflow.template_ipfix_field_type', 'Type', { values: FIELD_TYPES }),
  uint('cflow.template_field_length', 'Length'),
  uint('cflow.template_ipfix_field_pen', 'PEN'),
  { name: 'cflow.template_frame', label: 'Template Frame', type: 'framenum' },
  { name: 'cflow.no_template_found', label: 'No template found', type: 'none' },
  { name: 'cflow.unexpected_sequence_number', label: 'Unexpected flow sequence for domain ID', type: 'none' },
  uint('cflow.sequence_analysis.expected_sn', 'Expected Sequence Number'),
  { name: 'cflow.sequence_analysis.previous_frame', label: 'Previous Frame in Sequence', type: 'framenum' },
  { name: 'cflow.srcaddr', label: 'SrcAddr', type: 'ipv4' },
  { name: 'cflow.dstaddr', label: 'DstAddr', type: 'ipv4' },
  { name: 'cflow.nexthop', label: 'NextHop', type: 'ipv4' },
  { name: 'cflow.bgpnexthop', label: 'BGPNextHop', type: 'ipv4' },
  { name: 'cflow.srcaddr_v6', label: 'SrcAddr', type: 'ipv6' },
  { name: 'cflow.dstaddr_v6', label: 'DstAddr', type: 'ipv6' },
  uint('cflow.inputint', 'InputInt'),
  uint('cflow.outputint', 'OutputInt'),
  uint('cflow.flows', 'Flows'),
  uint('cflow.packets', 'Packets'),
  uint('cflow.octets', 'Octets'),
  { name: 'cflow.timedelta', label: 'Duration', type: 'reltime' },
  { name: 'cflow.timestart', label: 'StartTime', type: 'reltime' },
  { name: 'cflow.timeend', label: 'EndTime', type: 'reltime' },
  uint('cflow.srcport', 'SrcPort'),
  uint('cflow.dstport', 'DstPort'),
  uint('cflow.protocol', 'Protocol'),
  { name: 'cflow.tos', label: 'IP ToS', type: 'hex8' },
  { name: 'cflow.tcpflags', label: 'TCP Flags', type: 'hex8' },
  { name: 'cflow.tcpflags.reserved', label: 'Reserved', type: 'hex8' },
  flag('cflow.tcpflags.urg', 'URG', 0x20),
  flag('cflow.tcpflags.ack', 'ACK', 0x10),
  flag('cflow.tcpflags.psh', 'PSH', 0x08),
  flag('cflow.tcpflags.rst', 'RST', 0x04),
  flag('cflow.tcpflags.syn', 'SYN', 0x02),
  flag('cflow.tcpflags.fin', 'FIN', 0x01),
  uint('cflow.srcas', 'SrcAS'),
  uint('cflow.dstas', 'DstAS'),
  uint('cflow.srcmask', 'SrcMask'),
  uint('cflow.dstmask', 'DstMask'),
  { name: 'cflow.padding', label: 'Padding', type: 'bytes' },
]);
