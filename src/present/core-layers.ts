import { EXPERT_GROUPS, EXPERT_SEVERITIES, expertMessage } from '../fields/expert';
import { absTimeUtc, ether } from '../fields/format';
import { CHECKSUM_STATUS_NAMES, DSCP_NAMES, ECN_NAMES } from '../fields/value-names';
import { resolveEther } from '../vendors/resolve';
import type { FrameContext } from './frame-context';
import { tcp } from './tcp-layer';
import { presentControlLayer } from './control-layers';
import type { TreeNode } from './tree-node';
import {
  bitPattern,
  bits,
  bracket,
  checksum,
  child,
  hex,
  line,
  named,
  nest,
  num,
  seconds,
  valueName,
} from './tree-edit';

export type { FrameContext } from './frame-context';
export { bitPattern } from './tree-edit';

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
    case 'frame':
      return frame(node, context);
    case 'eth':
      return ethernet(node, context);
    case 'arp':
      return arp(node, context);
    case 'ip':
      return ipv4(node);
    case 'ipv6':
      return ipv6(node);
    case 'tcp':
      return tcp(node, context);
    case 'udp':
      return udp(node, context);
    case 'icmp':
    case 'icmpv6':
      return icmp(node, context);
    case 'stp':
    case 'lldp':
    case 'cdp':
    case 'hsrp':
    case 'ospf':
      return presentControlLayer(node, context);
  }
}

function frame(node: TreeNode, context: FrameContext): void {
  const n = num(child(node, 'frame.number'));
  const wire = num(child(node, 'frame.len'));
  const captured = num(child(node, 'frame.cap_len'));
  const epoch = child(node, 'frame.time_epoch');
  node.text = `Frame ${n}: ${wire} bytes on wire (${wire * 8} bits), ${captured} bytes captured (${captured * 8} bits)`;
  const lines: TreeNode[] = [];
  const line = (text: string, from?: TreeNode): TreeNode => ({
    ...(from ?? node),
    name: from?.name ?? '',
    text,
    children: [],
    path: `${node.path}/${text}`,
    ...(from ? {} : { start: 0, length: 0 }),
  });
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
    lines.push(
      line(`[Time delta from previous displayed frame: ${seconds(ns - (context.previousDisplayedNs ?? ns))}]`),
    );
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
const ENCAPSULATIONS: Record<string, string> = {
  eth: 'Ethernet (1)',
  ip: 'Raw IP (7)',
  ipv6: 'Raw IP (7)',
  null: 'NULL/Loopback (15)',
  sll: 'Linux cooked-mode capture v1 (25)',
};

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
      sub(
        `.... ..${(first >> 1) & 1}. .... .... .... .... = LG bit: ${first & 2 ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)'}`,
      ),
      sub(
        `.... ...${first & 1} .... .... .... .... = IG bit: ${first & 1 ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)'}`,
      ),
    ];
  }
  if (dst && src) node.text = `Ethernet II, Src: ${src.text.slice(8)}, Dst: ${dst.text.slice(13)}`;
  const type = child(node, 'eth.type');
  named(type, hex(num(type), 4));
  const trailer = child(node, 'eth.trailer');
  if (trailer?.raw) trailer.text = trailer.text.replace('…', '');
  const fcs = child(node, 'eth.fcs');
  if (fcs) fcs.text += ' [unverified]';
  const fcsStatus = child(node, 'eth.fcs.status');
  if (fcsStatus) fcsStatus.text = `[FCS Status: ${valueName(fcsStatus) ?? num(fcsStatus)}]`;
}

function arp(node: TreeNode, context: FrameContext): void {
  const opcode = child(node, 'arp.opcode');
  if (opcode) {
    named(opcode);
    node.text = `Address Resolution Protocol (${valueName(opcode) ?? 'opcode ' + num(opcode)})`;
  }
  named(child(node, 'arp.hw.type'));
  const proto = child(node, 'arp.proto.type');
  named(proto, hex(num(proto), 4));
  for (const name of ['arp.src.hw_mac', 'arp.dst.hw_mac']) {
    const mac = child(node, name);
    if (mac?.raw) {
      const text = ether(mac.raw[0], mac.raw[1]);
      mac.text = `${mac.label}: ${etherName(mac, context)} (${text})`;
    }
  }
}

/** Short names of the DS codepoints and ECN values, for the DS field's summary ("DSCP: EF, ECN: Not-ECT"). */
const DSCP_SHORT: Record<number, string> = {
  0: 'CS0',
  8: 'CS1',
  16: 'CS2',
  24: 'CS3',
  32: 'CS4',
  40: 'CS5',
  48: 'CS6',
  56: 'CS7',
  10: 'AF11',
  12: 'AF12',
  14: 'AF13',
  18: 'AF21',
  20: 'AF22',
  22: 'AF23',
  26: 'AF31',
  28: 'AF32',
  30: 'AF33',
  34: 'AF41',
  36: 'AF42',
  38: 'AF43',
  44: 'VA',
  46: 'EF',
  1: 'LE',
};
const ECN_SHORT: Record<number, string> = { 0: 'Not-ECT', 1: 'ECT(1)', 2: 'ECT(0)', 3: 'CE' };

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
  const hdr = child(node, 'ip.hdr_len');
  bits(hdr, `Header Length: ${num(hdr)} bytes (${num(hdr) >> 2})`, num(hdr) >> 2);
  const ds = child(node, 'ip.dsfield');
  const dscp = child(node, 'ip.dsfield.dscp');
  const ecn = child(node, 'ip.dsfield.ecn');
  if (ds && dscp && ecn) {
    ds.text = `Differentiated Services Field: ${hex(num(ds), 2)} (DSCP: ${DSCP_SHORT[num(dscp)] ?? 'Unknown'}, ECN: ${ECN_SHORT[num(ecn)]})`;
    bits(dscp, `Differentiated Services Codepoint: ${valueName(dscp) ?? 'Unknown'} (${num(dscp)})`);
    bits(ecn, `Explicit Congestion Notification: ${valueName(ecn)} (${num(ecn)})`);
    nest(node, ds, (n) => n === 'ip.dsfield.dscp' || n === 'ip.dsfield.ecn');
  }
  const flags = child(node, 'ip.flags');
  if (flags) {
    const v = num(flags);
    const names = [v & 2 ? ", Don't fragment" : '', v & 1 ? ', More fragments' : ''].join('');
    bits(flags, `Flags: ${hex(v, 1)}${names}`);
    nest(node, flags, (n) => n.startsWith('ip.flags.'));
  }
  const offset = child(node, 'ip.frag_offset');
  bits(offset, `Fragment Offset: ${num(offset)}`, num(offset) >> 3);
  named(child(node, 'ip.proto'));
  // The TTL warnings belong to the TTL field.
  const ttl = child(node, 'ip.ttl');
  for (const expert of node.children.filter(
    (c) => c.name === '_ws.expert' && (c.raw?.[0] === 25 || c.raw?.[0] === 26),
  )) {
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
  const tclass = child(node, 'ipv6.tclass');
  if (tclass) {
    const v = num(tclass);
    bits(tclass, `Traffic Class: ${hex(v, 2)} (DSCP: ${DSCP_SHORT[v >> 2] ?? 'Unknown'}, ECN: ${ECN_SHORT[v & 3]})`);
    tclass.children = [
      line(
        tclass,
        `${bitPattern(v >> 2, 0x0fc00000, 32)} = Differentiated Services Codepoint: ${DSCP_NAMES[v >> 2] ?? 'Unknown'} (${v >> 2})`,
        'ipv6.tclass.dscp',
      ),
      line(
        tclass,
        `${bitPattern(v & 3, 0x00300000, 32)} = Explicit Congestion Notification: ${ECN_NAMES[v & 3]} (${v & 3})`,
        'ipv6.tclass.ecn',
      ),
    ];
  }
  const flow = child(node, 'ipv6.flow');
  bits(flow, `Flow Label: ${hex(num(flow), 5)}`);
  named(child(node, 'ipv6.nxt'));
  for (const header of node.children) {
    named(header.children.find((c) => c.name.endsWith('.nxt')));
    if (header.name === 'ipv6.fraghdr') fragmentHeader(header);
  }
}

function fragmentHeader(node: TreeNode): void {
  const offset = child(node, 'ipv6.fraghdr.offset');
  const more = child(node, 'ipv6.fraghdr.more');
  const at = offset ? node.children.indexOf(offset) : 1;
  node.children.splice(at, 0, line(node, 'Reserved octet: 0x00'));
  bits(offset, `Offset: ${num(offset)} (${num(offset) * 8} bytes)`);
  if (more) {
    node.children.splice(node.children.indexOf(more), 0, line(node, '.... .... .... .00. = Reserved bits: 0'));
  }
}

/** Layers an ICMP error quotes from the packet it is about. */
export const QUOTED_LAYERS = new Set(['ip', 'ipv6', 'tcp', 'udp', 'icmp', 'icmpv6']);

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
    0: 'Network unreachable',
    1: 'Host unreachable',
    2: 'Protocol unreachable',
    3: 'Port unreachable',
    4: 'Fragmentation needed',
    5: 'Source route failed',
    6: 'Destination network unknown',
    7: 'Destination host unknown',
    9: 'Network administratively prohibited',
    10: 'Host administratively prohibited',
    13: 'Communication administratively filtered',
  },
  5: {
    0: 'Redirect for network',
    1: 'Redirect for host',
    2: 'Redirect for TOS and network',
    3: 'Redirect for TOS and host',
  },
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
    status.text = `[Checksum Status: ${CHECKSUM_STATUS_NAMES[s] ?? s}]`;
  }
  for (const quoted of node.children.filter((c) => QUOTED_LAYERS.has(c.name))) presentCoreLayer(quoted, context, true);
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
