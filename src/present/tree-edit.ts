import { fieldById, fieldId } from '../fields/registry';
import { CHECKSUM_STATUS_NAMES } from '../fields/value-names';
import type { TreeNode } from './tree-node';

// What the layers' presentation (core-layers.ts, tcp-layer.ts) does to the nodes buildTree made from the core's
// records (`raw` holds each record's value words): find, rename, nest, add generated lines.

/** A generated line (no bytes of its own, so a click in the hex view never selects it), placed like `like`. */
export function line(like: TreeNode, text: string, name = ''): TreeNode {
  return { ...like, name, text, children: [], path: `${like.path}/${name || text}`, start: 0, length: 0 };
}

/** The child named `name`, or a grandchild (records the core already nested). */
export const child = (node: TreeNode, name: string): TreeNode | undefined =>
  node.children.find((c) => c.name === name) ?? node.children.flatMap((c) => c.children).find((c) => c.name === name);
export const num = (node: TreeNode | undefined) => node?.raw?.[0] ?? 0;
export const bracket = (node: TreeNode | undefined) => {
  if (node && !node.text.startsWith('[')) node.text = `[${node.text}]`;
};
export const hex = (v: number, digits: number) => '0x' + v.toString(16).padStart(digits, '0');

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

/** The field's registry entry (its bitmask and value names). */
export const defOf = (node: TreeNode) => fieldById(fieldId(node.name) ?? -1);

/** Gives a bit field (its bitmask from the registry) a text of its own after its bit pattern. */
export function bits(node: TreeNode | undefined, text: string, value = num(node)): void {
  const mask = node && defOf(node)?.bitmask;
  if (node && mask) node.text = `${bitPattern(value, mask.mask, mask.width)} = ${text}`;
}

/** "Label: name (value)" with the registry's name for the value, "Unknown" when it has none. */
export function named(node: TreeNode | undefined, shown: string | number = num(node)): void {
  if (node) node.text = `${node.label}: ${valueName(node) ?? 'Unknown'} (${shown})`;
}

export const valueName = (node: TreeNode): string | undefined => defOf(node)?.values?.[num(node)];

/** Moves the nodes named `names` (in `parent`'s children) under `under`. */
export function nest(parent: TreeNode, under: TreeNode | undefined, names: (n: string) => boolean): void {
  if (!under) return;
  const moved = parent.children.filter((c) => c !== under && names(c.name) && !under.children.includes(c));
  parent.children = parent.children.filter((c) => !moved.includes(c));
  under.children.push(...moved);
}

export function seconds(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  return `${sign}${abs / 1_000_000_000n}.${String(abs % 1_000_000_000n).padStart(9, '0')} seconds`;
}

/** "Checksum: 0x1234 [correct]", then the status and calculated value in brackets (tshark's checksum fields). */
export function checksum(node: TreeNode, field: string, statusField: string, label: string, statusLabel: string): void {
  const value = child(node, field);
  const status = child(node, statusField);
  if (!value || !status) return;
  const v = hex(num(value), 4);
  const s = num(status);
  const expert = node.children.find((c) => c.name === '_ws.expert' && c.raw?.[0] === 0);
  const should = expert?.raw ? hex(expert.raw[3], 4) : undefined;
  value.text = `${label}: ${v} ${s === 1 ? '[correct]' : s === 0 ? `[incorrect, should be ${should ?? '?'}]` : s === 3 ? '[missing]' : '[unverified]'}`;
  status.text = `[${statusLabel}: ${CHECKSUM_STATUS_NAMES[s] ?? s}]`;
  const i = node.children.indexOf(status);
  const calculated = s === 1 ? v : s === 0 ? should : undefined;
  if (calculated)
    node.children.splice(i + 1, 0, line(status, `[Calculated Checksum: ${calculated}]`, `${field}_calculated`));
  if (expert && s === 0) {
    node.children = node.children.filter((c) => c !== expert);
    value.children.push(expert);
  }
}
