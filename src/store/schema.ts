import type { DBSchema } from 'idb';
import type { Columns } from '../core/packet-index';
import type { DissectionSettings } from '../dissectors/decode-as';
import type { CaptureFacts } from '../api/analysis';
import type { TlsKeyFile } from '../api/tls';

export const DB_NAME = 'loupe-library';

/** A stored capture as the Library lists it; written last, in the same transaction as its analysis. */
export interface CaptureEntry extends CaptureFacts {
  id: string;
  name: string;
  /** Bytes of the file as opened (gzipped files stay gzipped). */
  size: number;
  chunks: number;
  added: number;
  lastOpened: number;
  /** Decode As rules and protocol switches chosen for this capture; absent: tshark's defaults. */
  dissection?: DissectionSettings;
  /** TLS key files kept with the capture because the user asked (absent: keys are never stored). */
  tlsKeys?: TlsKeyFile[];
}

/**
 * A capture's analysis in one packed Blob (src/store/packed-analysis.ts), read back in one go, so a reopened
 * capture needs no reparse; `dissected` once it holds Protocol, Info and expert items too.
 */
export interface StoredAnalysisRecord {
  capture: string;
  packed: Blob;
  dissected: boolean;
}

/** Schema 1 and 2 kept the packet index as a record of typed arrays; schema 3 packs it into `analyses`. */
export interface LegacyIndexRecord {
  capture: string;
  count: number;
  columns: Columns;
}

/** One slice of a capture's bytes: slices keep each Blob small enough to write, so gigabyte files fit. */
export interface Chunk {
  capture: string;
  n: number;
  data: Blob;
}

/** An import under way: its chunks are orphans unless the catalogue entry is committed. */
export interface PendingImport {
  capture: string;
  started: number;
}

/** A field shown as a packet list column ("Apply as column"). */
export interface FieldColumn {
  /** Filter name, "http.host". */
  field: string;
  /** Header text: the field's label until renamed. */
  title: string;
}

/** What the analyst adds to a capture, and the capture's own packet list settings. */
export interface Annotations {
  capture: string;
  /** Packet comments by frame number (the file's pcapng comments as read, then as edited). */
  comments: Record<number, string[]>;
  /** Marked frame numbers. */
  marks: number[];
  ignored: number[];
  /** Time reference frames. */
  timeRefs: number[];
  /** Fields added as columns, in order. */
  columns: FieldColumn[];
  /** The analyst's names for addresses ("Add alias"), by address text; absent in records written before. */
  aliases?: Record<string, string>;
}

/** Library-wide preferences: aliases, saved filters, column layout, and key material only once opted in. */
export interface Setting {
  key: string;
  value: unknown;
}

export interface LibrarySchema extends DBSchema {
  captures: { key: string; value: CaptureEntry; indexes: { byName: string; byAdded: number; byLastOpened: number } };
  chunks: { key: [string, number]; value: Chunk };
  /** Schema 1 and 2 only. */
  indexes: { key: string; value: LegacyIndexRecord };
  analyses: { key: string; value: StoredAnalysisRecord };
  pending: { key: string; value: PendingImport };
  annotations: { key: string; value: Annotations };
  settings: { key: string; value: Setting };
}

export type StoreName = 'captures' | 'chunks' | 'indexes' | 'analyses' | 'pending' | 'annotations' | 'settings';
