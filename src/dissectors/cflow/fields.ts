import { registerFields } from '../../fields/registry';
import { field, mask } from '../../fields/define';

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

registerFields([
  field('cflow', 'Cisco NetFlow/IPFIX', 'protocol'),
  field('cflow.version', 'Version', 'uint'),
  field('cflow.len', 'Length', 'uint'),
  field('cflow.count', 'Count', 'uint'),
  field('cflow.sysuptime', 'SysUptime', 'reltime'),
  field('cflow.exporttime', 'ExportTime', 'uint'),
  field('cflow.timestamp', 'Timestamp', 'abstime'),
  field('cflow.unix_secs', 'CurrentSecs', 'uint'),
  field('cflow.unix_nsecs', 'CurrentNSecs', 'uint'),
  field('cflow.samplingmode', 'SamplingMode', 'uint', { values: SAMPLING_MODES }),
  field('cflow.samplerate', 'SampleRate', 'uint'),
  field('cflow.sequence', 'FlowSequence', 'uint'),
  field('cflow.engine_type', 'EngineType', 'uint', { values: ENGINE_TYPES }),
  field('cflow.engine_id', 'EngineId', 'uint'),
  field('cflow.source_id', 'SourceId', 'uint'),
  field('cflow.od_id', 'Observation Domain Id', 'uint'),
  field('cflow.flowset_id', 'FlowSet Id', 'uint'),
  field('cflow.flowset_length', 'FlowSet Length', 'uint'),
  field('cflow.template_id', 'Template Id', 'uint'),
  field('cflow.template_field_count', 'Field Count', 'uint'),
  field('cflow.template_field_type', 'Type', 'uint', { values: FIELD_TYPES }),
  field('cflow.template_ipfix_pen_provided', 'Pen provided', 'bool'),
  field('cflow.template_ipfix_field_type', 'Type', 'uint', { values: FIELD_TYPES }),
  field('cflow.template_field_length', 'Length', 'uint'),
  field('cflow.template_ipfix_field_pen', 'PEN', 'uint'),
  field('cflow.template_frame', 'Template Frame', 'framenum'),
  field('cflow.no_template_found', 'No template found', 'none'),
  field('cflow.unexpected_sequence_number', 'Unexpected flow sequence for domain ID', 'none'),
  field('cflow.sequence_analysis.expected_sn', 'Expected Sequence Number', 'uint'),
  field('cflow.sequence_analysis.previous_frame', 'Previous Frame in Sequence', 'framenum'),
  field('cflow.srcaddr', 'SrcAddr', 'ipv4'),
  field('cflow.dstaddr', 'DstAddr', 'ipv4'),
  field('cflow.nexthop', 'NextHop', 'ipv4'),
  field('cflow.bgpnexthop', 'BGPNextHop', 'ipv4'),
  field('cflow.srcaddr_v6', 'SrcAddr', 'ipv6'),
  field('cflow.dstaddr_v6', 'DstAddr', 'ipv6'),
  field('cflow.inputint', 'InputInt', 'uint'),
  field('cflow.outputint', 'OutputInt', 'uint'),
  field('cflow.flows', 'Flows', 'uint'),
  field('cflow.packets', 'Packets', 'uint'),
  field('cflow.octets', 'Octets', 'uint'),
  field('cflow.timedelta', 'Duration', 'reltime'),
  field('cflow.timestart', 'StartTime', 'reltime'),
  field('cflow.timeend', 'EndTime', 'reltime'),
  field('cflow.srcport', 'SrcPort', 'uint'),
  field('cflow.dstport', 'DstPort', 'uint'),
  field('cflow.protocol', 'Protocol', 'uint'),
  field('cflow.tos', 'IP ToS', 'hex8'),
  field('cflow.tcpflags', 'TCP Flags', 'hex8'),
  field('cflow.tcpflags.reserved', 'Reserved', 'hex8'),
  field('cflow.tcpflags.urg', 'URG', 'bool', mask(0x20, 8)),
  field('cflow.tcpflags.ack', 'ACK', 'bool', mask(0x10, 8)),
  field('cflow.tcpflags.psh', 'PSH', 'bool', mask(0x08, 8)),
  field('cflow.tcpflags.rst', 'RST', 'bool', mask(0x04, 8)),
  field('cflow.tcpflags.syn', 'SYN', 'bool', mask(0x02, 8)),
  field('cflow.tcpflags.fin', 'FIN', 'bool', mask(0x01, 8)),
  field('cflow.srcas', 'SrcAS', 'uint'),
  field('cflow.dstas', 'DstAS', 'uint'),
  field('cflow.srcmask', 'SrcMask', 'uint'),
  field('cflow.dstmask', 'DstMask', 'uint'),
  field('cflow.padding', 'Padding', 'bytes'),
]);
