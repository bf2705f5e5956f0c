import { RECORD_WORDS } from '../../core/core';
import { fieldById } from '../../fields/registry';
import { formatValue } from '../../fields/format';
import type { FieldDef } from '../../fields/types';
import type { AppTreeItem } from '../../worker/api';

export interface TreeNode {
  /** Field names from the root, joined by '/': stable across packets, so expansion can be remembered. */
  path: string;
  /** The field's filter name and label ("ip.src", "Source Address"). */
  name: string;
  label: string;
  text: string;
  /** Byte range within the bytes of tab `tab`: 0 the frame, k the frame detail's extraBytes[k - 1]. */
  start: number;
  length: number;
  tab: number;
  children: TreeNode[];
}

type NodeFields = Omit<TreeNode, 'path' | 'children'>;

/**
 * Nests one frame's field records, then its application items, by their depth into the protocol tree, with
 * Wireshark-style labels. Core records with source 1 point into the core's reassembled payload, tab 1.
 */
export function buildTree(records: Uint32Array, bytes?: Uint8Array, appItems: readonly AppTreeItem[] = []): TreeNode[] {
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
  for (let at = 0; at < records.length; at += RECORD_WORDS) {
    const def = fieldById(records[at]);
    if (def && isFilterOnly(def.name)) continue;
    const tab = (records[at + 1] >>> 8) & 0xff ? 1 : 0;
    place(records[at + 1] & 0xff, def?.name ?? `#${records[at]}`, {
      name: def?.name ?? '',
      label: def?.label ?? '',
      text: def ? fieldText(def, records, at, tab === 0 ? bytes : undefined) : `Unknown field ${records[at]}`,
      start: records[at + 2],
      length: records[at + 3],
      tab,
    });
  }
  for (const { depth, ...item } of appItems) {
    if (isFilterOnly(item.name)) continue;
    // Text-only lines (an HTTP request line, "Queries") are told apart by their text.
    place(depth, item.name || item.text, item);
  }
  for (const root of roots) summarizeProtocol(root);
  return roots;
}

/**
 * eth.addr, ip.addr, tcp.port...: either-direction copies of the source and destination, there to be filtered
 * on. Wireshark hides them in the tree; so does Loupe.
 */
function isFilterOnly(name: string): boolean {
  return /\.(addr|port)$/.test(name);
}

const BYTES_SHOWN = 24;

/** "Label: value", with the value's name when the registry has one: "Protocol: 6 (TCP)". */
export function fieldText(def: FieldDef, records: Uint32Array, at: number, bytes?: Uint8Array): string {
  if (def.type === 'protocol') return def.label;
  const v0 = records[at + 4];
  let value: string;
  if (def.type === 'bool') value = (def.boolLabels ?? ['Not set', 'Set'])[v0 ? 1 : 0];
  else value = formatValue(def, records, at, bytes);
  if (def.type === 'bytes' && value.length > BYTES_SHOWN * 2) value = value.slice(0, BYTES_SHOWN * 2) + '…';
  const name = def.values?.[v0];
  return `${def.label}: ${name ? `${value} (${name})` : value}`;
}

/**
 * A protocol line says what matters about it, as Wireshark's do: "Frame 3: 74 bytes on wire, 74 bytes
 * captured", "Internet Protocol Version 4, Src: a, Dst: b", "User Datagram Protocol, Src Port: 1, Dst Port: 2".
 */
function summarizeProtocol(node: TreeNode): void {
  const name = node.name;
  const value = (field: string) => {
    const child = node.children.find((c) => c.name === field);
    return child?.text.slice(child.text.indexOf(': ') + 2);
  };
  if (name === 'frame') {
    const number = value('frame.number');
    const wire = value('frame.len');
    const captured = value('frame.cap_len');
    if (number && wire && captured) node.text = `Frame ${number}: ${wire} bytes on wire, ${captured} bytes captured`;
    return;
  }
  const pairs: [string, string, string][] = [
    ['src', 'dst', ''],
    ['srcport', 'dstport', ' Port'],
  ];
  for (const [src, dst, suffix] of pairs) {
    const s = value(`${name}.${src}`);
    const d = value(`${name}.${dst}`);
    if (s !== undefined && d !== undefined) {
      node.text += `, Src${suffix}: ${s}, Dst${suffix}: ${d}`;
      return;
    }
  }
}

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
