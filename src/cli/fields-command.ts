import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import { dissectFrames, STOP, type DissectedFrame } from '../passes/dissect-frames';
import { dissectSubset } from '../passes/dissect-subset';
import { subsetFrames } from '../passes/subset-plan';
import { planQuery } from '../passes/query-plan';
import { indexCapture } from './parallel-index';
import { PacketIndex } from '../core/packet-index';
import { SideKind } from '../abi/core-constants';
import { UNDECIDED, YES } from '../filter/columns';
import type { TlsDecryption } from '../tls/decryption';
import { fieldId } from '../fields/registry';
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
  // First the index, at ingest speed: the planner decides from it which frames need decoding, and which of
  // those their application layer dissected (src/passes/query-plan.ts).
  const index = new PacketIndex();
  let secrets = false;
  // Whether frames can be decoded alone as far as the file is concerned: no packet comments, one interface.
  let interfaces = 0;
  let commented = false;
  const result = await indexCapture(core, blob, {
    onRows: (rows) => index.append(rows),
    onSide: (entry) => {
      if (entry.kind === SideKind.DecryptionSecrets) secrets = true;
      else if (entry.kind === SideKind.Interface) interfaces++;
      else if (entry.kind === SideKind.PacketComment) commented = true;
    },
  });
  const fromIndex = ids.every((id) => INDEX_FIELDS.has(id));
  const decrypts = secrets || (tls !== undefined && !tls.keyring.empty);
  const plan = planQuery(index, {
    filter,
    printed: ids,
    printFromRecords: !fromIndex,
    settings,
    // With TLS keys every connection is decrypted, so that each one's outcome can be reported.
    dissectAll: decrypts,
    // Without keys TLS adds only its cleartext protocols: a DNS or HTTP query skips TLS connections.
    decrypts,
  });
  const { verdicts, recordFrames } = plan;
  const annotated = ids.filter(isAnnotationField);
  // tshark's frames carry no marks of their own; their comments are the file's.
  const unannotated = new FrameAnnotations();
  const timed = ids.some(isDisplayedTimeField) || filter?.fieldIds.some(isDisplayedTimeField);
  const lastFrame = recordFrames.length ? recordFrames[recordFrames.length - 1] : 0;
  // The printing state of one pass: a pass over the frames alone that cannot stand alone is dropped, unprinted.
  let out = '';
  let holding = false;
  let printed = 0;
  let clock = timed ? new DisplayedClock() : undefined;
  const emit = (line: string) => {
    out += line;
    if (!holding && out.length > 1 << 16) {
      write(out);
      out = '';
    }
  };
  // Matched frames printed from the index, up to (not including) frame `upTo`.
  const printFromIndex = (upTo: number) => {
    if (!fromIndex) return;
    for (; printed < upTo - 1; printed++) if (verdicts[printed] === YES) emit(indexLine(index, printed, ids));
  };
  const onFrame = ({ number, input, comments, ...dissected }: DissectedFrame) => {
    printFromIndex(number);
    const verdict = verdicts[number - 1];
    const time = clock?.item(input);
    const app = time ? { ...dissected.app, items: [...dissected.app.items, time.item] } : dissected.app;
    const fields = new AnnotatedSource(
      new DissectedFrameSource(input, app),
      number,
      comments.length ? fileComments(number, comments) : unannotated,
    );
    if (verdict === YES || (verdict === UNDECIDED && (!filter || filter.matches(fields)))) {
      if (time) clock!.shown(time.ns);
      if (fromIndex) {
        emit(indexLine(index, number - 1, ids));
      } else {
        const cells = fieldTexts({ input, app }, ids);
        for (const id of annotated)
          ids.forEach((wanted, column) => {
            if (wanted === id) cells[column] = fields.texts(id);
          });
        emit(cells.map((c) => c.join(',')).join('\t') + '\n');
      }
    }
    if (fromIndex) printed = number;
    if (number >= lastFrame) return STOP;
  };
  try {
    let done = lastFrame === 0;
    // Few frames wanted (a DNS query in a capture of bulk transfers): decoded alone, the rest of the file unread.
    const standalone =
      (result.format === 'pcap' || (result.format === 'pcapng' && interfaces === 1 && !commented)) &&
      !secrets &&
      !(tls && !tls.keyring.empty);
    const alone = done || !standalone ? undefined : subsetFrames(index, recordFrames, blob.size);
    if (alone) {
      const wanted = new Uint8Array(lastFrame + 1);
      for (const n of recordFrames) wanted[n] = 1;
      holding = true;
      done = await dissectSubset(
        core,
        blob,
        index,
        alone,
        (frame) => (wanted[frame.number] ? onFrame(frame) : undefined),
        {
          settings,
          tls,
          appFrames: plan.dissect,
        },
      );
      holding = false;
      if (!done) {
        out = '';
        printed = 0;
        clock = timed ? new DisplayedClock() : undefined;
      }
    }
    if (!done)
      await dissectFrames(core, blob, onFrame, {
        dissect: !plan.coreOnly,
        appFrames: plan.dissect,
        fieldFrames: recordFrames,
        settings,
        tls,
      });
    printFromIndex(index.count + 1);
  } finally {
    if (out) write(out);
  }
  return result;
}

const FRAME_NUMBER = fieldId('frame.number')!;
const FRAME_LEN = fieldId('frame.len')!;
const FRAME_CAP_LEN = fieldId('frame.cap_len')!;
/** Fields every frame has once, printed straight from the index. */
const INDEX_FIELDS = new Set([FRAME_NUMBER, FRAME_LEN, FRAME_CAP_LEN]);

function indexLine(index: PacketIndex, row: number, ids: readonly number[]): string {
  let line = '';
  for (let c = 0; c < ids.length; c++) {
    if (c > 0) line += '\t';
    const id = ids[c];
    line += id === FRAME_NUMBER ? row + 1 : id === FRAME_LEN ? index.at('origLen', row) : index.at('capLen', row);
  }
  return line + '\n';
}

function fileComments(number: number, comments: readonly string[]): FrameAnnotations {
  const notes = new FrameAnnotations();
  for (const comment of comments) notes.addFileComment(number, comment);
  return notes;
}
