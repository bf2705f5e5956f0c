import { RECORD_WORDS } from '../../core/core';
import { fieldById } from '../../fields/registry';
import { formatValue } from '../../fields/format';
import type { FieldDef } from '../../fields/types';
import { MAX_WSCALE, type TcpOption } from '../../core/tcp-header';
import type { TcpNumbers } from '../../worker/tcp-numbers';
import { analysisPrefix } from './tcp-analysis';

/** The packet list's decoded columns for one frame. */
export interface PacketSummary {
  source: string;
  destination: string;
  protocol: string;
  info: string;
}

/** Protocol column names where Wireshark's differ from the filter name upper-cased. */
const PROTOCOL_NAMES: Record<string, string> = { eth: 'Ethernet', ip: 'IPv4', ipv6: 'IPv6', icmpv6: 'ICMPv6', vlan: '802.1Q', sll: 'SLL', null: 'Loopback' };
/** Layers that never name a packet: the frame itself, and payload bytes no dissector claimed. */
const NOT_A_LAYER = new Set(['frame', 'data']);

/**
 * The first record of each field in one frame's records, by name: what the column builders read. Only the
 * first occurrence matters for columns (addresses and ports appear once per layer).
 */
class FrameFields {
  private first = new Map<string, number>();
  /** Protocol layers in tree order, by filter name. */
  readonly layers: string[] = [];

  constructor(readonly records: Uint32Array, readonly bytes?: Uint8Array) {
    for (let at = 0; at < records.length; at += RECORD_WORDS) {
      const def = fieldById(records[at]);
      if (!def || this.first.has(def.name)) continue;
      this.first.set(def.name, at);
      if (def.type === 'protocol' && !def.name.includes('.') && !NOT_A_LAYER.has(def.name)) this.layers.push(def.name);
    }
  }

  has(name: string): boolean {
    return this.first.has(name);
  }

  def(name: string): FieldDef | undefined {
    const at = this.first.get(name);
    return at === undefined ? undefined : fieldById(this.records[at]);
  }

  /** The raw first value word (v0); undefined when absent. */
  num(name: string): number | undefined {
    const at = this.first.get(name);
    return at === undefined ? undefined : this.records[at + 4];
  }

  /** The value as the CLI prints it; '' when absent. */
  text(name: string): string {
    const at = this.first.get(name);
    if (at === undefined) return '';
    const source = (this.records[at + 1] >>> 8) & 0xff;
    return formatValue(fieldById(this.records[at])!, this.records, at, source === 0 ? this.bytes : undefined);
  }

  /** The value's name from the registry, else its printed value. */
  named(name: string): string {
    const v = this.num(name);
    return (v !== undefined && this.def(name)?.values?.[v]) || this.text(name);
  }
}

const ADDRESS_TYPES = new Set(['ipv4', 'ipv6', 'ether']);

/**
 * Source, Destination, Protocol and Info for one frame, from its field records (records of exactly one frame)
 * and, for a tracked TCP segment, its stream-relative numbers.
 */
export function summarize(records: Uint32Array, bytes?: Uint8Array, tcp?: TcpNumbers): PacketSummary {
  const f = new FrameFields(records, bytes);
  const top = f.layers.at(-1);
  const [source, destination] = addresses(f);
  const info = top === 'tcp' && tcp ? tcpInfo(f, tcp) : top ? (INFO[top]?.(f) ?? fallbackInfo(f, top)) : '';
  return { source, destination, protocol: top ? (PROTOCOL_NAMES[top] ?? top.toUpperCase()) : '', info };
}

const CHECKSUM_BAD = 0;

/** Wireshark's TCP Info: analysis markers, ports, flags, relative numbers, then the options in header order. */
function tcpInfo(f: FrameFields, tcp: TcpNumbers): string {
  const flags = tcpFlagNames(tcp.header.flags) || '<None>';
  const parts = [`${analysisPrefix(tcp.analysis, tcp.dupAck)}${arrow(f, 'tcp')} [${flags}]`, `Seq=${tcp.seq}`];
  if (tcp.ack !== undefined) parts.push(`Ack=${tcp.ack}`);
  parts.push(`Win=${tcp.window}`);
  if (f.num('tcp.checksum.status') === CHECKSUM_BAD) parts.push('[TCP CHECKSUM INCORRECT]');
  parts.push(`Len=${f.text('tcp.len') || 0}`);
  const relative = (raw: number) => (tcp.peerBase === undefined ? raw : (raw - tcp.peerBase) >>> 0);
  for (const option of tcp.header.options) parts.push(...optionInfo(option, relative));
  return parts.join(' ');
}

function optionInfo(o: TcpOption, relative: (raw: number) => number): string[] {
  switch (o.kind) {
    case 'mss': return [`MSS=${o.value}`];
    case 'wscale': return [`WS=${2 ** Math.min(o.shift, MAX_WSCALE)}`];
    case 'sack_perm': return ['SACK_PERM'];
    case 'timestamp': return [`TSval=${o.tsval}`, `TSecr=${o.tsecr}`];
    case 'sack': return o.blocks.flatMap(([left, right]) => [`SLE=${relative(left)}`, `SRE=${relative(right)}`]);
  }
}

/** The highest layer that has `<layer>.src` and `<layer>.dst` addresses (IP over Ethernet, like Wireshark). */
function addresses(f: FrameFields): [string, string] {
  for (let i = f.layers.length - 1; i >= 0; i--) {
    const src = `${f.layers[i]}.src`;
    const dst = `${f.layers[i]}.dst`;
    if (ADDRESS_TYPES.has(f.def(src)?.type ?? '') && f.has(dst)) return [f.text(src), f.text(dst)];
  }
  return ['', ''];
}

const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];

export function tcpFlagNames(flags: number): string {
  return TCP_FLAGS.filter((_, bit) => flags & (1 << bit)).join(', ');
}

const arrow = (f: FrameFields, p: string) => `${f.text(`${p}.srcport`)} → ${f.text(`${p}.dstport`)}`;

const INFO: Record<string, (f: FrameFields) => string | undefined> = {
  tcp(f) {
    const flags = f.num('tcp.flags') ?? 0;
    const parts = [arrow(f, 'tcp'), `[${tcpFlagNames(flags)}]`, `Seq=${f.text('tcp.seq_raw')}`];
    if (flags & 0x10) parts.push(`Ack=${f.text('tcp.ack_raw')}`);
    parts.push(`Win=${f.text('tcp.window_size_value')}`, `Len=${f.text('tcp.len') || 0}`);
    if (f.has('tcp.options.mss_val')) parts.push(`MSS=${f.text('tcp.options.mss_val')}`);
    if (f.has('tcp.options.sack_perm')) parts.push('SACK_PERM');
    if (f.has('tcp.options.timestamp.tsval')) {
      parts.push(`TSval=${f.text('tcp.options.timestamp.tsval')}`, `TSecr=${f.text('tcp.options.timestamp.tsecr')}`);
    }
    if (f.has('tcp.options.wscale.multiplier')) parts.push(`WS=${f.text('tcp.options.wscale.multiplier')}`);
    return parts.join(' ');
  },
  udp(f) {
    const length = f.num('udp.length');
    return `${arrow(f, 'udp')} Len=${length === undefined ? '?' : Math.max(0, length - 8)}`;
  },
  icmp(f) {
    return echo(f, 'icmp', 'icmp.ident', 'icmp.seq', 'ip.ttl');
  },
  icmpv6(f) {
    return echo(f, 'icmpv6', 'icmpv6.echo.identifier', 'icmpv6.echo.sequence_number', 'ipv6.hlim');
  },
  arp(f) {
    const op = f.num('arp.opcode');
    if (op === 1) return `Who has ${f.text('arp.dst.proto_ipv4')}? Tell ${f.text('arp.src.proto_ipv4')}`;
    if (op === 2) return `${f.text('arp.src.proto_ipv4')} is at ${f.text('arp.src.hw_mac')}`;
    return undefined;
  },
  ip(f) {
    const offset = f.num('ip.frag_offset') ?? 0;
    if (offset === 0 && !f.num('ip.flags.mf')) return undefined;
    return `Fragmented IP protocol (proto=${f.named('ip.proto')} ${f.text('ip.proto')}, off=${offset * 8}, ID=${f.text('ip.id').slice(2)})`;
  },
};

/** "Echo (ping) request  id=0x1234, seq=1/256, ttl=64", as Wireshark words it. */
function echo(f: FrameFields, p: string, ident: string, seq: string, ttl: string): string {
  const type = f.named(`${p}.type`);
  if (!f.has(seq)) return type;
  const id = f.num(ident) ?? 0;
  const s = f.num(seq) ?? 0;
  const swapped = ((s & 0xff) << 8) | (s >>> 8);
  const hops = f.has(ttl) ? `, ttl=${f.text(ttl)}` : '';
  return `${type}  id=0x${id.toString(16).padStart(4, '0')}, seq=${s}/${swapped}${hops}`;
}

/** A layer without its own Info: its label, and which protocol it carries when it says so. */
function fallbackInfo(f: FrameFields, layer: string): string {
  const label = f.def(layer)?.label ?? layer;
  for (const next of ['type', 'proto', 'etype', 'nxt']) {
    const name = `${layer}.${next}`;
    if (f.has(name)) return `${label}, ${f.def(name)!.label}: ${f.named(name)}`;
  }
  return label;
}
