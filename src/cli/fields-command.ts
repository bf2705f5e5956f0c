import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import { dissectFrames } from '../core/dissect-frames';
import { fieldId, isCoreField } from '../fields/registry';
import { DissectedFrameSource } from '../dissectors';
import { fieldTexts } from '../dissectors/field-texts';
import type { CompiledFilter } from '../filter';
import type { DissectionSettings } from '../dissectors/decode-as';
import { loadTablesForFields } from '../vendors/load';

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
  await loadTablesForFields([...ids, ...(filter?.fieldIds ?? [])]);
  // Application dissectors run on every frame (their state spans frames) when a field or the filter needs them.
  const dissect = Boolean(filter) || ids.some((id) => !isCoreField(id));
  let out = '';
  const result = await dissectFrames(core, blob, ({ input, app }) => {
    if (filter && !filter.matches(new DissectedFrameSource(input, app))) return;
    const cells = fieldTexts({ input, app }, ids);
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
