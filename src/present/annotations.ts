import { fieldId } from '../fields/registry';
import type { FrameFieldSource, Value } from '../filter';
import '../dissectors/framework-fields';

/** Per-frame marks the analyst sets, as bits of FrameAnnotations' flags. */
export const Note = {
  Marked: 1,
  Ignored: 2,
  TimeRef: 4,
  /** In a row page only: the frame has a comment. */
  Commented: 8,
} as const;
export type NoteKind = 'marked' | 'ignored' | 'timeRef';
export const NOTE_BITS: Record<NoteKind, number> = {
  marked: Note.Marked,
  ignored: Note.Ignored,
  timeRef: Note.TimeRef,
};
const BIT = NOTE_BITS;

/** What the analyst added to a capture, as the library stores it (frame numbers, 1-based). */
export interface AnnotationSnapshot {
  marked: number[];
  ignored: number[];
  timeRefs: number[];
  /** Packet comments by frame number: the file's own (pcapng) as read, then as edited. */
  comments: Record<number, string[]>;
}

/**
 * Marked, ignored and time reference frames (a byte of bits per frame, so millions of frames cost megabytes and
 * no objects) and packet comments, worker side.
 */
export class FrameAnnotations {
  private flags = new Uint8Array(0);
  private comments = new Map<number, string[]>();
  private refs?: Uint32Array;

  /** Bits of frame `number`. */
  of(number: number): number {
    return this.flags[number - 1] ?? 0;
  }

  /** Sets (or clears) a note on frames; `set` undefined toggles it, following the first frame. */
  toggle(kind: NoteKind, numbers: readonly number[], set?: boolean): void {
    if (numbers.length === 0) return;
    const bit = BIT[kind];
    const on = set ?? !(this.of(numbers[0]) & bit);
    for (const n of numbers) {
      if (n < 1) continue;
      this.ensure(n);
      this.flags[n - 1] = on ? this.flags[n - 1] | bit : this.flags[n - 1] & ~bit;
    }
    if (kind === 'timeRef') this.refs = undefined;
  }

  /** Frame numbers with a note, ascending. */
  frames(kind: NoteKind): number[] {
    const bit = BIT[kind];
    const out: number[] = [];
    for (let i = 0; i < this.flags.length; i++) if (this.flags[i] & bit) out.push(i + 1);
    return out;
  }

  /** Time reference frames, ascending (cached: every row of the Time column asks). */
  timeRefs(): Uint32Array {
    return (this.refs ??= Uint32Array.from(this.frames('timeRef')));
  }

  count(kind: NoteKind): number {
    const bit = BIT[kind];
    let n = 0;
    for (let i = 0; i < this.flags.length; i++) if (this.flags[i] & bit) n++;
    return n;
  }

  commentsOf(number: number): string[] {
    return this.comments.get(number) ?? [];
  }

  /** Replaces a frame's comments; no text (or only blanks) removes them. */
  setComments(number: number, comments: readonly string[]): void {
    const kept = comments.filter((c) => c.trim() !== '');
    if (kept.length) this.comments.set(number, kept);
    else this.comments.delete(number);
  }

  /** A pcapng comment read from the file. */
  addFileComment(number: number, comment: string): void {
    this.comments.set(number, [...this.commentsOf(number), comment]);
  }

  snapshot(): AnnotationSnapshot {
    return {
      marked: this.frames('marked'),
      ignored: this.frames('ignored'),
      timeRefs: this.frames('timeRef'),
      comments: Object.fromEntries(this.comments),
    };
  }

  static restore(s: AnnotationSnapshot): FrameAnnotations {
    const a = new FrameAnnotations();
    a.toggle('marked', s.marked, true);
    a.toggle('ignored', s.ignored, true);
    a.toggle('timeRef', s.timeRefs, true);
    for (const [n, list] of Object.entries(s.comments)) a.setComments(Number(n), list);
    return a;
  }

  private ensure(n: number): void {
    if (n <= this.flags.length) return;
    const bigger = new Uint8Array(Math.max(n, this.flags.length * 2, 1024));
    bigger.set(this.flags);
    this.flags = bigger;
  }
}

const encoder = new TextEncoder();
/** The filter engine holds strings as one character per UTF-8 byte (see dissectors/field-source.ts). */
const filterString = (s: string) => String.fromCharCode(...encoder.encode(s));

const FRAME_MARKED = fieldId('frame.marked')!;
const FRAME_IGNORED = fieldId('frame.ignored')!;
const FRAME_COMMENT = fieldId('frame.comment')!;
const FRAME_COMMENT_EXPERT = fieldId('frame.comment.expert')!;
const PKT_COMMENT = fieldId('pkt_comment')!;
const NOTE_FIELDS = new Set([FRAME_MARKED, FRAME_IGNORED, FRAME_COMMENT, FRAME_COMMENT_EXPERT, PKT_COMMENT]);
const NO_BYTES = new Uint8Array(0);

/**
 * A frame's fields with the analyst's annotations: frame.marked, frame.ignored and frame.comment answer from
 * them, everything else from the frame. An ignored frame is not dissected (as in Wireshark): `frame` undefined
 * gives only what the index knows of it.
 */
export class AnnotatedSource implements FrameFieldSource {
  constructor(
    private readonly frame: FrameFieldSource | undefined,
    private readonly number: number,
    private readonly notes: FrameAnnotations,
    private readonly frameOnly?: (id: number) => readonly Value[] | undefined,
  ) {}

  values(id: number): readonly Value[] {
    if (id === FRAME_MARKED) return [this.notes.of(this.number) & Note.Marked ? 1 : 0];
    if (id === FRAME_IGNORED) return [this.notes.of(this.number) & Note.Ignored ? 1 : 0];
    if (id === FRAME_COMMENT) return this.notes.commentsOf(this.number).map(filterString);
    // Wireshark puts the comments under a "Packet comments" protocol, each with an expert item of its own.
    if (id === FRAME_COMMENT_EXPERT) return this.notes.commentsOf(this.number).map(() => NO_BYTES);
    if (id === PKT_COMMENT) return this.notes.commentsOf(this.number).length ? [NO_BYTES] : [];
    if (this.frame) return this.frame.values(id);
    return this.frameOnly?.(id) ?? [];
  }

  lengths(id: number): readonly number[] {
    if (NOTE_FIELDS.has(id)) return this.values(id).map(() => 0);
    return this.frame ? this.frame.lengths(id) : this.values(id).map(() => 0);
  }

  layers(id: number): readonly number[] {
    if (NOTE_FIELDS.has(id)) return this.values(id).map(() => 1);
    return this.frame ? this.frame.layers(id) : this.values(id).map(() => 1);
  }

  /**
   * An annotation field's values as `tshark -T fields` prints them: booleans as 0/1, comments as written, the
   * comment's expert item as 1, the protocol by its name.
   */
  texts(id: number): string[] {
    if (id === FRAME_COMMENT) return this.notes.commentsOf(this.number);
    if (id === FRAME_COMMENT_EXPERT) return this.values(id).map(() => '1');
    if (id === PKT_COMMENT) return this.values(id).map(() => 'pkt_comment');
    return this.values(id).map(String);
  }
}

/** Whether a field is one of the annotation fields (the index's columns cannot decide them). */
export const isAnnotationField = (id: number) => NOTE_FIELDS.has(id);
