import { RECORD_WORDS } from '../core/core';
import { fieldById } from '../fields/registry';
import { formatValue, treeBytes } from '../fields/format';
import type { FieldDef } from '../fields/types';
import type { AppTreeItem } from './frame-detail';
import { presentCoreLayer, QUOTED_LAYERS, type FrameContext } from './core-layers';
import { bitPattern } from './tree-edit';
import type { TreeNode } from './tree-node';

export type { TreeNode } from './tree-node';

type NodeFields = Omit<TreeNode, 'path' | 'children'>;

/**
 * Nests one frame's field records, then its application items, by their depth into the protocol tree, with
 * Wireshark-style labels. Core records with source 1 point into the core's reassembled payload, tab 1.
 */
/** What a core decoder's malformed record with value 1 says (decode/malformed.ts's containedException). */
const CONTAINED = ': length of contained item exceeds length of containing item';

export function buildTree(
  records: Uint32Array,
  bytes?: Uint8Array,
  appItems: readonly AppTreeItem[] = [],
  context: FrameContext = { protocols: '' },
  comments: readonly string[] = [],
): TreeNode[] {
  const roots: TreeNode[] = [];
  const open: TreeNode[] = []; // open[d] = the latest node at depth d
  const seen = new Map<string, number>();
  const place = (depth: number, key: string, fields: NodeFields) => {
    const parent = depth > 0 ? open[Math.min(depth, open.length) - 1] : undefined;
    const base = `${parent ? parent.path + '/' : ''}${key}`;
    // Repeated fields (two IP headers, several options) get their own path, so their expansion is separate.
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    const node: TreeNode = { path: repeat ? `${base}#${repeat}` : base, ...fields, children: [] };
    (parent ? parent.children : roots).push(node);
    open.length = Math.min(depth, open.length);
    open.push(node);
  };
  // Packet comments come first, as Wireshark shows them: a "Packet comments" line holding each frame.comment.
  if (comments.length) {
    place(0, 'pkt_comment', {
      name: '',
      label: 'Packet comments',
      text: 'Packet comments',
      start: 0,
      length: 0,
      tab: 0,
    });
    const none = { start: 0, length: 0, tab: 0 };
    for (const comment of comments) {
      place(1, 'frame.comment', {
        name: 'frame.comment',
        label: 'Comment',
        type: 'string',
        text: comment,
        value: comment,
        ...none,
      });
      place(2, 'frame.comment.expert', {
        name: 'frame.comment.expert',
        label: 'Formatted comment',
        text: `[Expert Info (Comment/Comment): ${comment}]`,
        ...none,
      });
      place(3, '_ws.expert.message', { name: '_ws.expert.message', label: 'Message', text: `[${comment}]`, ...none });
      place(3, '_ws.expert.severity', {
        name: '_ws.expert.severity',
        label: 'Severity level',
        text: '[Severity level: Comment]',
        ...none,
      });
      place(3, '_ws.expert.group', { name: '_ws.expert.group', label: 'Group', text: '[Group: Comment]', ...none });
    }
  }
  for (let at = 0; at < records.length; at += RECORD_WORDS) {
    const def = fieldById(records[at]);
    if (def && isFilterOnly(def.name)) continue;
    const tab = (records[at + 1] >>> 8) & 0xff ? 1 : 0;
    const fieldBytes = tab === 0 ? bytes : undefined;
    place(records[at + 1] & 0xff, def?.name ?? `#${records[at]}`, {
      name: def?.name ?? '',
      label: def?.label ?? '',
      text: def ? fieldText(def, records, at, fieldBytes) : `Unknown field ${records[at]}`,
      value:
        def && def.type !== 'protocol' && def.type !== 'none' ? formatValue(def, records, at, fieldBytes) : undefined,
      type: def?.type,
      start: records[at + 2],
      length: records[at + 3],
      tab,
      raw: [records[at + 4], records[at + 5], records[at + 6], records[at + 7]],
    });
  }
  // Application fields named *.addr or *.port (portmap.port, sdp.media.port) are real lines, not filter-only copies.
  for (const { depth, ...item } of appItems) {
    // Text-only lines (an HTTP request line, "Queries") are told apart by their text.
    place(depth, item.name || item.text, item);
  }
  const layers = nestQuotedPackets(roots);
  for (const root of layers) presentCoreLayer(root, context);
  return layers;
}

/** The Protocol column's name of a core layer. */
const protocolLabel = (name: string): string =>
  ({ ip: 'IPv4', ipv6: 'IPv6', icmpv6: 'ICMPv6', eth: 'Ethernet' })[name] ?? name.toUpperCase();

const IPV6_EXTENSIONS = new Set(['ipv6.hopopts', 'ipv6.dstopts', 'ipv6.routing', 'ipv6.fraghdr']);
/** What follows an Ethernet frame's payload, which the core reports after the payload's layers. */
const ETHERNET_TRAILER = new Set(['eth.padding', 'eth.trailer', 'eth.fcs', 'eth.fcs.status']);

/** An ICMP error's quoted packet (the layers the core decodes after it) belongs under it, as in Wireshark. */
function nestQuotedPackets(roots: TreeNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  let error: TreeNode | undefined;
  let ipv6: TreeNode | undefined;
  const eth = roots.find((r) => r.name === 'eth');
  for (const root of roots) {
    if (eth && ETHERNET_TRAILER.has(root.name)) {
      eth.children.push(root);
      continue;
    }
    // IPv6 extension headers are part of the IPv6 layer in Wireshark's tree.
    if (ipv6 && IPV6_EXTENSIONS.has(root.name)) {
      ipv6.children.push(root);
      continue;
    }
    ipv6 = root.name === 'ipv6' ? root : undefined;
    if (error && QUOTED_LAYERS.has(root.name)) {
      error.children.push(root);
      continue;
    }
    // A core decoder's "[Malformed Packet]" names the protocol it was in, as the Protocol column then did.
    if (root.name === '_ws.malformed' && out.length && !root.text.startsWith('[Malformed Packet:'))
      root.text = `[Malformed Packet: ${protocolLabel(out.at(-1)!.name)}${root.raw?.[0] === 1 ? CONTAINED : ''}]`;
    error = undefined;
    out.push(root);
    const type = root.children.find((c) => c.name === `${root.name}.type`)?.raw?.[0];
    if (
      (root.name === 'icmp' && [3, 4, 5, 11, 12].includes(type ?? -1)) ||
      (root.name === 'icmpv6' && (type ?? 255) < 128)
    )
      error = root;
  }
  return out;
}

/**
 * eth.addr, ip.addr, tcp.port...: either-direction copies of the source and destination, there to be filtered
 * on. Wireshark hides them in the tree; so does Loupe.
 */
function isFilterOnly(name: string): boolean {
  return /\.(addr|port)$/.test(name) || DRAWN_FROM_CONTEXT.has(name);
}

/**
 * Fields the core reports for `loupe fields` and filters whose tree lines the presentation draws itself, from
 * the frame's context (core-layers.ts, tcp-layer.ts): their records would show twice.
 */
const DRAWN_FROM_CONTEXT = new Set([
  'ip.checksum_calculated',
  'tcp.checksum_calculated',
  'udp.checksum_calculated',
  'tcp.window_size_scalefactor',
  'tcp.time_relative',
  'tcp.time_delta',
  'tcp.analysis.push_bytes_sent',
  'tcp.completeness',
  'udp.time_relative',
  'udp.time_delta',
  'udp.payload',
]);

/** "Label: name (value)" as tshark -V shows a field ("Protocol: TCP (6)"); layers refine it (core-layers.ts). */
export function fieldText(def: FieldDef, records: Uint32Array, at: number, bytes?: Uint8Array): string {
  if (def.type === 'protocol' || def.type === 'none') return def.label;
  const v0 = records[at + 4];
  let value: string;
  if (def.type === 'bool') value = (def.boolLabels ?? ['Not set', 'Set'])[v0 ? 1 : 0];
  else if (def.type === 'bytes')
    value = treeBytes(bytes?.subarray(records[at + 2], records[at + 2] + records[at + 3]) ?? new Uint8Array(0));
  else value = formatValue(def, records, at, bytes);
  if (def.base === 'hex-dec') value = `${value} (${v0})`;
  else if (def.base === 'dec-hex')
    value = `${value} (0x${v0.toString(16).padStart(Math.ceil((def.bits ?? 32) / 4), '0')})`;
  const name = def.values?.[v0];
  const text = !name
    ? `${def.label}: ${value}`
    : VALUE_FIRST.has(def.name)
      ? `${def.label}: ${value} (${name})`
      : `${def.label}: ${name} (${value})`;
  return def.bitmask ? `${bitPattern(v0, def.bitmask.mask, def.bitmask.width)} = ${text}` : text;
}

/** Fields Wireshark shows number first ("Type: 8 (Echo (ping) request)"). */
const VALUE_FIRST = new Set(['icmp.type', 'icmpv6.type']);

/** The nodes a reader sees, top to bottom, given which paths are expanded (for keyboard navigation). */
export function visibleNodes(roots: TreeNode[], expanded: ReadonlySet<string>): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (nodes: TreeNode[]) => {
    for (const n of nodes) {
      out.push(n);
      if (n.children.length && expanded.has(n.path)) walk(n.children);
    }
  };
  walk(roots);
  return out;
}
