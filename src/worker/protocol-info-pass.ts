import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import type { DissectionSettings } from '../dissectors/decode-as';
import { OperationsBuilder } from '../operations/pairing';
import { dissectFrames } from '../passes/dissect-frames';
import type { TlsDecryption } from '../tls/decryption';
import { ColumnTable } from './column-table';
import { EXPERT_FIELDS, ExpertItems } from './expert-items';
import { COLUMN_INPUT_FIELDS } from '../dissectors/column-fields';
import { FRAME_VIEW_FIELDS } from '../operations/frame-view';
import { GROUPING_FIELDS, type GroupingFacts } from '../grouping/grouping';

/** Every core field the pass reads: the core emits no other records for it (see IngestOptions.keepFields). */
export const PROTOCOL_INFO_FIELDS: readonly number[] = [
  ...new Set([...COLUMN_INPUT_FIELDS, ...EXPERT_FIELDS, ...FRAME_VIEW_FIELDS, ...GROUPING_FIELDS]),
];

/** What the Protocol/Info pass fills, frame by frame. */
export interface ProtocolInfoSinks {
  columns: ColumnTable;
  expert: ExpertItems;
  operations: OperationsBuilder;
  /** Each frame's conversation, time and length, for a grouping by conversation (see BackgroundPasses.passGrouping). */
  grouping?: GroupingFacts;
}

/**
 * The background Protocol/Info pass (BackgroundPasses.fillColumns): every frame's Protocol and Info into the column
 * table, its expert items and the operations it pairs, from a columns-only dissection. A module of its own so that
 * bench/protocol-info.ts profiles exactly what the worker runs.
 */
export function protocolInfoPass(
  core: Core,
  blob: Blob,
  sinks: ProtocolInfoSinks = {
    columns: new ColumnTable(),
    expert: new ExpertItems(),
    operations: new OperationsBuilder(),
  },
  options: {
    settings?: DissectionSettings;
    tls?: TlsDecryption;
    chunkBytes?: number;
    onProgress?: () => void;
    pause?: () => Promise<void> | undefined;
    signal?: AbortSignal;
    /** Whether the core emits only the records the pass reads (default); false for the tests' comparison. */
    keepFieldsRead?: boolean;
  } = {},
): Promise<IngestResult | undefined> {
  const { columns, expert, operations, grouping } = sinks;
  return dissectFrames(
    core,
    blob,
    (frame) => {
      const { number, input, app } = frame;
      columns.pushDissection(app);
      expert.add(number, input.records, input.start, input.end);
      operations.add(frame);
      grouping?.add(frame);
    },
    {
      onProgress: options.onProgress,
      settings: options.settings,
      tls: options.tls,
      chunkBytes: options.chunkBytes,
      pause: options.pause,
      signal: options.signal,
      columnsOnly: true,
      keepFields: options.keepFieldsRead === false ? undefined : PROTOCOL_INFO_FIELDS,
    },
  );
}
