import { RECORD_WORDS } from '../core/core';
import type { DissectedFrame } from '../passes/dissect-frames';
import { fieldById, fieldId } from '../fields/registry';
import { fieldTexts } from '../present/field-texts';
import { FRAME_VIEW_FIELDS, frameView } from '../operations/frame-view';
import { conversationFilter } from '../filter/conversation-filter';

/** The pseudo-field that groups by conversation (TCP or UDP stream, else the two IP hosts). */
export const CONVERSATION = 'conversation';

/** One group: the packets sharing a value of one level's field (and of every level above). */
export interface GroupNode {
  /** Unique within one grouping: what groupFrames() and the filter are asked with. */
  id: number;
  /** The level's field, and the value as shown ("(none)" when the packets have no such field). */
  field: string;
  value: string;
  packets: number;
  bytes: number;
  /** Seconds since the capture's first frame. */
  first: number;
  last: number;
  /** "Filter on this conversation": the conversation filter of this group, or of the conversation group above it. */
  conversationFilter?: string;
  children: GroupNode[];
}

/** What a grouping pass keeps of each frame: its value at every level (interned), length and time. */
export class GroupingFacts {
  readonly frames: number[] = [];
  readonly lengths: number[] = [];
  readonly times: number[] = [];
  /** values[level][k]: frame k's value id at that level. */
  readonly values: number[][];
  /** The values' texts and filter clauses, by id. */
  readonly texts: string[] = [];
  readonly clauses: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Levels whose field some frame has more than once (a single value's clause then says count() == 1). */
  readonly repeated: boolean[];
  private readonly fieldIds: (number | undefined)[];
  private base?: { sec: number; nsec: number };

  /** `fields`: filter field names, or CONVERSATION; throws a RangeError naming an unknown one. */
  constructor(readonly fields: readonly string[]) {
    this.fieldIds = fields.map((name) => {
      if (name === CONVERSATION) return undefined;
      const id = fieldId(name);
      if (id === undefined) throw new RangeError(`"${name}" is neither a field nor "${CONVERSATION}"`);
      return id;
    });
    this.values = fields.map(() => []);
    this.repeated = fields.map(() => false);
  }

  add(frame: DissectedFrame): void {
    const view = frameView(frame);
    this.base ??= { sec: view.sec, nsec: view.nsec };
    this.frames.push(frame.number);
    this.times.push(view.sec - this.base.sec + (view.nsec - this.base.nsec) / 1e9);
    this.lengths.push(frameLength(frame));
    const wanted = this.fieldIds.filter((id): id is number => id !== undefined);
    const texts = wanted.length ? fieldTexts(frame, wanted) : [];
    let column = 0;
    this.fields.forEach((name, level) => {
      if (this.fieldIds[level] === undefined) {
        const [text, clause] = conversationOf(view);
        this.values[level].push(this.intern(text, clause));
        return;
      }
      const occurrences = texts[column++];
      if (occurrences.length > 1) this.repeated[level] = true;
      this.values[level].push(this.intern(occurrences.join(','), fieldClause(name, occurrences)));
    });
  }

  /**
   * A frame whose values another pass found: its number, time (seconds since the first frame), length and, per
   * level, its value's text and filter clause (as valueAt() or columnValue() give them).
   */
  addKnown(number: number, time: number, length: number, values: readonly (readonly [string, string])[]): void {
    this.frames.push(number);
    this.times.push(time);
    this.lengths.push(length);
    values.forEach(([text, clause], level) => this.values[level].push(this.intern(text, clause)));
  }

  /** The k-th frame's value at a level: its text and filter clause. */
  valueAt(level: number, k: number): [string, string] {
    const id = this.values[level][k];
    return [this.texts[id], this.clauses[id]];
  }

  private intern(text: string, clause: string): number {
    const key = `${clause}\u0000${text}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.texts.push(text) - 1;
      this.clauses.push(clause);
      this.ids.set(key, id);
    }
    return id;
  }
}

const FRAME_LEN = fieldId('frame.len')!;

/** The core fields a grouping by conversation reads of a frame (a pass that keeps only some must keep these). */
export const GROUPING_FIELDS: readonly number[] = [FRAME_LEN, ...FRAME_VIEW_FIELDS];

function frameLength(frame: DissectedFrame): number {
  const { records, start, end } = frame.input;
  for (let at = start; at < end; at += RECORD_WORDS) if (records[at] === FRAME_LEN) return records[at + 4];
  return 0;
}

function conversationOf(view: ReturnType<typeof frameView>): [string, string] {
  if (view.transport) {
    const label = `${view.transport.toUpperCase()} ${view.stream}`;
    return [label, conversationFilter(view.transport, { a: view.src, b: view.dst, stream: view.stream })];
  }
  if (view.src && view.dst) {
    const [a, b] = [view.src, view.dst].sort();
    return [`${a} ↔ ${b}`, conversationFilter(a.includes(':') ? 'ipv6' : 'ip', { a, b })];
  }
  return ['(no IP)', '!ip && !ipv6'];
}

/** A single-valued field's value (a column's text: _ws.col.Protocol) as a level's text and filter clause. */
export function columnValue(name: string, text: string): [string, string] {
  return [text, fieldClause(name, text ? [text] : [])];
}

/** The clause selecting frames whose occurrences of a field are exactly these (in any order). */
function fieldClause(name: string, occurrences: readonly string[]): string {
  if (occurrences.length === 0) return `!${name}`;
  const literal = literalFor(name);
  const equal = [...new Set(occurrences.map((o) => `${name} == ${literal(o)}`))];
  return occurrences.length > 1 ? [`count(${name}) == ${occurrences.length}`, ...equal].join(' && ') : equal[0];
}

function literalFor(name: string): (text: string) => string {
  const type = fieldById(fieldId(name)!)?.type;
  if (type === 'string' || type === 'abstime' || type === 'epoch')
    return (t) => `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return (t) => t;
}

/** The nested groups of the frames at `indices` (indices into the facts; all frames when omitted). */
export function groupFrames(facts: GroupingFacts, indices?: Iterable<number>): GroupNode[] {
  let nextId = 0;
  type Working = GroupNode & { byValue: Map<number, Working> };
  const top = new Map<number, Working>();
  const all = indices ?? facts.frames.keys();
  for (const k of all) {
    let level: Map<number, Working> = top;
    let conversation: string | undefined;
    facts.fields.forEach((field, depth) => {
      const value = facts.values[depth][k];
      if (field === CONVERSATION && facts.texts[value] !== '(no IP)') conversation = facts.clauses[value];
      let node = level.get(value);
      if (!node) {
        node = {
          id: nextId++,
          field,
          value: facts.texts[value] || '(none)',
          packets: 0,
          bytes: 0,
          first: facts.times[k],
          last: facts.times[k],
          ...(conversation ? { conversationFilter: conversation } : {}),
          children: [],
          byValue: new Map(),
        };
        level.set(value, node);
      }
      node.packets++;
      node.bytes += facts.lengths[k];
      node.first = Math.min(node.first, facts.times[k]);
      node.last = Math.max(node.last, facts.times[k]);
      level = node.byValue;
    });
  }
  const finish = (map: Map<number, Working>): GroupNode[] =>
    [...map.values()].map(({ byValue, ...node }) => ({ ...node, children: finish(byValue) }));
  return finish(top);
}

/**
 * The frames of group `id` (as groupFrames numbered them over the same indices), and the display filter clause
 * that selects a frame exactly when its values are the group's at every level down to it.
 */
export function groupSelection(
  facts: GroupingFacts,
  id: number,
  indices?: Iterable<number>,
): { frames: number[]; clause: string } | undefined {
  // Number the nodes as groupFrames does (first appearance, depth first per frame), recording each one's path.
  let nextId = 0;
  type Path = { values: number[]; byValue: Map<number, Path> };
  const top = new Map<number, Path>();
  let wanted: number[] | undefined;
  const frames: number[] = [];
  const all = [...(indices ?? facts.frames.keys())];
  for (const k of all) {
    let level = top;
    const values: number[] = [];
    facts.fields.forEach((_, depth) => {
      const value = facts.values[depth][k];
      values.push(value);
      let node = level.get(value);
      if (!node) {
        node = { values: [...values], byValue: new Map() };
        level.set(value, node);
        if (nextId++ === id) wanted = [...values];
      }
      level = node.byValue;
    });
  }
  if (!wanted) return undefined;
  const path = wanted;
  for (const k of all) if (path.every((value, depth) => facts.values[depth][k] === value)) frames.push(facts.frames[k]);
  const clause = path
    .map((value, depth) => {
      const base = facts.clauses[value];
      const single = facts.texts[value] !== '' && !facts.texts[value].includes(',');
      const exact =
        facts.fields[depth] !== CONVERSATION && facts.repeated[depth] && single
          ? `${base} && count(${facts.fields[depth]}) == 1`
          : base;
      return `(${exact})`;
    })
    .join(' && ');
  return { frames, clause };
}
