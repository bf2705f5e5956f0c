import type { Columns } from '../core/packet-index';
import type { Problem } from '../core/problems';
import type { Endpoint, StreamProtocol } from '../core/streams';
import type { PacketSummary } from '../ui/packet-list/summary';
import type { ExpertEntry } from './expert-scan';
import type { FilterOutcome } from './display-filter';
import type { DissectionSettings } from '../dissectors/decode-as';
import type { FieldDef } from '../fields/types';

export type { ExpertEntry } from './expert-scan';
export type { FilterOutcome } from './display-filter';

/** What the capture worker offers the UI, through comlink (src/worker/capture-worker.ts). */
export interface CaptureApi {
  /**
   * Reads a whole capture into the packet index; replaces the previous one. With `stored` (what the library kept
   * of an earlier open of the same bytes) the index is taken as it is and nothing is parsed.
   */
  open(file: Blob, name: string, onProgress: (progress: LoadProgress) => void, stored?: StoredAnalysis): Promise<CaptureSummary>;
  /** A copy of the open capture's packet index, for the library. */
  indexSnapshot(): Promise<IndexSnapshot>;
  /** Rows [from, from + count) of the packet list, clamped to what is indexed. */
  rows(from: number, count: number): Promise<RowPage>;
  /** Frame `number` (1-based) for the protocol tree and hex view. */
  frame(number: number): Promise<FrameDetail | undefined>;
  /** The conversations frame `number` belongs to that Follow Stream can show (innermost first). */
  streamsOf(number: number): Promise<StreamRef[]>;
  /** How many streams of a kind the capture has, for the stream switcher. */
  streamCount(kind: FollowKind): Promise<number>;
  /** One stream's payload as Follow Stream shows it; undefined when there is no such stream. */
  follow(ref: StreamRef): Promise<FollowedStream | undefined>;
  /** Every expert item of the capture, grouped by message (one pass over the file, kept until the next open). */
  expertInfo(onProgress?: (progress: LoadProgress) => void): Promise<ExpertEntry[]>;
  /**
   * Applies a display filter once the capture is loaded ('' shows every packet); from then on rows() serves only
   * the frames it matches. A filter replaced by a newer one, or by cancelFilter(), resolves as cancelled.
   */
  filter(text: string, onProgress?: (progress: FilterProgress) => void): Promise<FilterOutcome>;
  cancelFilter(): Promise<void>;
  /**
   * Decode As rules and protocol switches for every later dissection; with a capture open its Protocol and Info
   * are dissected again, `onProgress` telling how far (`dissected`). Apply the display filter again after it.
   */
  setDissection(settings: DissectionSettings, onProgress?: (progress: LoadProgress) => void): Promise<void>;
  /** Where frame `number` could be decoded as another protocol: its ports and conversation, and the choices. */
  decodeAsTarget(number: number): Promise<DecodeAsTarget | undefined>;
  /**
   * The fields the application dissectors declare (they register in the worker only), so the UI's filter bar
   * checks and completes them too.
   */
  applicationFields(): Promise<FieldDef[]>;
}

/** What the Decode As dialog offers for one frame. */
export interface DecodeAsTarget {
  transport: 'tcp' | 'udp';
  /** Source and destination port. */
  ports: [number, number];
  stream: number;
  /** Dissectors this transport's payload can be decoded as. */
  protocols: string[];
  /** Every application protocol that can be switched off, and every heuristic with whether it is on by default. */
  allProtocols: string[];
  heuristics: { name: string; enabledByDefault: boolean }[];
}

/** How far the decoding pass of a display filter has got (frames the index's columns could not decide). */
export interface FilterProgress {
  bytesRead: number;
  bytesTotal: number;
}

export interface LoadProgress {
  bytesRead: number;
  bytesTotal: number;
  frames: number;
  /** While opening: frames whose Protocol and Info the background dissection pass has filled in (it goes on
   * reporting after open() returns, until it is through). */
  dissected?: number;
}

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

/** A capture's analysis as the library keeps it. */
export interface StoredAnalysis {
  index: IndexSnapshot;
  summary: CaptureSummary;
}

/** Packet list rows: numeric columns as typed arrays (transferred), decoded columns as strings. */
export interface RowPage {
  from: number;
  count: number;
  /** Frame number of each row (rows are frames in order; a display filter leaves gaps). */
  numbers: Uint32Array;
  /** Seconds since the first packet. */
  time: Float64Array;
  length: Uint32Array;
  flags: Uint32Array;
  /** Rows below this one have their final Protocol and Info; later ones a provisional single-frame guess. */
  dissected: number;
  /** TCP analysis flag bits and transport bits (SYN, FIN, RST...), for the colouring rules. */
  analysis: Uint32Array;
  transport: Uint8Array;
  summaries: PacketSummary[];
}

export interface FrameDetail {
  number: number;
  /** The captured bytes. */
  bytes: Uint8Array;
  /** Field records of this frame (8 words each, src/core/core.ts), as the core's field mode gives them. */
  records: Uint32Array;
  flags: number;
  /**
   * Bytes beyond the frame's own that the tree points into, each a tab under the hex view as in Wireshark: the
   * core's IP reassembly (records with source 1) and PDUs the application layer reassembled from segments.
   */
  extraBytes: ByteTab[];
  /** The application layer's items in tree order, after the core's records. */
  appItems: AppTreeItem[];
}

export interface ByteTab {
  /** "Reassembled TCP (1460 bytes)". */
  label: string;
  bytes: Uint8Array;
}

export interface AppTreeItem {
  /** Filter name and label from the registry ('' and the text for a text-only line); the UI thread does not
   * load the dissectors that register them. */
  name: string;
  label: string;
  /** Nests under the nearest preceding item of smaller depth; 0 is a layer beside the core's. */
  depth: number;
  text: string;
  start: number;
  length: number;
  /** Which bytes start/length point into: 0 the frame, k extraBytes[k - 1]. */
  tab: number;
}

/**
 * What Follow Stream can follow. Each kind is a source in the worker (capture-session.ts): TLS or HTTP
 * streams plug in as further kinds.
 */
export type FollowKind = StreamProtocol;

export interface StreamRef {
  kind: FollowKind;
  stream: number;
}

/** A run of payload one side sent. */
export interface FollowChunk {
  /** Sent by the server (Follow's node 1: whoever did not send the stream's first packet). */
  fromServer: boolean;
  frame: number;
  bytes: Uint8Array;
}

export interface FollowedStream extends StreamRef {
  /** Node 0 (the client: sent the first packet) and node 1. */
  client: Endpoint;
  server: Endpoint;
  chunks: FollowChunk[];
}
