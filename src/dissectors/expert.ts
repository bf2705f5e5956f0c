import { ExpertGroup, ExpertSeverity } from '../abi/core-constants';
import { EXPERT_GROUPS, EXPERT_SEVERITIES } from '../fields/expert';
import type { FieldItem, TreeBuilder } from './tree';
import { cutUtf8, utf8Length } from './label-limit';

/** An application dissector's expert item: a message with Wireshark's severity and group. */
export interface ExpertNote {
  severity: (typeof ExpertSeverity)[keyof typeof ExpertSeverity];
  group: (typeof ExpertGroup)[keyof typeof ExpertGroup];
  message: string;
}

/**
 * Adds an expert item where the tree stands, as Wireshark shows one: "[Expert Info (Chat/Sequence): message]"
 * with the message, severity level and group under it (`_ws.expert` and its three fields), so `loupe fields -e
 * _ws.expert`, display filters and `-z expert` (src/stats/expert-stats.ts) all see it.
 */
export function addExpert(tree: TreeBuilder, note: ExpertNote, start = 0, length = 0): void {
  const { severity, group } = note;
  // Wireshark formats both into its 240-byte label buffer, the summary with room for its brackets.
  const message = cutUtf8(note.message, 239);
  const full = `Expert Info (${EXPERT_SEVERITIES[severity]}/${EXPERT_GROUPS[group]}): ${message}`;
  const info = utf8Length(full) < 239 ? full : cutUtf8(` [truncated]${full}`, 238);
  tree.open('_ws.expert', start, length, `[${info}]`, info);
  tree.add('_ws.expert.message', start, length, message, `[${message}]`);
  tree.add('_ws.expert.severity', start, length, severity << 21, `[Severity level: ${EXPERT_SEVERITIES[severity]}]`);
  tree.add('_ws.expert.group', start, length, group << 24, `[Group: ${EXPERT_GROUPS[group]}]`);
  tree.close();
}

/** The expert note an `_ws.expert` item at items[index] carries (undefined for an item with no severity under it). */
export function expertNoteAt(items: readonly FieldItem[], index: number, ids: ExpertIds): ExpertNote | undefined {
  const item = items[index];
  let message: string | undefined;
  let severity: number | undefined;
  let group: number | undefined;
  for (let i = index + 1; i < items.length && items[i].depth > item.depth; i++) {
    const { id, value } = items[i];
    if (id === ids.message && typeof value === 'string') message = value;
    else if (id === ids.severity && typeof value === 'number') severity = value >>> 21;
    else if (id === ids.group && typeof value === 'number') group = value >>> 24;
  }
  if (message === undefined || severity === undefined || group === undefined) return undefined;
  return { message, severity, group } as ExpertNote;
}

/** The field ids of `_ws.expert` and its parts. */
export interface ExpertIds {
  expert: number;
  message: number;
  severity: number;
  group: number;
}
