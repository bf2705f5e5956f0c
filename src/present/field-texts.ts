import { RECORD_WORDS } from '../core/core';
import type { DissectedFrame } from '../passes/dissect-frames';
import { fieldById, fieldId } from '../fields/registry';
import { formatValue } from '../fields/format';
import { derivedValue } from '../vendors/derived-fields';
import { formatItem } from '../dissectors/format';

/**
 * Every occurrence of the given fields in one dissected frame, as `tshark -T fields` prints each (core records
 * first, then the application layer's items): texts[k] for ids[k]. The CLI joins them by ','; so do the
 * packet list's field columns.
 */
export function fieldTexts({ input, app }: Pick<DissectedFrame, 'input' | 'app'>, ids: readonly number[]): string[][] {
  // Which output columns each field id feeds (a field may be asked for twice).
  const columnsOf = new Map<number, number[]>();
  ids.forEach((id, column) => columnsOf.set(id, [...(columnsOf.get(id) ?? []), column]));
  // Derived fields (eth.src_resolved) are read off their source's records.
  const derivedOf = new Map<number, number[]>();
  ids.forEach((id, column) => {
    const from = fieldById(id)?.derived?.from;
    const source = from === undefined ? undefined : fieldId(from);
    if (source !== undefined) derivedOf.set(source, [...(derivedOf.get(source) ?? []), column]);
  });
  const cells: string[][] = ids.map(() => []);
  const { records, start, end } = input;
  for (let at = start; at < end; at += RECORD_WORDS) {
    for (const c of derivedOf.get(records[at]) ?? []) {
      const value = derivedValue(fieldById(ids[c])!, records, at);
      if (value !== undefined) cells[c].push(String(value));
    }
    const columns = columnsOf.get(records[at]);
    if (!columns) continue;
    const bytes = (records[at + 1] >>> 8) & 0xff ? input.reassembled : input.frameBytes;
    const text = formatValue(fieldById(records[at])!, records, at, bytes);
    for (const c of columns) cells[c].push(text);
  }
  for (const item of app.items) for (const c of columnsOf.get(item.id) ?? []) cells[c].push(formatItem(item));
  return cells;
}
