import type { Core } from '../core/core';
import { dissectFrames } from '../passes/dissect-frames';
import { columnValue, CONVERSATION, GroupingFacts, groupFrames, groupSelection } from '../grouping/grouping';
import type { GroupFilter, GroupingOutcome, LoadProgress } from '../api/capture-api';
import type { SessionContext } from './capture-state';
import { DisplayFilterRunner } from './display-filter';
import type { BackgroundPasses } from './background-passes';

/** The fields the Protocol and Info pass already has for every frame: no pass of Grouping's own for these. */
const COLUMN_FIELDS: Record<string, 'protocol' | 'info'> = { '_ws.col.Protocol': 'protocol', '_ws.col.Info': 'info' };
const fromListPass = (fields: readonly string[]) => fields.every((f) => f === CONVERSATION || f in COLUMN_FIELDS);

/** Groups whose filter is checked against their frames; above this, a list of frame numbers would be too long. */
const MAX_FRAME_LIST = 2000;

/**
 * The Grouping view's data: the displayed packets nested by the fields the user picks, from one field-mode pass
 * per choice of fields (on a core of its own, kept until the next open, Decode As or TLS keys change), and for a
 * group the display filter that selects exactly its packets.
 */
export class GroupingView {
  private facts?: { key: string; facts: Promise<GroupingFacts> };
  private core?: Promise<Core>;
  private queue: Promise<unknown> = Promise.resolve();
  private filterCore?: Promise<Core>;
  private readonly checker = new DisplayFilterRunner(() => (this.filterCore ??= this.ctx.newCore()));
  /** What the last grouping was made over, for groupFilter(). */
  private last?: { facts: GroupingFacts; indices?: number[] };

  constructor(
    private readonly ctx: SessionContext,
    private readonly passes: BackgroundPasses,
  ) {}

  reset(): void {
    this.facts = undefined;
    this.last = undefined;
  }

  /** The packets (the displayed ones with `displayed`) nested by `fields` (filter field names or "conversation"). */
  async grouping(
    fields: string[],
    displayed = true,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<GroupingOutcome> {
    if (fields.length === 0) return { kind: 'invalid', message: 'Choose a field to group by' };
    let facts: GroupingFacts;
    try {
      facts = await this.pass(fields, onProgress);
    } catch (e) {
      if (e instanceof RangeError) return { kind: 'invalid', message: e.message };
      throw e;
    }
    const shown = displayed ? this.ctx.capture.filtered : undefined;
    const indices = shown ? indicesOf(facts, shown) : undefined;
    this.last = { facts, indices };
    return { kind: 'grouped', groups: groupFrames(facts, indices), packets: indices?.length ?? facts.frames.length };
  }

  /**
   * The display filter selecting exactly group `id`'s packets (with the display filter they were grouped under,
   * `displayFilter`): the fields' values when that filter is checked to select them, else their frame numbers.
   */
  async groupFilter(id: number, displayFilter = ''): Promise<GroupFilter | undefined> {
    const last = this.last;
    if (!last) return undefined;
    const selection = groupSelection(last.facts, id, last.indices);
    if (!selection) return undefined;
    const base = displayFilter.trim() && last.indices ? `(${displayFilter.trim()}) && ` : '';
    const filter = `${base}${selection.clause}`;
    const capture = this.ctx.capture;
    const outcome = await this.checker.apply(
      filter,
      capture.index,
      capture.blob,
      undefined,
      capture.notes,
      this.ctx.settings,
      () => this.ctx.tlsKeys.decryption(),
    );
    const matched = outcome.kind === 'applied' ? outcome.frames : undefined;
    if (matched && same(matched, selection.frames)) return { filter, exact: true, packets: selection.frames.length };
    if (selection.frames.length <= MAX_FRAME_LIST)
      return {
        filter: `frame.number in {${selection.frames.join(', ')}}`,
        exact: true,
        packets: selection.frames.length,
      };
    return { filter, exact: false, packets: selection.frames.length };
  }

  private pass(fields: string[], onProgress?: (progress: LoadProgress) => void): Promise<GroupingFacts> {
    const key = JSON.stringify(fields);
    if (this.facts?.key === key) return this.facts.facts;
    const facts = new GroupingFacts(fields); // throws RangeError for an unknown field, before any pass
    const core = (this.core ??= this.ctx.newCore());
    const capture = this.ctx.capture;
    const settings = this.ctx.settings;
    const promise = this.queue.then(async () => {
      await capture.loading.catch(() => {});
      // Conversation, Protocol and Info: what the Protocol and Info pass kept (as Operations reuses its pairs).
      const known = fromListPass(fields) ? await this.passes.passGrouping() : undefined;
      if (known && !capture.signal.aborted) return fromKnown(facts, known, this.passes.columns);
      const frames = capture.index.count;
      await dissectFrames(await core, capture.blob, (frame) => facts.add(frame), {
        settings,
        signal: capture.signal,
        tls: this.ctx.tlsKeys.decryption(),
        onProgress: (bytesRead, bytesTotal) =>
          onProgress?.({ bytesRead, bytesTotal, frames, dissected: facts.frames.length }),
      });
      return facts;
    });
    this.queue = promise.catch(() => {});
    this.facts = { key, facts: promise };
    return promise;
  }
}

/** The grouping by conversation and list columns made from the Protocol and Info pass's facts and column table. */
function fromKnown(
  facts: GroupingFacts,
  known: GroupingFacts,
  columns: { protocol(i: number): string; info(i: number): string },
): GroupingFacts {
  for (let k = 0; k < known.frames.length; k++) {
    const i = known.frames[k] - 1;
    const values = facts.fields.map((field) =>
      field === CONVERSATION ? known.valueAt(0, k) : columnValue(field, columns[COLUMN_FIELDS[field]](i)),
    );
    facts.addKnown(known.frames[k], known.times[k], known.lengths[k], values);
  }
  return facts;
}

/** Indices into the facts of the given frame numbers (both ascending). */
function indicesOf(facts: GroupingFacts, frames: Uint32Array): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < facts.frames.length && j < frames.length;) {
    if (facts.frames[i] === frames[j]) (out.push(i++), j++);
    else if (facts.frames[i] < frames[j]) i++;
    else j++;
  }
  return out;
}

function same(a: Uint32Array, b: readonly number[]): boolean {
  return a.length === b.length && b.every((n, i) => a[i] === n);
}
