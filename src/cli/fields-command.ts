import { RECORD_WORDS, type Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import { dissectFrames } from '../core/dissect-frames';
import { fieldById, fieldId, isCoreField } from '../fields/registry';
import { DissectedFrameSource, formatItem } from '../dissectors';
import { formatValue } from '../fields/format';
import type { FieldDef } from '../fields/types';
import type { CompiledFilter } from '../filter';
import type { DissectionSettings } from '../dissectors/decode-as';

export class UnknownFieldError extends Error {}

/**
 * `loupe fields`: what `tshark -T fields -e ...` prints. Every occurrence of a field in a frame, joined by
 * ',', fields separated by tabs, an empty column when the field is absent. With a display filter (-Y), only the
 * frames it matches.
 */
export async function printFields(
  core: Core,
  blob: Blob,
  names: string[],
  write: (s: string) => void,
  filter?: CompiledFilter,
  settings?: DissectionSettings,
): Promise<IngestResult> {
  const ids = names.map((name) => {
    const id = fieldId(name);
    if (id === undefined) throw new UnknownFieldError(name);
    return id;
  });
  // Which output columns each field id feeds (a field may be asked for twice).
  const columnsOf = new Map<number, number[]>();
  ids.forEach((id, column) => columnsOf.set(id, [...(columnsOf.get(id) ?? []), column]));
  const defs = new Map<number, FieldDef>(ids.map((id) => [id, fieldById(id)!]));

  // Application dissectors run on every frame (their state spans frames) when a field or the filter needs them.
  const dissect = Boolean(filter) || ids.some((id) => !isCoreField(id));
  let out = '';
  const result = await dissectFrames(core, blob, ({ input, app }) => {
    if (filter && !filter.matches(new DissectedFrameSource(input, app))) return;
    const { records, start, end } = input;
    const cells: string[][] = ids.map(() => []);
    for (let at = start; at < end; at += RECORD_WORDS) {
      const columns = columnsOf.get(records[at]);
      if (!columns) continue;
      const source = (records[at + 1] >>> 8) & 0xff;
      const bytes = source === 0 ? input.frameBytes : input.reassembled;
      const text = formatValue(defs.get(records[at])!, records, at, bytes);
      for (const c of columns) cells[c].push(text);
    }
    for (const item of app.items) for (const c of columnsOf.get(item.id) ?? []) cells[c].push(formatItem(item));
    out += cells.map((c) => c.join(',')).join('\t') + '\n';
    if (out.length > 1 << 16) {
      write(out);
      out = '';
    }
  }, { dissect, settings }).finally(() => {
    if (out) write(out);
  });
  return result!;
}
