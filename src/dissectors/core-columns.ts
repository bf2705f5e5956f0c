import { ether, ipv4, ipv6 } from '../fields/format';
import { IP_PROTOCOL_NAMES } from '../fields/value-names';
import { fieldById, fieldId } from '../fields/registry';
import type { CoreFrame } from './core-frame';

const id = (name: string) => fieldId(name) ?? 0;
const [TCP, UDP, ICMP, ICMPV6, ARP, IPV6_FRAGHDR, IP, IPV6, ETH] = [
  'tcp',
  'udp',
  'icmp',
  'icmpv6',
  'arp',
  'ipv6.fraghdr',
  'ip',
  'ipv6',
  'eth',
].map(id);
const [UDP_SRCPORT, UDP_DSTPORT, UDP_LENGTH] = ['udp.srcport', 'udp.dstport', 'udp.length'].map(id);
const [TCP_FLAGS_ID, TCP_SRCPORT, TCP_DSTPORT, TCP_SEQ, TCP_ACK, TCP_WINDOW_SIZE, TCP_WINDOW_SIZE_VALUE] = [
  'tcp.flags',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.seq',
  'tcp.ack',
  'tcp.window_size',
  'tcp.window_size_value',
].map(id);
const [TCP_URGENT, TCP_CHECKSUM_STATUS, TCP_LEN, TCP_HDR_LEN, TCP_ACK_RAW] = [
  'tcp.urgent_pointer',
  'tcp.checksum.status',
  'tcp.len',
  'tcp.hdr_len',
  'tcp.ack_raw',
].map(id);
const [DUP_ACK, DUP_ACK_FRAME, DUP_ACK_NUM, FAST_RETRANSMISSION, SPURIOUS_RETRANSMISSION, RETRANSMISSION] = [
  'tcp.analysis.duplicate_ack',
  'tcp.analysis.duplicate_ack_frame',
  'tcp.analysis.duplicate_ack_num',
  'tcp.analysis.fast_retransmission',
  'tcp.analysis.spurious_retransmission',
  'tcp.analysis.retransmission',
].map(id);

/** The Protocol and Info columns. */
export interface Columns {
  protocol: string;
  info: string;
}

/**
 * Protocol and Info of the deepest layer the core decoded, as tshark shows them for frames with no
 * application layer (and as the starting text application dissectors replace).
 */
export function coreColumns(f: CoreFrame, echo: EchoPairs): Columns {
  // The TCP or UDP header an ICMP error (or an ICMPv6 redirect) quotes is not the frame's own.
  const own = (id: number) => {
    const at = f.firstAt(id);
    return at >= 0 && [ICMP, ICMPV6].every((quoting) => f.firstAt(quoting) < 0 || at < f.firstAt(quoting));
  };
  if (own(TCP)) return { protocol: 'TCP', info: tcpInfo(f) };
  if (own(UDP))
    return {
      protocol: 'UDP',
      info: `${f.valueOf(UDP_SRCPORT)} → ${f.valueOf(UDP_DSTPORT)} Len=${Math.max(0, (f.valueOf(UDP_LENGTH) ?? 8) - 8)}`,
    };
  if (f.hasId(ICMP)) return { protocol: 'ICMP', info: icmpInfo(f, echo) };
  if (f.hasId(ICMPV6)) return { protocol: 'ICMPv6', info: icmpv6Info(f, echo) };
  if (f.hasId(ARP)) return { protocol: 'ARP', info: arpInfo(f) };
  const tunnel = tunnelColumns(f);
  if (tunnel) return tunnel;
  if (f.hasId(IPV6_FRAGHDR)) return { protocol: 'IPv6', info: ipv6FragmentInfo(f) };
  if (f.hasId(IP)) return { protocol: 'IPv4', info: ipv4FragmentInfo(f) };
  if (f.hasId(IPV6)) return { protocol: 'IPv6', info: '' };
  if (f.hasId(ETH)) return { protocol: 'Ethernet', info: '' };
  return { protocol: '', info: '' };
}

// Wireshark's order of TCP flag names in the Info column.
const TCP_FLAGS: [number, string][] = [
  [0x001, 'FIN'],
  [0x002, 'SYN'],
  [0x004, 'RST'],
  [0x008, 'PSH'],
  [0x010, 'ACK'],
  [0x020, 'URG'],
  [0x040, 'ECE'],
  [0x080, 'CWR'],
  [0x100, 'AE'],
];

// Analysis notes put before the ports, in the order tshark prints them when several apply.
const ANALYSIS_NOTES: [string, string][] = [
  ['tcp.analysis.reused_ports', 'TCP Port numbers reused'],
  ['tcp.analysis.out_of_order', 'TCP Out-Of-Order'],
  ['tcp.analysis.fast_retransmission', 'TCP Fast Retransmission'],
  ['tcp.analysis.spurious_retransmission', 'TCP Spurious Retransmission'],
  ['tcp.analysis.zero_window_probe_ack', 'TCP ZeroWindowProbeAck'],
  ['tcp.analysis.zero_window', 'TCP ZeroWindow'],
  ['tcp.analysis.zero_window_probe', 'TCP ZeroWindowProbe'],
  ['tcp.analysis.duplicate_ack', 'TCP Dup ACK'],
  ['tcp.analysis.keep_alive_ack', 'TCP Keep-Alive ACK'],
  ['tcp.analysis.window_full', 'TCP Window Full'],
  ['tcp.analysis.window_update', 'TCP Window Update'],
  ['tcp.analysis.keep_alive', 'TCP Keep-Alive'],
  ['tcp.analysis.ack_lost_segment', 'TCP ACKed unseen segment'],
  ['tcp.analysis.lost_segment', 'TCP Previous segment not captured'],
  ['tcp.analysis.retransmission', 'TCP Retransmission'],
];

export function tcpInfo(f: CoreFrame): string {
  const flags = f.valueOf(TCP_FLAGS_ID) ?? 0;
  const names = (FLAG_NAMES[flags & 0x1ff] ??= flagNames(flags));
  const notes = analysisNotes(f);
  let s = `${notes}${f.valueOf(TCP_SRCPORT)} → ${f.valueOf(TCP_DSTPORT)} [${names || '<None>'}] Seq=${f.valueOf(TCP_SEQ)}`;
  if (flags & 0x010) s += ` Ack=${f.valueOf(TCP_ACK)}`;
  s += ` Win=${f.valueOf(TCP_WINDOW_SIZE) ?? f.valueOf(TCP_WINDOW_SIZE_VALUE)}`;
  if (flags & 0x020) s += ` Urg=${f.valueOf(TCP_URGENT)}`;
  if (f.valueOf(TCP_CHECKSUM_STATUS) === 0) s += ' [TCP CHECKSUM INCORRECT]';
  s += ` Len=${f.valueOf(TCP_LEN)}`;
  return s + tcpOptionsInfo(f);
}

/** "SYN, ACK" by the flags' low 9 bits, made once each. */
const FLAG_NAMES: string[] = [];

function flagNames(flags: number): string {
  let names = '';
  for (const [bit, name] of TCP_FLAGS) if (flags & bit) names = names ? `${names}, ${name}` : name;
  return names;
}

function analysisNotes(f: CoreFrame): string {
  let notes = '';
  for (const [note, text] of ANALYSIS_NOTE_IDS) {
    if (!f.hasId(note)) continue;
    if (note === DUP_ACK) {
      notes += `[${text} ${f.valueOf(DUP_ACK_FRAME)}#${f.valueOf(DUP_ACK_NUM)}] `;
    } else if (note !== RETRANSMISSION || (!f.hasId(FAST_RETRANSMISSION) && !f.hasId(SPURIOUS_RETRANSMISSION))) {
      notes += `[${text}] `;
    }
  }
  return notes;
}

const ANALYSIS_NOTE_IDS: [number, string][] = ANALYSIS_NOTES.map(([name, text]) => [id(name), text]);

/** Options in header order: MSS, WS (the multiplier), SACK_PERM, TSval/TSecr, SACK blocks relative to the ack. */
function tcpOptionsInfo(f: CoreFrame): string {
  const hdrLen = f.valueOf(TCP_HDR_LEN) ?? 20;
  if (hdrLen <= 20) return '';
  const header = f.rangeOf(TCP);
  if (!header) return '';
  const b = header.data;
  const end = Math.min(header.start + hdrLen, b.length);
  const ackBase = ((f.valueOf(TCP_ACK_RAW) ?? 0) - (f.valueOf(TCP_ACK) ?? 0)) >>> 0;
  const u32 = (p: number) => ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  let s = '';
  for (let p = header.start + 20; p < end;) {
    const kind = b[p];
    if (kind === 0) break;
    if (kind === 1) {
      p++;
      continue;
    }
    const len = b[p + 1];
    if (len < 2 || p + len > end) break;
    if (kind === 2 && len === 4) s += ` MSS=${(b[p + 2] << 8) | b[p + 3]}`;
    else if (kind === 3 && len === 3) s += ` WS=${2 ** Math.min(b[p + 2], 14)}`;
    else if (kind === 4) s += ' SACK_PERM';
    else if (kind === 8 && len === 10) s += ` TSval=${u32(p + 2)} TSecr=${u32(p + 6)}`;
    else if (kind === 5) {
      for (let q = p + 2; q + 8 <= p + len; q += 8)
        s += ` SLE=${(u32(q) - ackBase) >>> 0} SRE=${(u32(q + 4) - ackBase) >>> 0}`;
    }
    p += len;
  }
  return s;
}

function ipv4FragmentInfo(f: CoreFrame): string {
  const proto = f.value('ip.proto') ?? 0;
  const id = (f.value('ip.id') ?? 0).toString(16).padStart(4, '0');
  const name = IP_PROTOCOL_NAMES[proto] ? `${IP_PROTOCOL_NAMES[proto]} ` : '';
  // ip.frag_offset counts 8-byte units; Info shows bytes.
  return `Fragmented IP protocol (proto=${name}${proto}, off=${(f.value('ip.frag_offset') ?? 0) * 8}, ID=${id})`;
}

function ipv6FragmentInfo(f: CoreFrame): string {
  const ident = (f.value('ipv6.fraghdr.ident') ?? 0).toString(16).padStart(8, '0');
  const more = f.value('ipv6.fraghdr.more') ? 'y' : 'n';
  return `IPv6 fragment (off=${f.value('ipv6.fraghdr.offset') ?? 0} more=${more} ident=0x${ident} nxt=${f.value('ipv6.fraghdr.nxt')})`;
}

function arpInfo(f: CoreFrame): string {
  const op = f.value('arp.opcode');
  const spa = ipv4(f.value('arp.src.proto_ipv4') ?? 0);
  const tpa = ipv4(f.value('arp.dst.proto_ipv4') ?? 0);
  const sha = f.words('arp.src.hw_mac');
  if (op === 1) return spa === tpa ? `ARP Announcement for ${spa}` : `Who has ${tpa}? Tell ${spa}`;
  if (op === 2) return `${spa} is at ${sha ? ether(sha[0], sha[1]) : ''}`;
  return `ARP opcode ${op}`;
}

/** Echo requests seen so far, so a reply can name its request (tshark's single pass knows only earlier frames). */
export class EchoPairs {
  private readonly requests = new Map<string, number>();
  request(key: string, frame: number): void {
    this.requests.set(key, frame);
  }
  requestOf(key: string): number | undefined {
    return this.requests.get(key);
  }
}

const UNREACHABLE: Record<number, string> = {
  0: 'Network unreachable',
  1: 'Host unreachable',
  2: 'Protocol unreachable',
  3: 'Port unreachable',
  4: 'Fragmentation needed',
  5: 'Source route failed',
  9: 'Network administratively prohibited',
  10: 'Host administratively prohibited',
  13: 'Communication administratively filtered',
};

function icmpInfo(f: CoreFrame, echo: EchoPairs): string {
  const type = f.value('icmp.type');
  const code = f.value('icmp.code') ?? 0;
  if (type === 0 || type === 8) {
    const ident = f.value('icmp.ident') ?? 0;
    const seq = f.value('icmp.seq') ?? 0;
    // tshark shows the TTL of the IP header right before ICMP: none when an AH header lies between.
    const ttl = f.has('ah') ? '' : `, ttl=${f.values('ip.ttl').at(-1)}`;
    const addrs = [f.value('ip.src'), f.value('ip.dst')];
    const head = `id=0x${ident.toString(16).padStart(4, '0')}, seq=${seq}/${f.value('icmp.seq_le')}${ttl}`;
    if (type === 8) {
      echo.request(`4 ${addrs[0]} ${addrs[1]} ${ident} ${seq}`, f.number);
      return `Echo (ping) request  ${head}`;
    }
    const request = echo.requestOf(`4 ${addrs[1]} ${addrs[0]} ${ident} ${seq}`);
    return `Echo (ping) reply    ${head}${request ? ` (request in ${request})` : ''}`;
  }
  if (type === 11)
    return `Time-to-live exceeded (${code === 0 ? 'Time to live exceeded in transit' : 'Fragment reassembly time exceeded'})`;
  if (type === 3) return `Destination unreachable (${UNREACHABLE[code] ?? code})`;
  if (type === 5) return 'Redirect';
  return `Type ${type}`;
}

function icmpv6Info(f: CoreFrame, echo: EchoPairs): string {
  const type = f.value('icmpv6.type');
  const hlim = f.values('ipv6.hlim').at(-1);
  const src = f.words('ipv6.src')?.join(':');
  const dst = f.words('ipv6.dst')?.join(':');
  if (type === 128 || type === 129) {
    const ident = f.value('icmpv6.echo.identifier') ?? 0;
    const seq = f.value('icmpv6.echo.sequence_number');
    const head = `id=0x${ident.toString(16).padStart(4, '0')}, seq=${seq}, hop limit=${hlim}`;
    if (type === 128) {
      echo.request(`6 ${src} ${dst} ${ident} ${seq}`, f.number);
      return `Echo (ping) request ${head}`;
    }
    const request = echo.requestOf(`6 ${dst} ${src} ${ident} ${seq}`);
    return `Echo (ping) reply ${head}${request ? ` (request in ${request})` : ''}`;
  }
  const icmp = f.range('icmpv6');
  const target =
    icmp && icmp.start + 24 <= icmp.data.length ? icmp.data.subarray(icmp.start + 8, icmp.start + 24) : undefined;
  const targetText = target
    ? ipv6(Array.from({ length: 4 }, (_, i) => new DataView(target.buffer, target.byteOffset).getUint32(4 * i)))
    : '';
  if (type === 135) {
    const mac = icmp ? linkLayerOption(icmp.data, icmp.start + 24, icmp.start + icmp.length, 1) : undefined;
    return `Neighbor Solicitation for ${targetText}${mac ? ` from ${mac}` : ''}`;
  }
  if (type === 136) {
    const flags = icmp && icmp.start + 4 < icmp.data.length ? icmp.data[icmp.start + 4] : 0;
    const names = [
      [0x80, 'rtr'],
      [0x40, 'sol'],
      [0x20, 'ovr'],
    ]
      .filter(([bit]) => flags & (bit as number))
      .map(([, n]) => n);
    const mac = icmp ? linkLayerOption(icmp.data, icmp.start + 24, icmp.start + icmp.length, 2) : undefined;
    return `Neighbor Advertisement ${targetText}${names.length ? ` (${names.join(', ')})` : ''}${mac ? ` is at ${mac}` : ''}`;
  }
  if (type === 133) return 'Router Solicitation';
  if (type === 134) return 'Router Advertisement';
  const names: Record<number, string> = { 1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded' };
  return names[type ?? -1] ?? `Type ${type}`;
}

/** The link-layer address of a source (1) or target (2) link-layer address option, if present. */
function linkLayerOption(b: Uint8Array, from: number, to: number, kind: number): string | undefined {
  for (let p = from; p + 8 <= Math.min(to, b.length);) {
    const len = b[p + 1] * 8;
    if (len === 0) return undefined;
    if (b[p] === kind && len === 8)
      return Array.from(b.subarray(p + 2, p + 8), (x) => x.toString(16).padStart(2, '0')).join(':');
    p += len;
  }
  return undefined;
}

function valueName(field: string, value: number): string | undefined {
  const id = fieldId(field);
  return id === undefined ? undefined : fieldById(id)?.values?.[value];
}

/** Tunnels and link layers whose payload the core could not open further (encrypted, or of no known type). */
function tunnelColumns(f: CoreFrame): Columns | undefined {
  const hex = (v: number | undefined, digits: number) => '0x' + (v ?? 0).toString(16).padStart(digits, '0');
  if (f.has('pppoed')) {
    const code = f.value('pppoe.code') ?? 0;
    return { protocol: 'PPPoED', info: valueName('pppoe.code', code) ?? `Unknown (${hex(code, 2)})` };
  }
  if (f.has('esp')) return { protocol: 'ESP', info: `ESP (SPI=${hex(f.value('esp.spi'), 8)})` };
  if (f.has('llc') && !f.has('ip') && !f.has('ipv6')) {
    const control = f.value('llc.control') ?? 0;
    let info = (control & 3) === 3 ? (control === 3 ? 'U, func=UI' : `U, func=${hex(control, 2)}`) : 'I';
    if (f.has('llc.oui'))
      info += `; SNAP, OUI ${hex(f.value('llc.oui'), 6)} (Unknown), PID ${hex(f.value('llc.pid'), 4)}`;
    return { protocol: 'LLC', info };
  }
  return undefined;
}
