import { RECORD_WORDS } from '../core/core';
import type { FrameInput } from '../dissectors/core-frame';
import type { FieldItem } from '../dissectors/tree';
import { ExpertMessage, ExpertSeverity } from '../abi/core-constants';
import { expertNoteAt } from '../dissectors/expert';
import { EXPERT_GROUPS, expertMessage } from '../fields/expert';
import { fieldById, fieldId } from '../fields/registry';
import { eachFrame } from './conversations';
import type { FrameFacts } from './frame-facts';

/** One expert item as `-z expert` counts it. */
export interface ExpertItem {
  severity: number;
  group: string;
  /** The short name of the protocol it belongs to ("TCP", "IPv4"). */
  protocol: string;
  summary: string;
}

const EXPERT = fieldId('_ws.expert')!;
const MALFORMED = fieldId('_ws.malformed')!;
const EXPERT_IDS = {
  expert: EXPERT,
  message: fieldId('_ws.expert.message')!,
  severity: fieldId('_ws.expert.severity')!,
  group: fieldId('_ws.expert.group')!,
};

/** Wireshark's short protocol names where they are not the filter name in capitals. */
const SHORT_NAMES: Record<string, string> = {
  ip: 'IPv4',
  ipv6: 'IPv6',
  icmpv6: 'ICMPv6',
  eth: 'ETH',
  ethertype: 'Ethertype',
  frame: 'Frame',
  sll: 'SLL',
  vlan: 'VLAN',
  msnms: 'MSNMS',
};
/**
 * Core items a dispatch step with no tree line of its own adds once its payload was dissected, so they come last in
 * the frame (Ethertype's trailer note, which sits in Ethernet's tree).
 */
const PROTOCOL_OF_MESSAGE: Record<number, string> = {
  [Object.keys(ExpertMessage).indexOf('EthTrailerNotPadding')]: 'ethertype',
};
const shortName = (filterName: string) => SHORT_NAMES[filterName] ?? filterName.toUpperCase();

/**
 * A frame's expert items: the core's records (severity and group in the record, protocol the layer they sit in)
 * and the application dissectors' (src/dissectors/expert.ts), counted in the top-level protocol they sit in.
 */
export function frameExpertItems(input: FrameInput, items: readonly FieldItem[]): ExpertItem[] {
  const found: ExpertItem[] = [];
  /** Items a dispatch step adds once what it dispatched was dissected (after everything else in the frame). */
  const late: ExpertItem[] = [];
  const { records, start, end } = input;
  let protocol = '';
  // What an ICMP error quotes is left out, as Wireshark's expert tap leaves out items inside an error packet.
  let quoting = false;
  for (let at = start; at < end; at += RECORD_WORDS) {
    const id = records[at];
    const depth = records[at + 1] & 0xff;
    if (depth === 0 && id === MALFORMED) quoting = false;
    else if (depth === 0 && fieldById(id)?.type === 'protocol') {
      if (protocol === 'icmp' || protocol === 'icmpv6') quoting = true;
      protocol = fieldById(id)!.name;
    }
    if (id !== EXPERT || quoting) continue;
    const [message, severity, group, arg] = [records[at + 4], records[at + 5], records[at + 6], records[at + 7]];
    const dispatcher = PROTOCOL_OF_MESSAGE[message];
    (dispatcher ? late : found).push({
      severity,
      group: EXPERT_GROUPS[group] ?? `Group ${group}`,
      protocol: shortName(dispatcher ?? protocol),
      summary: expertMessage(message, arg),
    });
  }
  let appProtocol = '';
  for (const [index, item] of items.entries()) {
    const def = fieldById(item.id);
    if (def?.type === 'protocol' && item.depth === 0 && !def.name.startsWith('_ws.')) appProtocol = def.name;
    if (item.id !== EXPERT) continue;
    const note = expertNoteAt(items, index, EXPERT_IDS);
    if (!note) continue;
    found.push({
      severity: note.severity,
      group: EXPERT_GROUPS[note.group] ?? `Group ${note.group}`,
      protocol: shortName(appProtocol),
      summary: note.message,
    });
  }
  return [...found, ...late];
}

/** Expert items per frame index, kept only for frames that have some. */
export class ExpertFacts {
  readonly byFrame = new Map<number, ExpertItem[]>();

  add(index: number, input: FrameInput, items: readonly FieldItem[]): void {
    const found = frameExpertItems(input, items);
    if (found.length) this.byFrame.set(index, found);
  }
}

/** One row of `-z expert`: an item and how often it occurred, with the frames it occurred in. */
export interface ExpertRow extends ExpertItem {
  frequency: number;
  frames: number[];
}

/** The items of `frames` (1-based numbers; all when undefined), counted by severity, group, protocol and summary. */
export function expertRows(expert: ExpertFacts, facts: FrameFacts, frames?: Uint32Array): ExpertRow[] {
  const rows = new Map<string, ExpertRow>();
  eachFrame(facts, frames, (i) => {
    for (const item of expert.byFrame.get(i) ?? []) {
      const key = `${item.severity}\u0000${item.group}\u0000${item.protocol}\u0000${item.summary}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { ...item, frequency: 0, frames: [] }));
      row.frequency++;
      row.frames.push(i + 1);
    }
  });
  return [...rows.values()];
}

const SECTIONS: [number, string][] = [
  [ExpertSeverity.Error, 'Errors'],
  [ExpertSeverity.Warn, 'Warns'],
  [ExpertSeverity.Note, 'Notes'],
  [ExpertSeverity.Chat, 'Chats'],
];

/** `-z expert`: a section per severity, most severe first, rows in order of first occurrence. */
export function expertText(rows: readonly ExpertRow[]): string {
  let out = '';
  for (const [severity, title] of SECTIONS) {
    const section = rows.filter((r) => r.severity === severity);
    if (section.length === 0) continue;
    const total = section.reduce((sum, r) => sum + r.frequency, 0);
    out += `\n${title} (${total})\n=============\n   Frequency      Group           Protocol  Summary\n`;
    for (const r of section) {
      out += `${String(r.frequency).padStart(12)} ${r.group.padStart(10)} ${r.protocol.padStart(18)}  ${r.summary}\n`;
    }
  }
  return out;
}
