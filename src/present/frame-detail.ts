import { RECORD_WORDS } from '../core/core';
import type { DissectedFrame } from '../passes/dissect-frames';
import { formatItem, type FrameDissection } from '../dissectors';
import { sourceLabel, type FieldItem } from '../dissectors/tree';
import type { FieldType } from '../fields/types';
import { fieldById, fieldId } from '../fields/registry';
import { ether, treeBytes } from '../fields/format';
import { resolveEther } from '../vendors/resolve';
import { Note } from './annotations';
import type { FrameContext } from './core-layers';
import { escapeControls } from '../dissectors/format';
import { protocolsText } from '../dissectors/frame-layers';

export interface FrameDetail {
  number: number;
  /** The captured bytes. */
  bytes: Uint8Array;
  /** Field records of this frame (8 words each, src/core/core.ts), as the core's field mode gives them. */
  records: Uint32Array;
  flags: number;
  /**
   * Bytes beyond the frame's own that the tree points into, each a tab under the hex view as in Wireshark: the
   * core's IP reassembly (records with source 1) and PDUs the application layer reassembled from segments.
   */
  extraBytes: ByteTab[];
  /** The application layer's items in tree order, after the core's records. */
  appItems: AppTreeItem[];
  /** Packet comments (the file's and the analyst's), which the tree shows first as Wireshark does. */
  comments: string[];
  /** Note bits (marked, ignored, time reference). */
  notes: number;
  /** Times of other frames and the protocol stack, for the frame's own lines (none for an ignored frame). */
  context?: FrameContext;
}

export interface ByteTab {
  /** "Reassembled TCP (1460 bytes)". */
  label: string;
  bytes: Uint8Array;
}

export interface AppTreeItem {
  /** Filter name and label from the registry ('' and the text for a text-only line); the UI thread does not
   * load the dissectors that register them. */
  name: string;
  label: string;
  /** Nests under the nearest preceding item of smaller depth; 0 is a layer beside the core's. */
  depth: number;
  text: string;
  /** The value as tshark -T fields prints it (strings unescaped), for filters built from the field. */
  value?: string;
  /** The field's type in the registry, for filters built from it. */
  type?: FieldType;
  start: number;
  length: number;
  /** Which bytes start/length point into: 0 the frame, k extraBytes[k - 1]. */
  tab: number;
}

/**
 * Items that are no tree lines: the packet list's columns, and fields Wireshark adds hidden, for filters only
 * (each HTTP header is also an http.request.line / http.response.line).
 */
const NOT_IN_TREE = new Set(
  [
    'frame.protocols',
    '_ws.col.Protocol',
    '_ws.col.Info',
    'http.request.line',
    'http.response.line',
    'pgsql.frontend',
    'nfs.status',
    'cotp.src-tsap',
    'cotp.dst-tsap',
  ].map((name) => fieldId(name)),
);
const IP = fieldId('ip')!;
const IPV6 = fieldId('ipv6')!;

/**
 * The protocol tree's input for one frame of a field-mode pass, copied out of the core's buffers: the core's
 * records, the application items with their text, and a byte tab for each buffer they point into besides
 * the frame.
 */
export function frameDetail(
  frame: DissectedFrame,
  flags: number,
  notes: { bits: number; comments: string[] } = { bits: 0, comments: [] },
  clock?: FrameClock,
): FrameDetail {
  const { input, app } = frame;
  const records = input.records.slice(input.start, input.end);
  const bytes = input.frameBytes?.slice() ?? new Uint8Array(0);
  const extraBytes: ByteTab[] = [];
  // The core's reassembled payload, which records with source 1 point into, is always tab 1.
  if (input.reassembled) {
    extraBytes.push({
      label: `Reassembled ${ipVersion(records)} (${input.reassembled.length} bytes)`,
      bytes: input.reassembled.slice(),
    });
  }
  if (notes.bits & Note.Ignored) {
    // Wireshark does not dissect an ignored frame: the tree is its Frame line alone.
    return {
      number: frame.number,
      bytes,
      records: records.slice(0, frameOnlyEnd(records)),
      flags,
      extraBytes: [],
      appItems: [],
      comments: notes.comments,
      notes: notes.bits,
    };
  }
  const appItems = appTreeItems(app, input.frameBytes, extraBytes);
  const context = (clock ?? new FrameClock()).context(frame, protocolsText(app.layers));
  context.etherNames = etherNames(records);
  if (notes.bits & Note.Marked) context.marked = true;
  if (notes.bits & Note.TimeRef) context.timeReference = true;
  return {
    number: frame.number,
    bytes,
    records,
    flags,
    extraBytes,
    appItems,
    comments: notes.comments,
    notes: notes.bits,
    context,
  };
}

/**
 * The names of the frame's Ethernet addresses, resolved here: the tree is built where the frame is shown (the
 * app's main thread), which has no vendor table of its own.
 */
function etherNames(records: Uint32Array): Record<string, string> {
  const names: Record<string, string> = {};
  for (let at = 0; at < records.length; at += RECORD_WORDS) {
    if (fieldById(records[at])?.type !== 'ether') continue;
    names[ether(records[at + 4], records[at + 5])] = resolveEther(records[at + 4], records[at + 5]);
  }
  return names;
}

/** Where the Frame protocol's records end: at the next depth-0 record (the link layer). */
function frameOnlyEnd(records: Uint32Array): number {
  for (let at = RECORD_WORDS; at < records.length; at += RECORD_WORDS) if ((records[at + 1] & 0xff) === 0) return at;
  return records.length;
}

/**
 * What a frame's tree knows of the frames before it (the first frame's and the previous one's time, its TCP
 * stream's times and bytes since the last PSH): give it every frame of the pass before the one shown.
 */
export class FrameClock {
  firstNs?: bigint;
  previousNs?: bigint;
  /** The previous displayed frame's time; unset in a single pass (tshark's -V shows 0 then). */
  previousDisplayedNs?: bigint;
  /** By "tcp N" / "udp N". */
  private readonly streams = new Map<string, { firstNs: bigint; previousNs: bigint; unpushed: Map<number, number> }>();

  /** `pcapng`: the capture is pcapng (its frames name their section and interface). */
  constructor(readonly pcapng = false) {}

  observe(frame: DissectedFrame): void {
    const f = frameValues(frame);
    if (f.ns === undefined) return;
    this.firstNs ??= f.ns;
    this.previousNs = f.ns;
    this.noteStream(f);
  }

  /** Its TCP or UDP stream's part only (a pass that skips frames sets firstNs and previousNs itself). */
  observeStream(frame: DissectedFrame): void {
    this.noteStream(frameValues(frame));
  }

  private noteStream(f: ReturnType<typeof frameValues>): void {
    if (f.ns === undefined || f.stream === undefined) return;
    const stream = this.streams.get(f.stream) ?? { firstNs: f.ns, previousNs: f.ns, unpushed: new Map() };
    stream.previousNs = f.ns;
    const before = stream.unpushed.get(f.srcport) ?? 0;
    stream.unpushed.set(f.srcport, f.push ? 0 : before + f.len);
    this.streams.set(f.stream, stream);
  }

  /** The context of `frame`, the one shown after the frames observed. */
  context(frame: DissectedFrame, protocols: string): FrameContext {
    const f = frameValues(frame);
    const context: FrameContext = {
      firstNs: this.firstNs ?? f.ns,
      previousNs: this.previousNs ?? f.ns,
      protocols,
      pcapng: this.pcapng,
      interfaceName: frame.interfaceName,
    };
    if (this.previousDisplayedNs !== undefined) context.previousDisplayedNs = this.previousDisplayedNs;
    if (f.stream !== undefined && f.ns !== undefined) {
      const stream = this.streams.get(f.stream);
      const times = {
        sinceFirstNs: stream ? f.ns - stream.firstNs : 0n,
        sincePreviousNs: stream ? f.ns - stream.previousNs : 0n,
      };
      if (f.stream.startsWith('tcp'))
        context.tcp = { ...times, sincePush: f.push ? (stream?.unpushed.get(f.srcport) ?? 0) + f.len : undefined };
      else context.udp = times;
    }
    return context;
  }
}

/** The capture time (ns), TCP or UDP stream, source port, payload length and PSH flag of a frame's records. */
function frameValues(frame: DissectedFrame): {
  ns?: bigint;
  stream?: string;
  srcport: number;
  len: number;
  push: boolean;
} {
  const { records, start, end } = frame.input;
  const out: { ns?: bigint; stream?: string; srcport: number; len: number; push: boolean } = {
    srcport: 0,
    len: 0,
    push: false,
  };
  for (let at = start; at < end; at += RECORD_WORDS) {
    const id = records[at];
    if (id === TIME_EPOCH)
      out.ns =
        (BigInt(records[at + 5] | 0) * 2n ** 32n + BigInt(records[at + 4])) * 1_000_000_000n +
        BigInt(records[at + 6] | 0);
    else if (id === TCP_STREAM) out.stream = `tcp ${records[at + 4]}`;
    else if (id === UDP_STREAM) out.stream = `udp ${records[at + 4]}`;
    else if (id === TCP_SRCPORT) out.srcport = records[at + 4];
    else if (id === TCP_LEN) out.len = records[at + 4];
    else if (id === TCP_PUSH) out.push = records[at + 4] !== 0;
  }
  return out;
}

const TCP_STREAM = fieldId('tcp.stream')!;
const UDP_STREAM = fieldId('udp.stream')!;
const TCP_SRCPORT = fieldId('tcp.srcport')!;
const TCP_LEN = fieldId('tcp.len')!;
const TCP_PUSH = fieldId('tcp.flags.push')!;
const TIME_EPOCH = fieldId('frame.time_epoch')!;
/** The application items as tree lines, each buffer other than the frame becoming a tab (in order of first use). */
export function appTreeItems(
  app: FrameDissection,
  frameBytes: Uint8Array | undefined,
  extraBytes: ByteTab[],
): AppTreeItem[] {
  const tabs = new Map<Uint8Array, number>();
  let layer = '';
  const out: AppTreeItem[] = [];
  for (const item of app.items) {
    if (NOT_IN_TREE.has(item.id) || item.layer !== undefined) continue;
    if (item.depth === 0 && item.id) layer = fieldById(item.id)!.name.toUpperCase();
    let tab = 0;
    if (item.data !== frameBytes && item.length > 0) {
      tab = tabs.get(item.data) ?? 0;
      if (!tab) {
        // A PDU gathered from several segments is TCP's reassembly; other buffers (a message body gathered
        // from lines) are the protocol's own.
        const by = sourceLabel(item.data) ?? `Reassembled ${item.frames ? 'TCP' : layer}`;
        tab = extraBytes.push({ label: `${by} (${item.data.length} bytes)`, bytes: item.data.slice() });
        tabs.set(item.data, tab);
      }
    }
    const def = item.id ? fieldById(item.id) : undefined;
    const text = escapeControls(itemText(item));
    // The raw string, not tshark's escaped print of it: a filter built from it must match it.
    const value =
      def && def.type !== 'protocol' ? (typeof item.value === 'string' ? item.value : formatItem(item)) : undefined;
    out.push({
      name: def?.name ?? '',
      label: def?.label ?? text,
      type: def?.type,
      depth: item.depth,
      text,
      value,
      start: item.start,
      length: item.length,
      tab,
    });
  }
  return out;
}

/** "Label: name (value)", as tshark -V shows a field; the dissector's own text when it gave one. */
export function itemText(item: FieldItem): string {
  if (item.text !== undefined) return item.text;
  const def = fieldById(item.id)!;
  if (def.type === 'protocol' || def.type === 'none') return def.label;
  if (def.type === 'bytes')
    return `${def.label}: ${treeBytes(item.value instanceof Uint8Array ? item.value : item.data.subarray(item.start, item.start + item.length))}`;
  const value = formatItem(item);
  if (def.values && typeof item.value === 'number')
    return `${def.label}: ${def.values[item.value] ?? 'Unknown'} (${value})`;
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
