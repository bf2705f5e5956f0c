import type { Columns } from '../core/packet-index';
import type { Problem } from '../core/problems';

/**
 * What the worker makes of a capture and the library keeps: the types both sides of that hand-over share, so the
 * store and the worker need not import each other.
 */

export interface CaptureSummary {
  name: string;
  frames: number;
  /** 'pcap', 'pcapng', 'netmon' or 'unknown'. */
  format: string;
  compressed: boolean;
  /** Why reading stopped early; `fatal` with no frames means the file is no capture. */
  problem?: Problem;
  warnings: string[];
}

export interface IndexSnapshot {
  count: number;
  columns: Columns;
}

/** What the library lists of a capture, from the worker's summary and its packet index (store/metadata.ts). */
export interface CaptureFacts {
  packets: number;
  /** Seconds since the epoch of the first and last packet; undefined for a capture without packets. */
  firstTime?: number;
  lastTime?: number;
  linkTypes: number[];
  format: string;
  compressed: boolean;
  /** Why reading stopped early and what was odd about the file, shown again when it is reopened. */
  problem?: Problem;
  warnings: string[];
}

/** A capture's analysis as the library keeps it: the summary and one packed Blob (src/store/packed-analysis.ts). */
export interface StoredAnalysis {
  summary: CaptureSummary;
  packed: Blob;
}

export interface PackedAnalysis extends StoredAnalysis {
  facts: CaptureFacts;
  /** Protocol, Info and expert items are in it: a reopen dissects nothing. */
  dissected: boolean;
}

/** One kind of expert item (a message with its severity and group) and the frames that carry it. */
export interface ExpertEntry {
  severity: number;
  severityName: string;
  group: string;
  message: string;
  frames: number[];
}

/** A column table's content, trimmed to its rows, as the library stores it (worker/column-table.ts). */
export interface ColumnTableSnapshot {
  names: string[];
  protocols: Uint16Array | Uint32Array;
  starts: Uint32Array;
  lengths: Uint16Array;
  /** The Info text chunks, each cut to the bytes used (rows point into them by chunk * CHUNK_BYTES + offset). */
  chunks: Uint8Array[];
}
