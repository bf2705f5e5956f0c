import { RECORD_WORDS } from '../core/core';
import type { DissectedFrame } from '../core/dissect-frames';
import { fieldById } from '../fields/registry';
import { formatValue } from '../fields/format';
import { formatItem } from './format';

/**
 * Every occurrence of the given fields in one dissected frame, as `tshark -T fields` prints each (core records
 * first, then the application layer's items): texts[k] for ids[k]. The CLI joins them by ','; so do the
 * packet list's field columns.
 */
export function fieldTexts({ input, app }: Pick<DissectedFrame, 'input' | 'app'>, ids: readonly number[]): string[][] {
  // Which output columns each field id feeds (a field may be asked for twice).
  const columnsOf = new Map<number, number[]>();
  ids.forEach((id, column) => columnsOf.set(id, [...(columnsOf.get(id) ?? []), column]));
  const cells: string[][] = ids.map(() => []);
  const { records, start, end } = input;
  for (let at = start; at < end; at += RECORD_WORDS) {
    const columns = columnsOf.get(records[at]);
    if (!columns) continue;
    const bytes = (records[at + 1] >>> 8) & 0xff ? input.reassembled : input.frameBytes;
    const text = formatValue(fieldById(records[at])!, records, at, bytes);
    for (const c of columns) cells[c].push(text);
  }
  for (const item of app.items) for (const c of columnsOf.get(item.id) ?? []) cells[c].push(formatItem(item));
  return cells;
}
