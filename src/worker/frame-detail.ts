import { RECORD_WORDS } from '../core/core';
import type { DissectedFrame } from '../core/dissect-frames';
import { formatItem, type FrameDissection } from '../dissectors';
import type { FieldItem } from '../dissectors/tree';
import { fieldById, fieldId } from '../fields/registry';
import type { AppTreeItem, ByteTab, FrameDetail } from './api';
import { Note } from './annotations';

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
export function frameDetail(frame: DissectedFrame, flags: number, notes: { bits: number; comments: string[] } = { bits: 0, comments: [] }): FrameDetail {
  const { input, app } = frame;
  const records = input.records.slice(input.start, input.end);
  const bytes = input.frameBytes?.slice() ?? new Uint8Array(0);
  const extraBytes: ByteTab[] = [];
  // The core's reassembled payload, which records with source 1 point into, is always tab 1.
  if (input.reassembled) {
    extraBytes.push({ label: `Reassembled ${ipVersion(records)} (${input.reassembled.length} bytes)`, bytes: input.reassembled.slice() });
  }
  if (notes.bits & Note.Ignored) {
    // Wireshark does not dissect an ignored frame: the tree is its Frame line alone.
    return { number: frame.number, bytes, records: records.slice(0, frameOnlyEnd(records)), flags, extraBytes: [], appItems: [], comments: notes.comments, notes: notes.bits };
  }
  const appItems = appTreeItems(app, input.frameBytes, extraBytes);
  return { number: frame.number, bytes, records, flags, extraBytes, appItems, comments: notes.comments, notes: notes.bits };
}

/** Where the Frame protocol's records end: at the next depth-0 record (the link layer). */
function frameOnlyEnd(records: Uint32Array): number {
  for (let at = RECORD_WORDS; at < records.length; at += RECORD_WORDS) if ((records[at + 1] & 0xff) === 0) return at;
  return records.length;
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
    // The raw string, not tshark's escaped print of it: a filter built from it must match it.
    const value = def && def.type !== 'protocol' ? (typeof item.value === 'string' ? item.value : formatItem(item)) : undefined;
    out.push({ name: def?.name ?? '', label: def?.label ?? text, type: def?.type, depth: item.depth, text, value, start: item.start, length: item.length, tab });
  }
  return out;
}

/** "Label: value (name)", as the tree shows a core field (ui/protocol-tree/tree.ts); the dissector's own text when it gave one. */
export function itemText(item: FieldItem): string {
  if (item.text !== undefined) return item.text;
  const def = fieldById(item.id)!;
  if (def.type === 'protocol') return def.label;
  const value = formatItem(item);
  const name = typeof item.value === 'number' ? def.values?.[item.value] : undefined;
  return `${def.label}: ${name ? `${value} (${name})` : value}`;
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
