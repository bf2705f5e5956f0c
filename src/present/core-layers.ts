import { EXPERT_GROUPS, EXPERT_SEVERITIES, expertMessage } from '../fields/expert';
import { absTimeUtc, ether } from '../fields/format';
import { resolveEther } from '../vendors/resolve';
import type { TreeNode } from './tree-node';

/**
 * Wireshark's presentation of the core's layers (what `tshark -V` prints): bit-field lines ("0100 .... =
 * Version: 4"), values named first ("Protocol: TCP (6)"), generated fields in brackets, flags and options
 * nested under their parent, TCP's fields in Wireshark's order, expert items as "[Expert Info (...): ...]".
 * Works on the nodes buildTree made from the core's records (`raw` holds each record's value words).
 */
export function presentCoreLayer(node: TreeNode, context: FrameContext, quoted = false): void {
  nestExperts(node);
  if (quoted && node.name.startsWith('icmp')) {
    const value = child(node, `${node.name}.checksum`);
    checksum(node, `${node.name}.checksum`, `${node.name}.checksum.status`, 'Checksum', 'Checksum Status');
    if (value) value.text += ' [in ICMP error packet]';
    return;
  }
  switch (node.name) {
    case 'frame': return frame(node, context);
    case 'eth': return ethernet(node, context);
    case 'arp': return arp(node, context);
    case 'ip': return ipv4(node);
    case 'ipv6': return ipv6(node);
    case 'tcp': return tcp(node, context);
    case 'udp': return udp(node, context);
    case 'icmp': case 'icmpv6': return icmp(node, context);
  }
}

/** What a frame's tree says beyond its own records: times relative to other frames and the protocol stack. */
export interface FrameContext {
  /**
   * Capture time of the time reference (the last *REF* frame up to this one, else the first frame) and of the
   * previous frame, in nanoseconds since the epoch; of the previous displayed frame when the list is filtered.
   */
  firstNs?: bigint;
  previousNs?: bigint;
  previousDisplayedNs?: bigint;
  /** The analyst marked the frame, or made it a time reference. */
  marked?: boolean;
  timeReference?: boolean;
  /** "eth:ethertype:ip:tcp:http". */
  protocols: string;
  /** A pcapng capture's frames name their section and interface. */
  pcapng?: boolean;
  /** The interface's if_name, when the pcapng file gives one. */
  interfaceName?: string;
  /** The frame's TCP stream: times since its first and previous frames, payload bytes since the last PSH. */
  tcp?: { sinceFirstNs: bigint; sincePreviousNs: bigint; sincePush?: number };
  /** The frame's UDP stream: times since its first and previous frames. */
  udp?: { sinceFirstNs: bigint; sincePreviousNs: bigint };
  /** Names of the frame's Ethernet addresses, by address text, resolved where the vendor table is loaded. */
  etherNames?: Record<string, string>;
}

/** A generated line (no bytes of its own, so a click in the hex view never selects it), placed like `like`. */
function line(like: TreeNode, text: string, name = ''): TreeNode {
  return { ...like, name, text, children: [], path: `${like.path}/${name || text}`, start: 0, length: 0 };
}

/** The child named `name`, or a grandchild (records the core already nested). */
const child = (node: TreeNode, name: string): TreeNode | undefined =>
  node.children.find((c) => c.name === name) ?? node.children.flatMap((c) => c.children).find((c) => c.name === name);
const num = (node: TreeNode | undefined) => node?.raw?.[0] ?? 0;
const bracket = (node: TreeNode | undefined) => {
  if (node && !node.text.startsWith('[')) node.text = `[${node.text}]`;
};
const hex = (v: number, digits: number) => '0x' + v.toString(16).padStart(digits, '0');

/** "0100 ...." for `value` in a `width`-bit field whose bits `mask` covers. */
export function bitPattern(value: number, mask: number, width: number): string {
  let out = '';
  let shift = 0;
  while (shift < 32 && !((mask >>> shift) & 1)) shift++;
  const raw = (value << shift) & mask;
  for (let bit = width - 1; bit >= 0; bit--) {
    out += (mask >>> bit) & 1 ? String((raw >>> bit) & 1) : '.';
    if (bit && bit % 4 === 0) out += ' ';
  }
  return out;
}

function bits(node: TreeNode | undefined, mask: number, width: number, text = node?.text, value = num(node)): void {
  if (node) node.text = `${bitPattern(value, mask, width)} = ${text}`;
}

/** Moves the nodes named `names` (in `parent`'s children) under `under`. */
function nest(parent: TreeNode, under: TreeNode | undefined, names: (n: string) => boolean): void {
  if (!under) return;
  const moved = parent.children.filter((c) => c !== under && names(c.name) && !under.children.includes(c));
  parent.children = parent.children.filter((c) => !moved.includes(c));
  under.children.push(...moved);
}

function setFlag(node: TreeNode | undefined): string {
  return num(node) ? 'Set' : 'Not set';
}

function seconds(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  return `${sign}${abs / 1_000_000_000n}.${String(abs % 1_000_000_000n).padStart(9, '0')} seconds`;
}

function frame(node: TreeNode, context: FrameContext): void {
  const n = num(child(node, 'frame.number'));
  const wire = num(child(node, 'frame.len'));
  const captured = num(child(node, 'frame.cap_len'));
  const epoch = child(node, 'frame.time_epoch');
  node.text = `Frame ${n}: ${wire} bytes on wire (${wire * 8} bits), ${captured} bytes captured (${captured * 8} bits)`;
  const lines: TreeNode[] = [];
  const line = (text: string, from?: TreeNode): TreeNode =>
    ({ ...(from ?? node), name: from?.name ?? '', text, children: [], path: `${node.path}/${text}`, ...(from ? {} : { start: 0, length: 0 }) });
  const iface = child(node, 'frame.interface_id');
  if (context.pcapng && iface) {
    // "unknown" is tshark's word for an interface without if_name.
    const name = context.interfaceName ?? 'unknown';
    node.text += ` on interface ${name}, id ${num(iface)}`;
    lines.push(line('Section number: 1'));
    const id = line(`Interface id: ${num(iface)} (${name})`, iface);
    id.children = [line(`Interface name: ${name}`)];
    lines.push(id);
  }
  const encapsulation = ENCAPSULATIONS[context.protocols.split(':')[0]];
  if (encapsulation) lines.push(line(`Encapsulation type: ${encapsulation}`));
  if (epoch?.raw) {
    const [lo, hi, nsec] = epoch.raw;
    const ns = (BigInt(hi | 0) * 2n ** 32n + BigInt(lo >>> 0)) * 1_000_000_000n + BigInt(nsec | 0);
    lines.push(line(`Arrival Time: ${absTimeUtc(ns)}`, epoch));
    lines.push(line('[Time shift for this packet: 0.000000000 seconds]'));
    lines.push(line(`Epoch Time: ${epoch.text.slice(epoch.text.indexOf(': ') + 2)} seconds`, epoch));
    lines.push(line(`[Time delta from previous captured frame: ${seconds(ns - (context.previousNs ?? ns))}]`));
    lines.push(line(`[Time delta from previous displayed frame: ${seconds(ns - (context.previousDisplayedNs ?? ns))}]`));
    lines.push(line(`[Time since reference or first frame: ${seconds(ns - (context.firstNs ?? ns))}]`));
  }
  if (context.timeReference) lines.push(line('[This is a Time Reference frame]'));
  lines.push(line(`Frame Number: ${n}`, child(node, 'frame.number')));
  lines.push(line(`Frame Length: ${wire} bytes (${wire * 8} bits)`, child(node, 'frame.len')));
  lines.push(line(`Capture Length: ${captured} bytes (${captured * 8} bits)`, child(node, 'frame.cap_len')));
  lines.push(line(`[Frame is marked: ${context.marked ? 'True' : 'False'}]`), line('[Frame is ignored: False]'));
  lines.push(line(`[Protocols in frame: ${context.protocols}]`));
  node.children = [...lines, ...node.children.filter((c) => c.name === '_ws.expert')];
}

/** Wireshark's encapsulation type, by the frame's first layer. */
const ENCAPSULATIONS: Record<string, string> = { eth: 'Ethernet (1)', ip: 'Raw IP (7)', ipv6: 'Raw IP (7)', null: 'NULL/Loopback (15)', sll: 'Linux cooked-mode capture v1 (25)' };
const ETHER_TYPES: Record<number, string> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q Virtual LAN', 0x88cc: '802.1 Link Layer Discovery Protocol (LLDP)' };

/** An Ethernet address as tshark shows it: its well-known or vendor name ("Broadcast", "Apple_12:34:56"). */
function etherName(node: TreeNode, context: FrameContext): string {
  const [hi, lo] = node.raw ?? [0, 0];
  return context.etherNames?.[ether(hi, lo)] ?? resolveEther(hi, lo);
}

function ethernet(node: TreeNode, context: FrameContext): void {
  const dst = child(node, 'eth.dst');
  const src = child(node, 'eth.src');
  for (const address of [dst, src]) {
    if (!address?.raw) continue;
    const shown = `${etherName(address, context)} (${ether(address.raw[0], address.raw[1])})`;
    const label = address.name === 'eth.dst' ? 'Destination' : 'Source';
    const first = address.raw[0] >>> 24;
    address.text = `${label}: ${shown}`;
    const sub = (text: string): TreeNode => line(address, text);
    address.children = [
      sub(`Address: ${shown}`),
      sub(`.... ..${(first >> 1) & 1}. .... .... .... .... = LG bit: ${first & 2 ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)'}`),
      sub(`.... ...${first & 1} .... .... .... .... = IG bit: ${first & 1 ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)'}`),
    ];
  }
  if (dst && src) node.text = `Ethernet II, Src: ${src.text.slice(8)}, Dst: ${dst.text.slice(13)}`;
  const type = child(node, 'eth.type');
  if (type) type.text = `Type: ${ETHER_TYPES[num(type)] ?? 'Unknown'} (${hex(num(type), 4)})`;
  const trailer = child(node, 'eth.trailer');
  if (trailer?.raw) trailer.text = trailer.text.replace('…', '');
}

function arp(node: TreeNode, context: FrameContext): void {
  const opcode = child(node, 'arp.opcode');
  const names: Record<number, string> = { 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply' };
  if (opcode) {
    opcode.text = `Opcode: ${names[num(opcode)] ?? 'Unknown'} (${num(opcode)})`;
    node.text = `Address Resolution Protocol (${names[num(opcode)] ?? 'opcode ' + num(opcode)})`;
  }
  const hw = child(node, 'arp.hw.type');
  if (hw) hw.text = `Hardware type: ${num(hw) === 1 ? 'Ethernet' : 'Unknown'} (${num(hw)})`;
  const proto = child(node, 'arp.proto.type');
  if (proto) proto.text = `Protocol type: ${ETHER_TYPES[num(proto)] ?? 'Unknown'} (${hex(num(proto), 4)})`;
  for (const name of ['arp.src.hw_mac', 'arp.dst.hw_mac']) {
    const mac = child(node, name);
    if (mac?.raw) {
      const text = ether(mac.raw[0], mac.raw[1]);
      mac.text = `${mac.label}: ${etherName(mac, context)} (${text})`;
    }
  }
}

const DSCP_NAMES: Record<number, [string, string]> = {
  0: ['Default', 'CS0'], 8: ['Class Selector 1', 'CS1'], 16: ['Class Selector 2', 'CS2'], 24: ['Class Selector 3', 'CS3'],
  32: ['Class Selector 4', 'CS4'], 40: ['Class Selector 5', 'CS5'], 48: ['Class Selector 6', 'CS6'], 56: ['Class Selector 7', 'CS7'],
  10: ['Assured Forwarding 11', 'AF11'], 12: ['Assured Forwarding 12', 'AF12'], 14: ['Assured Forwarding 13', 'AF13'],
  18: ['Assured Forwarding 21', 'AF21'], 20: ['Assured Forwarding 22', 'AF22'], 22: ['Assured Forwarding 23', 'AF23'],
  26: ['Assured Forwarding 31', 'AF31'], 28: ['Assured Forwarding 32', 'AF32'], 30: ['Assured Forwarding 33', 'AF33'],
  34: ['Assured Forwarding 41', 'AF41'], 36: ['Assured Forwarding 42', 'AF42'], 38: ['Assured Forwarding 43', 'AF43'],
  44: ['Voice Admit', 'VA'], 46: ['Expedited Forwarding', 'EF'], 1: ['Lower Effort', 'LE'],
};
const ECN_NAMES: Record<number, [string, string]> = {
  0: ['Not ECN-Capable Transport', 'Not-ECT'], 1: ["ECN-Capable Transport codepoint '01'", 'ECT(1)'],
  2: ["ECN-Capable Transport codepoint '10'", 'ECT(0)'], 3: ['Congestion Experienced', 'CE'],
};
const IP_PROTOCOLS: Record<number, string> = { 0: 'IPv6 Hop-by-Hop Option', 1: 'ICMP', 2: 'IGMP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 43: 'Routing Header for IPv6', 44: 'Fragment Header for IPv6', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'IPv6 No Next Header', 60: 'Destination Options for IPv6', 89: 'OSPF IGP', 132: 'SCTP' };

/** ", Src: a, Dst: b" from the layer's address fields. */
function addresses(node: TreeNode, src: string, dst: string): string {
  const value = (name: string) => {
    const text = child(node, name)?.text;
    return text?.slice(text.indexOf(': ') + 2);
  };
  return `, Src: ${value(src)}, Dst: ${value(dst)}`;
}

function ipv4(node: TreeNode): void {
  if (child(node, 'ip.src')) node.text += addresses(node, 'ip.src', 'ip.dst');
  bits(child(node, 'ip.version'), 0xf0, 8);
  const hdr = child(node, 'ip.hdr_len');
  bits(hdr, 0x0f, 8, `Header Length: ${num(hdr)} bytes (${num(hdr) >> 2})`, num(hdr) >> 2);
  const ds = child(node, 'ip.dsfield');
  const dscp = child(node, 'ip.dsfield.dscp');
  const ecn = child(node, 'ip.dsfield.ecn');
  if (ds && dscp && ecn) {
    const [dscpLong, dscpShort] = DSCP_NAMES[num(dscp)] ?? ['Unknown', 'Unknown'];
    const [ecnLong, ecnShort] = ECN_NAMES[num(ecn)];
    ds.text = `Differentiated Services Field: ${hex(num(ds), 2)} (DSCP: ${dscpShort}, ECN: ${ecnShort})`;
    bits(dscp, 0xfc, 8, `Differentiated Services Codepoint: ${dscpLong} (${num(dscp)})`);
    bits(ecn, 0x03, 8, `Explicit Congestion Notification: ${ecnLong} (${num(ecn)})`);
    nest(node, ds, (n) => n === 'ip.dsfield.dscp' || n === 'ip.dsfield.ecn');
  }
  const id = child(node, 'ip.id');
  if (id) id.text = `Identification: ${hex(num(id), 4)} (${num(id)})`;
  const flags = child(node, 'ip.flags');
  if (flags) {
    const v = num(flags);
    const names = [v & 2 ? ", Don't fragment" : '', v & 1 ? ', More fragments' : ''].join('');
    flags.text = `${bitPattern(v, 0xe0, 8)} = Flags: ${hex(v, 1)}${names}`;
    bits(child(node, 'ip.flags.rb'), 0x80, 8, `Reserved bit: ${setFlag(child(node, 'ip.flags.rb'))}`);
    bits(child(node, 'ip.flags.df'), 0x40, 8, `Don't fragment: ${setFlag(child(node, 'ip.flags.df'))}`);
    bits(child(node, 'ip.flags.mf'), 0x20, 8, `More fragments: ${setFlag(child(node, 'ip.flags.mf'))}`);
    nest(node, flags, (n) => n.startsWith('ip.flags.'));
  }
  const offset = child(node, 'ip.frag_offset');
  if (offset) offset.text = `${bitPattern(num(offset) >> 3, 0x1fff, 16)} = Fragment Offset: ${num(offset)}`;
  const proto = child(node, 'ip.proto');
  if (proto) proto.text = `Protocol: ${IP_PROTOCOLS[num(proto)] ?? 'Unknown'} (${num(proto)})`;
  // The TTL warnings belong to the TTL field.
  const ttl = child(node, 'ip.ttl');
  for (const expert of node.children.filter((c) => c.name === '_ws.expert' && (c.raw?.[0] === 25 || c.raw?.[0] === 26))) {
    if (!ttl) break;
    node.children = node.children.filter((c) => c !== expert);
    ttl.children.push(expert);
  }
  checksum(node, 'ip.checksum', 'ip.checksum.status', 'Header Checksum', 'Header checksum status');
}

function ipv6(node: TreeNode): void {
  if (child(node, 'ipv6.src')) node.text += addresses(node, 'ipv6.src', 'ipv6.dst');
  // IPv6 carries a hidden ip.version for filters; Wireshark does not show it.
  node.children = node.children.filter((c) => c.name !== 'ip.version');
  bits(child(node, 'ipv6.version'), 0xf0, 8);
  const tclass = child(node, 'ipv6.tclass');
  if (tclass) {
    const v = num(tclass);
    const [dscpLong, dscpShort] = DSCP_NAMES[v >> 2] ?? ['Unknown', 'Unknown'];
    const [ecnLong, ecnShort] = ECN_NAMES[v & 3];
    tclass.text = `${bitPattern(v, 0x0ff00000, 32)} = Traffic Class: ${hex(v, 2)} (DSCP: ${dscpShort}, ECN: ${ecnShort})`;
    tclass.children = [
      line(tclass, `${bitPattern(v >> 2, 0x0fc00000, 32)} = Differentiated Services Codepoint: ${dscpLong} (${v >> 2})`, 'ipv6.tclass.dscp'),
      line(tclass, `${bitPattern(v & 3, 0x00300000, 32)} = Explicit Congestion Notification: ${ecnLong} (${v & 3})`, 'ipv6.tclass.ecn'),
    ];
  }
  const flow = child(node, 'ipv6.flow');
  if (flow) flow.text = `${bitPattern(num(flow), 0x0fffff, 24)} = Flow Label: ${hex(num(flow), 5)}`;
  const next = child(node, 'ipv6.nxt');
  if (next) next.text = `Next Header: ${IP_PROTOCOLS[num(next)] ?? 'Unknown'} (${num(next)})`;
  for (const header of node.children) {
    const nxt = header.children.find((c) => c.name.endsWith('.nxt'));
    if (nxt) nxt.text = `${nxt.label}: ${IP_PROTOCOLS[num(nxt)] ?? 'Unknown'} (${num(nxt)})`;
    if (header.name === 'ipv6.fraghdr') fragmentHeader(header);
  }
}

function fragmentHeader(node: TreeNode): void {
  const offset = child(node, 'ipv6.fraghdr.offset');
  const more = child(node, 'ipv6.fraghdr.more');
  const at = offset ? node.children.indexOf(offset) : 1;
  node.children.splice(at, 0, line(node, 'Reserved octet: 0x00'));
  if (offset) offset.text = `${bitPattern(num(offset), 0xfff8, 16)} = Offset: ${num(offset)} (${num(offset) * 8} bytes)`;
  if (more) {
    more.text = `${bitPattern(num(more), 0x0001, 16)} = More Fragments: ${num(more) ? 'Yes' : 'No'}`;
    node.children.splice(node.children.indexOf(more), 0, line(node, '.... .... .... .00. = Reserved bits: 0'));
  }
}

const CHECKSUM_STATES: Record<number, string> = { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' };
/** Layers an ICMP error quotes from the packet it is about. */
export const QUOTED_LAYERS = new Set(['ip', 'ipv6', 'tcp', 'udp', 'icmp', 'icmpv6']);

/** "Checksum: 0x1234 [correct]", then the status and calculated value in brackets (tshark's checksum fields). */
function checksum(node: TreeNode, field: string, statusField: string, label: string, statusLabel: string): void {
  const value = child(node, field);
  const status = child(node, statusField);
  if (!value || !status) return;
  const v = hex(num(value), 4);
  const s = num(status);
  const expert = node.children.find((c) => c.name === '_ws.expert' && c.raw?.[0] === 0);
  const should = expert?.raw ? hex(expert.raw[3], 4) : undefined;
  value.text = `${label}: ${v} ${s === 1 ? '[correct]' : s === 0 ? `[incorrect, should be ${should ?? '?'}]` : s === 3 ? '[missing]' : '[unverified]'}`;
  status.text = `[${statusLabel}: ${CHECKSUM_STATES[s] ?? s}]`;
  const i = node.children.indexOf(status);
  const calculated = s === 1 ? v : s === 0 ? should : undefined;
  if (calculated) node.children.splice(i + 1, 0, line(status, `[Calculated Checksum: ${calculated}]`, `${field}_calculated`));
  if (expert && s === 0) {
    node.children = node.children.filter((c) => c !== expert);
    value.children.push(expert);
  }
}

function udp(node: TreeNode, context: FrameContext): void {
  const src = num(child(node, 'udp.srcport'));
  const dst = num(child(node, 'udp.dstport'));
  node.text = `User Datagram Protocol, Src Port: ${src}, Dst Port: ${dst}`;
  checksum(node, 'udp.checksum', 'udp.checksum.status', 'Checksum', 'Checksum Status');
  // UDP shows its calculated checksum under the checksum.
  const value = child(node, 'udp.checksum');
  const calculated = child(node, 'udp.checksum_calculated');
  if (value && calculated) {
    node.children = node.children.filter((c) => c !== calculated);
    value.children.unshift(calculated);
  }
  bracket(child(node, 'udp.stream'));
  if (context.udp) {
    const times = line(node, '[Timestamps]', 'udp.time');
    times.children = [
      line(times, `[Time since first frame: ${seconds(context.udp.sinceFirstNs)}]`),
      line(times, `[Time since previous frame: ${seconds(context.udp.sincePreviousNs)}]`),
    ];
    node.children.push(times);
  }
  const length = num(child(node, 'udp.length'));
  if (length > 8) node.children.push(line(node, `UDP payload (${length - 8} byte${length === 9 ? '' : 's'})`));
}

const ICMP_CODES: Record<number, Record<number, string>> = {
  3: {
    0: 'Network unreachable', 1: 'Host unreachable', 2: 'Protocol unreachable', 3: 'Port unreachable',
    4: 'Fragmentation needed', 5: 'Source route failed', 6: 'Destination network unknown', 7: 'Destination host unknown',
    9: 'Network administratively prohibited', 10: 'Host administratively prohibited', 13: 'Communication administratively filtered',
  },
  5: { 0: 'Redirect for network', 1: 'Redirect for host', 2: 'Redirect for TOS and network', 3: 'Redirect for TOS and host' },
  11: { 0: 'Time to live exceeded in transit', 1: 'Fragment reassembly time exceeded' },
};

function icmp(node: TreeNode, context: FrameContext): void {
  if (node.name === 'icmp') {
    const type = num(child(node, 'icmp.type'));
    const code = child(node, 'icmp.code');
    const name = ICMP_CODES[type]?.[num(code)];
    if (code && name) code.text = `Code: ${num(code)} (${name})`;
  }
  const value = child(node, `${node.name}.checksum`);
  const status = child(node, `${node.name}.checksum.status`);
  if (value && status) {
    const s = num(status);
    value.text = `Checksum: ${hex(num(value), 4)} ${s === 1 ? '[correct]' : s === 0 ? '[incorrect]' : '[unverified]'}`;
    status.text = `[Checksum Status: ${CHECKSUM_STATES[s] ?? s}]`;
  }
  for (const quoted of node.children.filter((c) => QUOTED_LAYERS.has(c.name))) presentCoreLayer(quoted, context, true);
  for (const name of ['icmp.ident', 'icmp.ident_le', 'icmp.seq', 'icmp.seq_le']) {
    const n = child(node, name);
    if (n) n.text = `${n.label}: ${num(n)} (${hex(num(n), 4)})`;
  }
}

const TCP_ORDER = [
  'tcp.srcport', 'tcp.dstport', 'tcp.stream', 'tcp.len', 'tcp.seq', 'tcp.seq_raw', 'tcp.nxtseq', 'tcp.ack', 'tcp.ack_raw',
  'tcp.hdr_len', 'tcp.flags', 'tcp.window_size_value', 'tcp.window_size', 'tcp.window_size_scalefactor', 'tcp.checksum',
  'tcp.checksum.status', 'tcp.checksum_calculated',
  'tcp.urgent_pointer', 'tcp.options', 'tcp.time', 'tcp.analysis',
];
const FLAG_BITS: [string, number, string][] = [
  ['tcp.flags.res', 0xe00, 'Reserved'], ['tcp.flags.ae', 0x100, 'Accurate ECN'], ['tcp.flags.cwr', 0x080, 'Congestion Window Reduced'],
  ['tcp.flags.ece', 0x040, 'ECN-Echo'], ['tcp.flags.urg', 0x020, 'Urgent'], ['tcp.flags.ack', 0x010, 'Acknowledgment'],
  ['tcp.flags.push', 0x008, 'Push'], ['tcp.flags.reset', 0x004, 'Reset'], ['tcp.flags.syn', 0x002, 'Syn'], ['tcp.flags.fin', 0x001, 'Fin'],
];
const FLAG_NAMES: [number, string][] = [[0x001, 'FIN'], [0x002, 'SYN'], [0x004, 'RST'], [0x008, 'PSH'], [0x010, 'ACK'], [0x020, 'URG'], [0x040, 'ECE'], [0x080, 'CWR'], [0x100, 'AE']];
// Expert messages that belong under a flag (their ids in EXPERT_MESSAGES).
const FLAG_EXPERTS: Record<number, string> = { 16: 'tcp.flags.syn', 17: 'tcp.flags.syn', 18: 'tcp.flags.fin', 19: 'tcp.flags.reset' };

function tcp(node: TreeNode, context: FrameContext): void {
  const value = (name: string) => num(child(node, name));
  const has = (name: string) => Boolean(child(node, name));
  const len = value('tcp.len');
  let summary = `Transmission Control Protocol, Src Port: ${value('tcp.srcport')}, Dst Port: ${value('tcp.dstport')}`;
  if (has('tcp.seq')) summary += `, Seq: ${value('tcp.seq')}`;
  const flags = child(node, 'tcp.flags');
  const f = num(flags);
  if (has('tcp.ack') && f & 0x010) summary += `, Ack: ${value('tcp.ack')}`;
  node.text = `${summary}, Len: ${len}`;
  for (const name of ['tcp.stream', 'tcp.len', 'tcp.window_size']) bracket(child(node, name));
  const seq = child(node, 'tcp.seq');
  if (seq) seq.text = `Sequence Number: ${num(seq)}    (relative sequence number)`;
  const nxt = child(node, 'tcp.nxtseq');
  if (nxt) nxt.text = `[Next Sequence Number: ${num(nxt)}    (relative sequence number)]`;
  const ack = child(node, 'tcp.ack');
  if (ack) ack.text = `Acknowledgment Number: ${num(ack)}${f & 0x010 ? '    (relative ack number)' : ''}`;
  const hdr = child(node, 'tcp.hdr_len');
  bits(hdr, 0xf0, 8, `Header Length: ${num(hdr)} bytes (${num(hdr) >> 2})`, num(hdr) >> 2);
  if (flags) {
    const names = FLAG_NAMES.filter(([bit]) => f & bit).map(([, name]) => name).join(', ');
    flags.text = `Flags: ${hex(f & 0xfff, 3)}${names ? ` (${names})` : ''}`;
    for (const [name, mask, label] of FLAG_BITS) {
      const flag = child(node, name);
      bits(flag, mask, 12, `${label}: ${setFlag(flag)}`);
    }
    nest(node, flags, (n) => n.startsWith('tcp.flags.'));
    for (const expert of node.children.filter((c) => c.name === '_ws.expert' && FLAG_EXPERTS[c.raw?.[0] ?? -1])) {
      const flag = child(flags, FLAG_EXPERTS[expert.raw![0]]);
      if (!flag) continue;
      node.children = node.children.filter((c) => c !== expert);
      flag.children.push(expert);
    }
    const letters = 'RRRACEUAPRSF';
    let shown = '';
    for (let bit = 11; bit >= 0; bit--) shown += f & (1 << bit) ? letters[11 - bit] : '·';
    flags.children.push({ ...flags, name: '', text: `[TCP Flags: ${shown}]`, children: [], path: `${flags.path}/str` });
  }
  const windowValue = value('tcp.window_size_value');
  const calculated = child(node, 'tcp.window_size');
  if (calculated && windowValue && !(f & 0x002) && num(calculated) / windowValue > 1) {
    node.children.splice(node.children.indexOf(calculated) + 1, 0, line(calculated, `[Window size scaling factor: ${num(calculated) / windowValue}]`, 'tcp.window_size_scalefactor'));
  }
  checksum(node, 'tcp.checksum', 'tcp.checksum.status', 'Checksum', 'Checksum Status');
  options(node);
  if (context.tcp) {
    const times = line(node, '[Timestamps]', 'tcp.time');
    times.children = [
      line(times, `[Time since first frame in this TCP stream: ${seconds(context.tcp.sinceFirstNs)}]`),
      line(times, `[Time since previous frame in this TCP stream: ${seconds(context.tcp.sincePreviousNs)}]`),
    ];
    node.children.push(times);
  }
  const retransmitted = Boolean(child(node, 'tcp.analysis.retransmission'));
  const analysis = child(node, 'tcp.analysis');
  if (analysis) {
    analysis.text = '[SEQ/ACK analysis]';
    for (const c of analysis.children) {
      bracket(c);
      if (c.name.endsWith('_rtt') && !c.text.endsWith('seconds]')) c.text = c.text.replace(/]$/, ' seconds]');
    }
    const flagsNode = child(analysis, 'tcp.analysis.flags');
    if (f & 0x008 && context.tcp?.sincePush !== undefined) {
      const at = flagsNode ? analysis.children.indexOf(flagsNode) : analysis.children.length;
      analysis.children.splice(at, 0, line(analysis, `[Bytes sent since last PSH flag: ${context.tcp.sincePush}]`));
    }
    // Each analysis flag is shown as its expert item.
    if (flagsNode) {
      flagsNode.children = flagsNode.children.map((flag) => {
        const expert = node.children.find((c) => c.name === '_ws.expert' && c.raw && expertMessage(c.raw[0], c.raw[3]).startsWith(flag.label));
        if (!expert) return flag;
        node.children = node.children.filter((c) => c !== expert);
        return expert;
      });
    }
  }
  // Wireshark's order; what it does not place keeps its place after the known fields.
  const rank = (c: TreeNode) => {
    const i = TCP_ORDER.indexOf(c.name);
    if (i >= 0) return i;
    return TCP_ORDER.length;
  };
  node.children = node.children.map((c, i) => [c, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([c]) => c);
  const payload = child(node, 'tcp.payload');
  if (payload) payload.text = `TCP payload (${payload.length} byte${payload.length === 1 ? '' : 's'})`;
  if (len > 0 && retransmitted) node.children.push(line(node, `Retransmitted TCP segment data (${len} byte${len === 1 ? '' : 's'})`));
}

const OPTION_KINDS: Record<number, [string, string]> = {
  0: ['End of Option List (EOL)', 'End of Option List'], 1: ['No-Operation (NOP)', 'No-Operation'],
  2: ['Maximum segment size', 'Maximum Segment Size'], 3: ['Window scale', 'Window Scale'], 4: ['SACK permitted', 'SACK Permitted'],
  5: ['SACK', 'SACK'], 8: ['Timestamps', 'Time Stamp Option'], 30: ['Multipath TCP', 'Multipath TCP'], 34: ['TCP Fast Open', 'TCP Fast Open'],
};

/** The options as Wireshark groups them: one subtree per option, named by its kind. */
function options(node: TreeNode): void {
  const list = child(node, 'tcp.options');
  if (!list) return;
  const start = node.children.indexOf(list);
  // The option records follow the options field up to the next field that is no option's.
  let end = start + 1;
  const isOption = (c: TreeNode) => c.name.startsWith('tcp.option');
  while (end < node.children.length && isOption(node.children[end])) end++;
  const records = node.children.slice(start + 1, end);
  const groups: TreeNode[] = [];
  for (const r of records) {
    if (r.name === 'tcp.options.nop' || r.name === 'tcp.options.eol' || r.name === 'tcp.options.sack_perm') {
      groups.push(r);
      for (const c of r.children) if (c.name === 'tcp.option_kind') c.text = `Kind: ${OPTION_KINDS[num(c)]?.[1] ?? 'Unknown'} (${num(c)})`;
      r.text = `TCP Option - ${OPTION_KINDS[r.name === 'tcp.options.nop' ? 1 : r.name === 'tcp.options.eol' ? 0 : 4][0]}`;
      continue;
    }
    if (r.name === 'tcp.option_kind') {
      const kind = num(r);
      r.text = `Kind: ${OPTION_KINDS[kind]?.[1] ?? 'Unknown'} (${kind})`;
      groups.push({ ...r, name: `tcp.options.kind${kind}`, text: `TCP Option - ${OPTION_KINDS[kind]?.[0] ?? 'Unknown'}`, children: [r], path: `${r.path}/option` });
      continue;
    }
    const group = groups[groups.length - 1];
    if (group) group.children.push(r);
    else groups.push(r);
  }
  for (const g of groups) {
    const part = (name: string) => num(child(g, name));
    if (g.name === 'tcp.options.kind2') g.text = `TCP Option - Maximum segment size: ${part('tcp.options.mss_val')} bytes`;
    if (g.name === 'tcp.options.kind3') {
      g.text = `TCP Option - Window scale: ${part('tcp.options.wscale.shift')} (multiply by ${part('tcp.options.wscale.multiplier')})`;
      bracket(child(g, 'tcp.options.wscale.multiplier'));
    }
    if (g.name === 'tcp.options.kind8') g.text = `TCP Option - Timestamps: TSval ${part('tcp.options.timestamp.tsval')}, TSecr ${part('tcp.options.timestamp.tsecr')}`;
  }
  const names = groups.map((g) => g.text.replace(/^TCP Option - /, '').replace(/:.*$/, '')).join(', ');
  list.text = `Options: (${list.length} bytes)${names ? `, ${names}` : ''}`;
  list.children = groups;
  node.children.splice(start + 1, records.length);
}

/** The core writes an expert item's message, severity and group after it; Wireshark shows them under it. */
function nestExperts(node: TreeNode): void {
  for (const c of node.children) nestExperts(c);
  const out: TreeNode[] = [];
  for (const c of node.children) {
    const last = out[out.length - 1];
    if (c.name.startsWith('_ws.expert.') && last?.name === '_ws.expert') last.children.push(c);
    else out.push(c);
  }
  node.children = out;
  for (const c of node.children) if (c.name === '_ws.expert') presentExpert(c);
}

/** "[Expert Info (Chat/Sequence): message]" with the message, severity and group under it, as tshark -V shows. */
function presentExpert(node: TreeNode): void {
  if (!node.raw) return;
  const [id, severity, group, arg] = node.raw;
  const message = expertMessage(id, arg);
  node.text = `[Expert Info (${EXPERT_SEVERITIES[severity]}/${EXPERT_GROUPS[group]}): ${message}]`;
  for (const c of node.children) {
    if (c.name === '_ws.expert.message') c.text = `[${message}]`;
    if (c.name === '_ws.expert.severity') c.text = `[Severity level: ${EXPERT_SEVERITIES[severity]}]`;
    if (c.name === '_ws.expert.group') c.text = `[Group: ${EXPERT_GROUPS[group]}]`;
  }
}
