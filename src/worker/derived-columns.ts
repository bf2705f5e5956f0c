import type { DerivedConfig } from '../api/capture-api';
import type { DissectedFrame } from '../passes/dissect-frames';
import { DissectedFrameSource, type FrameDissection, type FrameInput } from '../dissectors';
import { fieldTexts } from '../present/field-texts';
import { fieldId } from '../fields/registry';
import { RecordFieldSource } from '../filter';
import { compileRules, firstMatch, type ColourRule, type CompiledRule } from '../present/colouring';
import { AnnotatedSource, Note, type FrameAnnotations } from '../present/annotations';
import { NameColumn, TextColumn } from './column-table';
import { addresses } from '../present/summary';

const NO_APP: FrameDissection = { items: [], protocol: '', info: '', layers: [] };

/**
 * Each frame's colouring rule and field-column texts, computed with the real filter engine and `tshark -T
 * fields` formatting over the full dissection (so cross-frame TCP analysis and application fields count),
 * appended in frame order by a field-mode pass. A new configuration makes a new one, filled by a new pass.
 */
export class DerivedColumns {
  private readonly rules: CompiledRule[];
  readonly ids: number[];
  private colours = new Int16Array(1024);
  private readonly texts: TextColumn[];
  /** Source and Destination, kept here (not in the first pass) for sorting by them. */
  readonly sources = new NameColumn();
  readonly destinations = new NameColumn();
  count = 0;

  constructor(readonly config: DerivedConfig) {
    this.rules = compileRules(config.rules);
    this.ids = config.fields.map((name) => fieldId(name) ?? -1);
    this.texts = config.fields.map(() => new TextColumn());
  }

  /** Appends frame `count + 1` from the pass. */
  push(frame: DissectedFrame, notes: FrameAnnotations): void {
    if (this.count === this.colours.length) {
      const bigger = new Int16Array(this.count * 2);
      bigger.set(this.colours);
      this.colours = bigger;
    }
    const fields = new AnnotatedSource(new DissectedFrameSource(frame.input, frame.app), frame.number, notes);
    this.colours[this.count] = firstMatch(this.rules, fields);
    if (this.ids.length) fieldTexts(frame, this.ids).forEach((c, k) => this.texts[k].push(c.join(',')));
    const { input } = frame;
    const [source, destination] = addresses(input.records.subarray(input.start, input.end), input.frameBytes);
    this.sources.push(source);
    this.destinations.push(destination);
    this.count++;
  }

  /** Rule index of frame index i (-1: none). */
  colour(i: number): number {
    return this.colours[i];
  }

  text(column: number, i: number): string {
    return this.texts[column].get(i);
  }

  compareText(column: number, i: number, j: number): number {
    return this.texts[column].compare(i, j);
  }

  /**
   * A guess for a frame the pass has not reached, from a lone decode of it (core fields only: no application
   * layer, no cross-frame analysis), as the Protocol and Info columns guess.
   */
  provisional(
    records: Uint32Array,
    bytes: Uint8Array,
    number: number,
    notes: FrameAnnotations,
  ): { colour: number; texts: string[] } {
    const input: FrameInput = { records, start: 0, end: records.length, frameBytes: bytes };
    const colour =
      notes.of(number) & Note.Ignored
        ? -1
        : firstMatch(this.rules, new AnnotatedSource(new RecordFieldSource(input), number, notes));
    return { colour, texts: fieldTexts({ input, app: NO_APP }, this.ids).map((c) => c.join(',')) };
  }
}
