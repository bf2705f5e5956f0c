import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import { dissectFrames } from '../passes/dissect-frames';
import type { TlsDecryption } from '../tls/decryption';
import { fieldId, isCoreField } from '../fields/registry';
import { DissectedFrameSource } from '../dissectors';
import { fieldTexts } from '../present/field-texts';
import { DisplayedClock, isDisplayedTimeField } from './displayed-time';
import { AnnotatedSource, FrameAnnotations, isAnnotationField } from '../present/annotations';
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
  tls?: TlsDecryption,
): Promise<IngestResult> {
  const ids = names.map((name) => {
    const id = fieldId(name);
    if (id === undefined) throw new UnknownFieldError(name);
    return id;
  });
  await loadTablesForFields([...ids, ...(filter?.fieldIds ?? [])]);
  // Application dissectors run on every frame (their state spans frames) when a field or the filter needs them.
  const dissect = Boolean(filter) || ids.some((id) => !isCoreField(id));
  const annotated = ids.filter(isAnnotationField);
  // tshark's frames carry no marks of their own; their comments are the file's.
  const unannotated = new FrameAnnotations();
  let out = '';
  const clock =
    ids.some(isDisplayedTimeField) || filter?.fieldIds.some(isDisplayedTimeField) ? new DisplayedClock() : undefined;
  const result = await dissectFrames(
    core,
    blob,
    ({ number, input, comments, ...dissected }) => {
      const time = clock?.item(input);
      const app = time ? { ...dissected.app, items: [...dissected.app.items, time.item] } : dissected.app;
      const fields = new AnnotatedSource(
        new DissectedFrameSource(input, app),
        number,
        comments.length ? fileComments(number, comments) : unannotated,
      );
      if (filter && !filter.matches(fields)) return;
      if (time) clock!.shown(time.ns);
      const cells = fieldTexts({ input, app }, ids);
      for (const id of annotated)
        ids.forEach((wanted, column) => {
          if (wanted === id) cells[column] = fields.texts(id);
        });
      out += cells.map((c) => c.join(',')).join('\t') + '\n';
      if (out.length > 1 << 16) {
        write(out);
        out = '';
      }
    },
    { dissect, settings, tls },
  ).finally(() => {
    if (out) write(out);
  });
  return result!;
}

function fileComments(number: number, comments: readonly string[]): FrameAnnotations {
  const notes = new FrameAnnotations();
  for (const comment of comments) notes.addFileComment(number, comment);
  return notes;
}
