import { ether, ipv4, ipv6 } from '../fields/format';
import { IP_PROTOCOL_NAMES } from '../fields/value-names';
import { fieldById, fieldId } from '../fields/registry';
import type { CoreFrame } from './core-frame';
import { controlColumns, linkColumns } from './link-columns';
import { FrameColumns, utf8, type DeferredInfo, type InfoWriter } from './info-text';

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
const MALFORMED = id('_ws.malformed');
/** The core's _ws.malformed value for a part longer than the part holding it (decode/malformed.ts). */
const MALFORMED_CONTAINED = 1;
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
 * application layer (and as the starting text application dissectors replace). TCP's and UDP's Info are
 * written only when needed (see FrameColumns).
 */
export function coreColumns(f: CoreFrame, echo: EchoPairs): FrameColumns {
  const columns = layerColumns(f, echo);
  // A core decoder that ran out of bytes ("[Malformed Packet]" at the top of the tree) says so after the Info.
  if (f.hasId(MALFORMED))
    columns.info +=
      f.valueOf(MALFORMED) === MALFORMED_CONTAINED
        ? '[Malformed Packet: length of contained item exceeds length of containing item]'
        : '[Malformed Packet]';
  return columns;
}

/** Whether the frame has its own `layer`: not only the header an ICMP error (or an ICMPv6 redirect) quotes. */
function ownLayer(f: CoreFrame, layer: number): boolean {
  const at = f.firstAt(layer);
  if (at < 0) return false;
  const icmp = f.firstAt(ICMP);
  const icmpv6 = f.firstAt(ICMPV6);
  return (icmp < 0 || at < icmp) && (icmpv6 < 0 || at < icmpv6);
}

function layerColumns(f: CoreFrame, echo: EchoPairs): FrameColumns {
  const control = controlColumns(f);
  if (control) return new FrameColumns(control.protocol, control.info);
  if (ownLayer(f, TCP)) return new FrameColumns('TCP', new TcpInfo(f));
  if (ownLayer(f, UDP)) return new FrameColumns('UDP', new UdpInfo(f));
  const { protocol, info } = otherColumns(f, echo);
  return new FrameColumns(protocol, info);
}

function otherColumns(f: CoreFrame, echo: EchoPairs): Columns {
  if (f.hasId(ICMP)) return { protocol: 'ICMP', info: icmpInfo(f, echo) };
  if (f.hasId(ICMPV6)) return { protocol: 'ICMPv6', info: icmpv6Info(f, echo) };
  if (f.hasId(ARP)) return { protocol: 'ARP', info: arpInfo(f) };
  const tunnel = tunnelColumns(f) ?? linkColumns(f);
  if (tunnel) return tunnel;
  if (f.hasId(IPV6_FRAGHDR)) return { protocol: 'IPv6', info: ipv6FragmentInfo(f) };
  if (f.hasId(IP)) return { protocol: 'IPv4', info: ipv4FragmentInfo(f) };
  if (f.hasId(IPV6)) return { protocol: 'IPv6', info: '' };
  if (f.hasId(ETH)) return { protocol: 'Ethernet', info: '' };
  return { protocol: '', info: '' };
}

const ARROW = utf8(' → ');

/** "srcport → dstport Len=n": what it needs, read when the frame is dissected. */
class UdpInfo implements DeferredInfo {
  private readonly src: number | undefined;
  private readonly dst: number | undefined;
  private readonly length: number;

  constructor(f: CoreFrame) {
    this.src = f.valueOf(UDP_SRCPORT);
    this.dst = f.valueOf(UDP_DSTPORT);
    this.length = Math.max(0, (f.valueOf(UDP_LENGTH) ?? 8) - 8);
  }

  write(w: InfoWriter): void {
    w.number(this.src);
    w.raw(ARROW);
    w.number(this.dst);
    w.raw(LEN);
    w.number(this.length);
  }
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

/**
 * TCP's Info: analysis notes, ports, flags, sequence and acknowledgement numbers, window, length and options.
 * What it needs is read when the frame is dissected (the frame's records do not outlive it); the options are
 * read from the header's bytes, which do.
 */
class TcpInfo implements DeferredInfo {
  private readonly flags: number;
  private readonly src: number | undefined;
  private readonly dst: number | undefined;
  private readonly seq: number | undefined;
  private readonly ack: number | undefined;
  private readonly window: number | undefined;
  private readonly urgent: number | undefined;
  private readonly checksumBad: boolean;
  private readonly length: number | undefined;
  /** Which ANALYSIS_NOTE_IDS the frame has (bit i: note i). */
  private readonly notes: number;
  private readonly dupAckFrame: number | undefined;
  private readonly dupAckNum: number | undefined;
  private readonly header?: { data: Uint8Array; start: number; length: number };
  private readonly hdrLen: number;
  private readonly ackBase: number;

  constructor(f: CoreFrame) {
    this.flags = f.valueOf(TCP_FLAGS_ID) ?? 0;
    this.src = f.valueOf(TCP_SRCPORT);
    this.dst = f.valueOf(TCP_DSTPORT);
    this.seq = f.valueOf(TCP_SEQ);
    this.ack = f.valueOf(TCP_ACK);
    this.window = f.valueOf(TCP_WINDOW_SIZE) ?? f.valueOf(TCP_WINDOW_SIZE_VALUE);
    this.urgent = f.valueOf(TCP_URGENT);
    this.checksumBad = f.valueOf(TCP_CHECKSUM_STATUS) === 0;
    this.length = f.valueOf(TCP_LEN);
    let notes = 0;
    for (let i = 0; i < ANALYSIS_NOTE_IDS.length; i++) if (f.hasId(ANALYSIS_NOTE_IDS[i][0])) notes |= 1 << i;
    this.notes = notes;
    this.dupAckFrame = notes & DUP_ACK_BIT ? f.valueOf(DUP_ACK_FRAME) : undefined;
    this.dupAckNum = notes & DUP_ACK_BIT ? f.valueOf(DUP_ACK_NUM) : undefined;
    this.hdrLen = f.valueOf(TCP_HDR_LEN) ?? 20;
    this.header = this.hdrLen > 20 ? f.rangeOf(TCP) : undefined;
    this.ackBase = this.header ? ((f.valueOf(TCP_ACK_RAW) ?? 0) - (f.valueOf(TCP_ACK) ?? 0)) >>> 0 : 0;
  }

  write(w: InfoWriter): void {
    const flags = this.flags;
    if (this.notes) this.writeNotes(w);
    w.number(this.src);
    w.raw(ARROW);
    w.number(this.dst);
    w.raw((FLAGS_THEN_SEQ[flags & 0x1ff] ??= utf8(` [${flagNames(flags) || '<None>'}] Seq=`)));
    w.number(this.seq);
    if (flags & 0x010) {
      w.raw(ACK);
      w.number(this.ack);
    }
    w.raw(WIN);
    w.number(this.window);
    if (flags & 0x020) {
      w.raw(URG);
      w.number(this.urgent);
    }
    if (this.checksumBad) w.raw(CHECKSUM_INCORRECT);
    w.raw(LEN);
    w.number(this.length);
    if (this.header) this.writeOptions(w, this.header);
  }

  private writeNotes(w: InfoWriter): void {
    const notes = this.notes;
    for (let i = 0; i < ANALYSIS_NOTE_IDS.length; i++) {
      if (!(notes & (1 << i))) continue;
      const [note, text] = ANALYSIS_NOTE_IDS[i];
      if (note === DUP_ACK) {
        w.ascii(`[${text} `);
        w.number(this.dupAckFrame);
        w.ascii('#');
        w.number(this.dupAckNum);
        w.ascii('] ');
      } else if (note !== RETRANSMISSION || !(notes & (FAST_RETRANSMISSION_BIT | SPURIOUS_RETRANSMISSION_BIT))) {
        w.raw(NOTE_BYTES[i]);
      }
    }
  }

  /** Options in header order: MSS, WS (the multiplier), SACK_PERM, TSval/TSecr, SACK blocks relative to the ack. */
  private writeOptions(w: InfoWriter, header: { data: Uint8Array; start: number }): void {
    const b = header.data;
    const end = Math.min(header.start + this.hdrLen, b.length);
    const ackBase = this.ackBase;
    for (let p = header.start + 20; p < end;) {
      const kind = b[p];
      if (kind === 0) break;
      if (kind === 1) {
        p++;
        continue;
      }
      const len = b[p + 1];
      if (len < 2 || p + len > end) break;
      if (kind === 2 && len === 4) {
        w.raw(MSS);
        w.number((b[p + 2] << 8) | b[p + 3]);
      } else if (kind === 3 && len === 3) {
        w.raw(WS);
        w.number(2 ** Math.min(b[p + 2], 14));
      } else if (kind === 4) w.raw(SACK_PERM);
      else if (kind === 8 && len === 10) {
        w.raw(TSVAL);
        w.number(u32(b, p + 2));
        w.raw(TSECR);
        w.number(u32(b, p + 6));
      } else if (kind === 5) {
        for (let q = p + 2; q + 8 <= p + len; q += 8) {
          w.raw(SLE);
          w.number((u32(b, q) - ackBase) >>> 0);
          w.raw(SRE);
          w.number((u32(b, q + 4) - ackBase) >>> 0);
        }
      }
      p += len;
    }
  }
}

/** " [SYN, ACK] Seq=" by the flags' low 9 bits, made once each. */
const FLAGS_THEN_SEQ: Uint8Array[] = [];
const [ACK, WIN, URG, LEN, CHECKSUM_INCORRECT, MSS, WS, SACK_PERM, TSVAL, TSECR, SLE, SRE] = [
  ' Ack=',
  ' Win=',
  ' Urg=',
  ' Len=',
  ' [TCP CHECKSUM INCORRECT]',
  ' MSS=',
  ' WS=',
  ' SACK_PERM',
  ' TSval=',
  ' TSecr=',
  ' SLE=',
  ' SRE=',
].map(utf8);

const u32 = (b: Uint8Array, p: number) => ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;

function flagNames(flags: number): string {
  let names = '';
  for (const [bit, name] of TCP_FLAGS) if (flags & bit) names = names ? `${names}, ${name}` : name;
  return names;
}

const ANALYSIS_NOTE_IDS: [number, string][] = ANALYSIS_NOTES.map(([name, text]) => [id(name), text]);
const NOTE_BYTES = ANALYSIS_NOTES.map(([, text]) => utf8(`[${text}] `));
const noteBit = (note: number) => 1 << ANALYSIS_NOTE_IDS.findIndex(([n]) => n === note);
const [DUP_ACK_BIT, FAST_RETRANSMISSION_BIT, SPURIOUS_RETRANSMISSION_BIT] = [
  DUP_ACK,
  FAST_RETRANSMISSION,
  SPURIOUS_RETRANSMISSION,
].map(noteBit);

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
    const mac = icmp ? linkLayerOption(icmp.data, icmp.start + 24, messageEnd(f, icmp.data), 1) : undefined;
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
    const mac = icmp ? linkLayerOption(icmp.data, icmp.start + 24, messageEnd(f, icmp.data), 2) : undefined;
    return `Neighbor Advertisement ${targetText}${names.length ? ` (${names.join(', ')})` : ''}${mac ? ` is at ${mac}` : ''}`;
  }
  if (type === 133) return 'Router Solicitation';
  if (type === 134) return 'Router Advertisement';
  const names: Record<number, string> = { 1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded' };
  return names[type ?? -1] ?? `Type ${type}`;
}

/** The link-layer address of a source (1) or target (2) link-layer address option, if present. */
/** Where an ICMPv6 message in `data` ends: its IPv6 payload's end (the ICMPv6 record spans only the header). */
function messageEnd(f: CoreFrame, data: Uint8Array): number {
  const last = f.count('ipv6') - 1;
  const ip = last >= 0 ? f.range('ipv6', last) : undefined;
  const plen = f.values('ipv6.plen').at(-1);
  return ip && plen !== undefined && ip.data === data ? Math.min(data.length, ip.start + 40 + plen) : data.length;
}

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
