import { fieldId } from '../fields/registry';

/**
 * The core fields a columns-only dissection (AppSession with `columnsOnly`) reads of a frame: what CoreFrame,
 * coreColumns (Protocol and Info of the core's layers) and the session (conversations, TCP segments, a
 * datagram's payload) look up. A pass that needs no more can have the core emit only these records (with every
 * protocol's own record, which the core always keeps): see IngestOptions.keepFields. Whoever makes those modules
 * read another core field adds it here; test/worker/protocol-info-pass.test.ts compares the outputs with and
 * without the restriction.
 */
const NAMES = [
  // CoreFrame, the session
  'frame.number',
  'frame.time_epoch',
  'ip.src',
  'ipv6.src',
  'tcp.stream',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.len',
  'tcp.hdr_len',
  'tcp.seq',
  'udp.stream',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  // coreColumns: TCP
  'tcp.flags',
  'tcp.ack',
  'tcp.ack_raw',
  'tcp.window_size',
  'tcp.window_size_value',
  'tcp.urgent_pointer',
  'tcp.checksum.status',
  'tcp.analysis.reused_ports',
  'tcp.analysis.out_of_order',
  'tcp.analysis.fast_retransmission',
  'tcp.analysis.spurious_retransmission',
  'tcp.analysis.zero_window_probe_ack',
  'tcp.analysis.zero_window',
  'tcp.analysis.zero_window_probe',
  'tcp.analysis.duplicate_ack',
  'tcp.analysis.duplicate_ack_frame',
  'tcp.analysis.duplicate_ack_num',
  'tcp.analysis.keep_alive_ack',
  'tcp.analysis.window_full',
  'tcp.analysis.window_update',
  'tcp.analysis.keep_alive',
  'tcp.analysis.ack_lost_segment',
  'tcp.analysis.lost_segment',
  'tcp.analysis.retransmission',
  // coreColumns: IP fragments, ICMP, ICMPv6, ARP, tunnels and link layers
  'ip.proto',
  'ip.id',
  'ip.frag_offset',
  'ip.ttl',
  'ip.dst',
  'ipv6.dst',
  'ipv6.hlim',
  'ipv6.fraghdr',
  'ipv6.fraghdr.ident',
  'ipv6.fraghdr.more',
  'ipv6.fraghdr.offset',
  'ipv6.fraghdr.nxt',
  'icmp.type',
  'icmp.code',
  'icmp.ident',
  'icmp.seq',
  'icmp.seq_le',
  'icmpv6.type',
  'icmpv6.echo.identifier',
  'icmpv6.echo.sequence_number',
  'arp.opcode',
  'arp.src.proto_ipv4',
  'arp.dst.proto_ipv4',
  'arp.src.hw_mac',
  'ah',
  'esp',
  'esp.spi',
  'pppoed',
  'pppoe.code',
  'llc',
  'llc.control',
  'llc.oui',
  'llc.pid',
  '_ws.malformed',
  // link-columns.ts: link layers and infrastructure protocols
  'igmp.type',
  'igmp.version',
  'igmp.maddr',
  'igmp.num_src',
  'igmp.record_type',
  'igmp.saddr',
  'vrrp.version',
  'wlan.fc.type_subtype',
  'wlan.flags',
  'wlan.seq',
  'wlan.frag',
  'wlan.fixed.beacon',
  'wlan.ssid',
];

export const COLUMN_INPUT_FIELDS: readonly number[] = NAMES.map((name) => {
  const id = fieldId(name);
  if (id === undefined) throw new Error(`no field ${name}`);
  return id;
});
