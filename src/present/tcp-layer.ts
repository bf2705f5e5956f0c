import { expertMessage } from '../fields/expert';
import type { FrameContext } from './frame-context';
import type { TreeNode } from './tree-node';
import { mptcpOption } from './mptcp-option';
import { bits, bracket, checksum, child, hex, line, named, nest, num, seconds } from './tree-edit';

/** TCP's fields in Wireshark's order. */
const TCP_ORDER = [
  'tcp.srcport',
  'tcp.dstport',
  'tcp.stream',
  'tcp.len',
  'tcp.seq',
  'tcp.seq_raw',
  'tcp.nxtseq',
  'tcp.ack',
  'tcp.ack_raw',
  'tcp.hdr_len',
  'tcp.flags',
  'tcp.window_size_value',
  'tcp.window_size',
  'tcp.window_size_scalefactor',
  'tcp.checksum',
  'tcp.checksum.status',
  'tcp.checksum_calculated',
  'tcp.urgent_pointer',
  'tcp.options',
  'tcp.time',
  'tcp.analysis',
];
const FLAG_NAMES: [number, string][] = [
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
// Expert messages that belong under a flag (their ids in EXPERT_MESSAGES).
const FLAG_EXPERTS: Record<number, string> = {
  16: 'tcp.flags.syn',
  17: 'tcp.flags.syn',
  18: 'tcp.flags.fin',
  19: 'tcp.flags.reset',
};

export function tcp(node: TreeNode, context: FrameContext): void {
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
  bits(hdr, `Header Length: ${num(hdr)} bytes (${num(hdr) >> 2})`, num(hdr) >> 2);
  if (flags) {
    const names = FLAG_NAMES.filter(([bit]) => f & bit)
      .map(([, name]) => name)
      .join(', ');
    flags.text = `Flags: ${hex(f & 0xfff, 3)}${names ? ` (${names})` : ''}`;
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
    node.children.splice(
      node.children.indexOf(calculated) + 1,
      0,
      line(calculated, `[Window size scaling factor: ${num(calculated) / windowValue}]`, 'tcp.window_size_scalefactor'),
    );
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
        const expert = node.children.find(
          (c) => c.name === '_ws.expert' && c.raw && expertMessage(c.raw[0], c.raw[3]).startsWith(flag.label),
        );
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
  node.children = node.children
    .map((c, i) => [c, i] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([c]) => c);
  const payload = child(node, 'tcp.payload');
  if (payload) payload.text = `TCP payload (${payload.length} byte${payload.length === 1 ? '' : 's'})`;
  if (len > 0 && retransmitted)
    node.children.push(line(node, `Retransmitted TCP segment data (${len} byte${len === 1 ? '' : 's'})`));
}

/** How an option's subtree is titled ("TCP Option - Maximum segment size"); its Kind line names it from the registry. */
const OPTION_TITLES: Record<number, string> = {
  0: 'End of Option List (EOL)',
  1: 'No-Operation (NOP)',
  2: 'Maximum segment size',
  3: 'Window scale',
  4: 'SACK permitted',
  5: 'SACK',
  8: 'Timestamps',
  30: 'Multipath TCP',
  34: 'TCP Fast Open',
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
      for (const c of r.children) if (c.name === 'tcp.option_kind') named(c);
      r.text = `TCP Option - ${OPTION_TITLES[r.name === 'tcp.options.nop' ? 1 : r.name === 'tcp.options.eol' ? 0 : 4]}`;
      continue;
    }
    if (r.name === 'tcp.option_kind') {
      const kind = num(r);
      named(r);
      groups.push({
        ...r,
        name: `tcp.options.kind${kind}`,
        text: `TCP Option - ${OPTION_TITLES[kind] ?? 'Unknown'}`,
        children: [r],
        path: `${r.path}/option`,
      });
      continue;
    }
    const group = groups[groups.length - 1];
    if (group) group.children.push(r);
    else groups.push(r);
  }
  for (const g of groups) {
    const part = (name: string) => num(child(g, name));
    if (g.name === 'tcp.options.kind2')
      g.text = `TCP Option - Maximum segment size: ${part('tcp.options.mss_val')} bytes`;
    if (g.name === 'tcp.options.kind3') {
      g.text = `TCP Option - Window scale: ${part('tcp.options.wscale.shift')} (multiply by ${part('tcp.options.wscale.multiplier')})`;
      bracket(child(g, 'tcp.options.wscale.multiplier'));
    }
    if (g.name === 'tcp.options.kind8')
      g.text = `TCP Option - Timestamps: TSval ${part('tcp.options.timestamp.tsval')}, TSecr ${part('tcp.options.timestamp.tsecr')}`;
    if (g.name === 'tcp.options.kind30') mptcpOption(g);
  }
  const names = groups
    .map((g) => (g.name === 'tcp.options.kind30' ? 'MPTCP' : g.text.replace(/^TCP Option - /, '').replace(/:.*$/, '')))
    .join(', ');
  list.text = `Options: (${list.length} bytes)${names ? `, ${names}` : ''}`;
  list.children = groups;
  node.children.splice(start + 1, records.length);
}
