import * as Comlink from 'comlink';
import type { Capture } from '../capture/capture.svelte';
import type { DisplayFilter } from '../filter-bar/display-filter.svelte';
import type { LibraryState } from '../library/library.svelte';
import type { FieldColumn } from '../../store/schema';
import type { NoteKind, SortSpec } from '../../api/capture-api';
import type { ColourRule } from '../../present/colouring';
import type { ListPreferences } from './list-preferences.svelte';
import type { TimeFormat } from '../../present/time-format';

/** The packet list's fixed columns, in Wireshark's default order. */
export const BASE_COLUMNS = [
  { id: 'number', title: 'No.' },
  { id: 'time', title: 'Time' },
  { id: 'source', title: 'Source' },
  { id: 'destination', title: 'Destination' },
  { id: 'protocol', title: 'Protocol' },
  { id: 'length', title: 'Length' },
  { id: 'info', title: 'Info' },
] as const;

/**
 * One capture's packet list settings and the analyst's notes, UI side: sort, time format and colouring rules
 * (the app's preferences, told to this capture's worker), field columns (kept with the capture in the library), marks, ignored packets, time references
 * and comments (the worker holds them; the library keeps them). Changes ask the worker, then bump `refresh`
 * so the list fetches its rows again.
 */
export class PacketListState {
  columns = $state.raw<FieldColumn[]>([]);
  /** The analyst's names for addresses, kept with the capture's notes in the library. */
  aliases = $state.raw<Record<string, string>>({});
  sort = $state.raw<SortSpec>();
  sorting = $state(false);
  /** Bumped when rows must be fetched again (notes, format or rules changed) without moving the list. */
  refresh = $state(0);
  /** Frames whose colour and field columns are final (the worker's pass after a rules or columns change). */
  derived = $state(0);
  /** Library id of the open capture, when it is kept there. */
  private captureId?: string;

  constructor(
    private readonly capture: Capture,
    private readonly filter: DisplayFilter,
    private readonly library: LibraryState,
    private readonly preferences: ListPreferences,
  ) {}

  get timeFormat(): TimeFormat {
    return this.preferences.timeFormat;
  }

  get rules(): ColourRule[] {
    return this.preferences.rules;
  }

  /**
   * A capture was opened (with its library id when kept): its stored notes and columns come back, and the worker
   * learns the time format and the configuration.
   */
  async opened(captureId: string | undefined): Promise<void> {
    this.captureId = captureId;
    this.sort = undefined;
    this.derived = 0;
    const stored = captureId ? await this.library.annotations(captureId) : undefined;
    if (stored) {
      await this.capture.api.restoreAnnotations({
        marked: stored.marks,
        ignored: stored.ignored,
        timeRefs: stored.timeRefs,
        comments: stored.comments,
      });
    }
    this.columns = stored?.columns ?? [];
    this.aliases = stored?.aliases ?? {};
    await this.capture.api.setTimeFormat(this.timeFormat);
    await this.configure();
    // A capture kept for the first time: its own pcapng comments go with it (a stored capture is not read again).
    if (captureId && !stored) await this.save({ onlyIfCommented: true });
  }

  /** The capture was deleted from the library: its notes are no longer kept there. */
  forgetLibraryEntry(): void {
    this.captureId = undefined;
  }

  /** Clicking a column's header: sorts by it, again reverses, a third time back to frame order. */
  async sortBy(column: string): Promise<void> {
    const now = this.sort;
    const next: SortSpec | undefined =
      now?.column !== column
        ? { column, descending: false }
        : !now.descending
          ? { column, descending: true }
          : undefined;
    await this.applySort(next);
  }

  async applySort(spec: SortSpec | undefined): Promise<void> {
    this.sort = spec;
    this.sorting = true;
    try {
      this.filter.reorder(await this.capture.api.sort(spec ? { ...spec } : undefined));
    } finally {
      this.sorting = false;
    }
  }

  /** The time format preference changed: the worker formats (and sorts) by the new one. */
  async timeFormatChanged(): Promise<void> {
    const order = await this.capture.api.setTimeFormat(this.timeFormat);
    if (this.sort?.column === 'time') this.filter.reorder(order);
    this.refresh++;
  }

  /** The colouring rules changed: the worker colours by the new ones. */
  async rulesChanged(): Promise<void> {
    await this.configure();
  }

  /** "Apply as Column": the field becomes the last column, titled by its label. */
  async addColumn(field: string, title: string): Promise<void> {
    if (this.columns.some((c) => c.field === field)) return;
    this.columns = [...this.columns, { field, title }];
    await this.columnsChanged();
  }

  async removeColumn(field: string): Promise<void> {
    this.columns = this.columns.filter((c) => c.field !== field);
    if (this.sort?.column === `field:${field}`) await this.applySort(undefined);
    await this.columnsChanged();
  }

  async renameColumn(field: string, title: string): Promise<void> {
    this.columns = this.columns.map((c) => (c.field === field ? { ...c, title } : c));
    await this.save();
  }

  /** Marks, ignores or makes a time reference of a frame (toggling); ignoring changes what filters match. */
  async toggle(kind: NoteKind, frame: number): Promise<void> {
    await this.capture.api.annotate(kind, [frame]);
    if (kind === 'ignored' && this.filter.applied) await this.filter.apply(this.filter.applied);
    if (kind === 'timeRef' && this.sort?.column === 'time') await this.applySort(this.sort);
    this.refresh++;
    await this.save();
  }

  async setComment(frame: number, comment: string): Promise<void> {
    await this.capture.api.setComments(frame, comment.trim() ? [comment] : []);
    this.refresh++;
    await this.save();
  }

  /** Packets in the capture. */
  get total(): number {
    return this.capture.frames;
  }

  /** Row of frame `number` as displayed, -1 when it is not (filtered out, or no such packet). */
  async rowOf(number: number): Promise<number> {
    return this.filter.rowOf(number, this.capture.frames);
  }

  async comments(frame: number): Promise<string[]> {
    return (await this.capture.api.annotations()).comments[frame] ?? [];
  }

  /** The next or previous marked row from `row`; undefined when there is none. */
  async findMark(row: number, step: 1 | -1): Promise<number | undefined> {
    const found = await this.capture.api.findNoted('marked', row, step);
    return found < 0 ? undefined : found;
  }

  private async columnsChanged(): Promise<void> {
    await this.configure();
    await this.save();
  }

  private async configure(): Promise<void> {
    const generation = this.capture.generation;
    this.derived = 0;
    this.refresh++;
    const onProgress = (derived: number) => {
      if (generation !== this.capture.generation) return;
      this.derived = derived;
    };
    await this.capture.api.configure(
      { rules: $state.snapshot(this.rules), fields: this.columns.map((c) => c.field) },
      Comlink.proxy(onProgress),
    );
  }

  /** Keeps the notes and columns with the capture in the library (nothing is kept for a capture not stored). */
  private async save({ onlyIfCommented = false } = {}): Promise<void> {
    const id = this.captureId;
    if (!id) return;
    const notes = await this.capture.api.annotations();
    if (onlyIfCommented && Object.keys(notes.comments).length === 0) return;
    await this.library.setAnnotations({
      capture: id,
      comments: notes.comments,
      marks: notes.marked,
      ignored: notes.ignored,
      timeRefs: notes.timeRefs,
      columns: $state.snapshot(this.columns),
      aliases: { ...this.aliases },
    });
  }

  /** Names an address ('' removes its alias); kept with the capture when it is in the library. */
  async setAlias(address: string, name: string): Promise<void> {
    const aliases = { ...this.aliases };
    if (name.trim()) aliases[address] = name.trim();
    else delete aliases[address];
    this.aliases = aliases;
    await this.save();
  }
}
