import { RECORD_WORDS } from '../core/core';
import type { DissectedFrame } from '../core/dissect-frames';
import { formatItem, type FrameDissection } from '../dissectors';
import type { FieldItem } from '../dissectors/tree';
import { fieldById, fieldId } from '../fields/registry';
import { treeBytes } from '../fields/format';
import type { AppTreeItem, ByteTab, FrameDetail } from './api';

/**
 * Items that are no tree lines: the packet list's columns, and fields Wireshark adds hidden, for filters only
 * (each HTTP header is also an http.request.line / http.response.line).
 */
const NOT_IN_TREE = new Set(['_ws.col.Protocol', '_ws.col.Info', 'http.request.line', 'http.response.line'].map((name) => fieldId(name)));
const IP = fieldId('ip')!;
const IPV6 = fieldId('ipv6')!;

/**
 * The protocol tree's input for one frame of a field-mode pass, copied out of the core's buffers: the core's
 * records, the application items with their text, and a byte tab for each buffer they point into besides
 * the frame.
 */
export function frameDetail(frame: DissectedFrame, flags: number): FrameDetail {
  const { input, app } = frame;
  const records = input.records.slice(input.start, input.end);
  const bytes = input.frameBytes?.slice() ?? new Uint8Array(0);
  const extraBytes: ByteTab[] = [];
  // The core's reassembled payload, which records with source 1 point into, is always tab 1.
  if (input.reassembled) {
    extraBytes.push({ label: `Reassembled ${ipVersion(records)} (${input.reassembled.length} bytes)`, bytes: input.reassembled.slice() });
  }
  return { number: frame.number, bytes, records, flags, extraBytes, appItems: appTreeItems(app, input.frameBytes, extraBytes) };
}

/** The application items as tree lines, each buffer other than the frame becoming a tab (in order of first use). */
export function appTreeItems(app: FrameDissection, frameBytes: Uint8Array | undefined, extraBytes: ByteTab[]): AppTreeItem[] {
  const tabs = new Map<Uint8Array, number>();
  let layer = '';
  const out: AppTreeItem[] = [];
  for (const item of app.items) {
    if (NOT_IN_TREE.has(item.id)) continue;
    if (item.depth === 0 && item.id) layer = fieldById(item.id)!.name.toUpperCase();
    let tab = 0;
    if (item.data !== frameBytes && item.length > 0) {
      tab = tabs.get(item.data) ?? 0;
      if (!tab) {
        // A PDU gathered from several segments is TCP's reassembly; other buffers (a message body gathered
        // from lines) are the protocol's own.
        const by = item.frames ? 'TCP' : layer;
        tab = extraBytes.push({ label: `Reassembled ${by} (${item.data.length} bytes)`, bytes: item.data.slice() });
        tabs.set(item.data, tab);
      }
    }
    const def = item.id ? fieldById(item.id) : undefined;
    const text = itemText(item);
    out.push({ name: def?.name ?? '', label: def?.label ?? text, depth: item.depth, text, start: item.start, length: item.length, tab });
  }
  return out;
}

/** "Label: name (value)", as tshark -V shows a field; the dissector's own text when it gave one. */
export function itemText(item: FieldItem): string {
  if (item.text !== undefined) return item.text;
  const def = fieldById(item.id)!;
  if (def.type === 'protocol' || def.type === 'none') return def.label;
  if (def.type === 'bytes') return `${def.label}: ${treeBytes(item.value instanceof Uint8Array ? item.value : item.data.subarray(item.start, item.start + item.length))}`;
  const value = formatItem(item);
  if (def.values && typeof item.value === 'number') return `${def.label}: ${def.values[item.value] ?? 'Unknown'} (${value})`;
  return `${def.label}: ${value}`;
}

/** Which IP version's reassembly the core's payload is: the last IP layer before the reassembled records. */
function ipVersion(records: Uint32Array): string {
  let version = 'IPv4';
  for (let at = 0; at < records.length; at += RECORD_WORDS) {
    if ((records[at + 1] >>> 8) & 0xff) break;
    if (records[at] === IP) version = 'IPv4';
    else if (records[at] === IPV6) version = 'IPv6';
  }
  return version;
}
