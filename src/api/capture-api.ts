import type { Endpoint, StreamProtocol } from '../core/streams';
import type { PacketSummary } from '../present/summary';
import type { AnnotationSnapshot, NoteKind } from '../present/annotations';
import type { ColourRule } from '../present/colouring';
import type { FrameDetail } from '../present/frame-detail';
import type { TimeFormat } from '../present/time-format';
import type { FieldDef } from '../fields/types';
import type { DissectionSettings } from '../dissectors/decode-as';
import type { ProtocolEntry } from '../dissectors/protocol-entry';
import type { ConversationRow, EndpointRow } from '../stats/conversations';
import type { TapKind } from '../stats/frame-facts';
import type { HierarchyNode } from '../stats/hierarchy';
import type { TreeName } from '../stats/trees';
import type { ExpertTableRow, StatsTreeTable } from '../stats/tree-table';
import type { CaptureSummary, ExpertEntry, PackedAnalysis, StoredAnalysis } from './analysis';
import type { TlsKeyEntry, TlsKeyFile, TlsKeyOutcome, TlsSessionRow } from './tls';
import type { ChatReport } from '../msn/types';
import type { GraphsApi } from './graphs';
import type { Operation } from '../operations/types';
import type { GroupNode } from '../grouping/grouping';

export type * from './analysis';
export type * from './tls';
export type * from './graphs';
export type { AnnotationSnapshot, NoteKind } from '../present/annotations';
export type { AppTreeItem, ByteTab, FrameDetail } from '../present/frame-detail';
export type { ConversationRow, EndpointRow } from '../stats/conversations';
export type { TapKind } from '../stats/frame-facts';
export type { HierarchyNode } from '../stats/hierarchy';
export type { TreeName } from '../stats/trees';
export type { ExpertTableRow, StatsTreeRow, StatsTreeTable } from '../stats/tree-table';
export type { ChatReport, Conversation, ChatEvent } from '../msn/types';
export type { Operation, OperationKind, OperationSeverity } from '../operations/types';
export type { GroupNode } from '../grouping/grouping';

/** What the capture worker offers the UI, through comlink (src/worker/capture-worker.ts). */
export interface CaptureApi extends GraphsApi {
  /**
   * Reads a whole capture into the packet index; replaces the previous one. With `stored` (what the library kept
   * of an earlier open of the same bytes) the analysis is taken as it is: nothing is parsed, and when it holds
   * Protocol, Info and expert items, nothing is dissected either.
   */
  open(
    file: Blob,
    name: string,
    onProgress: (progress: LoadProgress) => void,
    stored?: StoredAnalysis,
  ): Promise<CaptureSummary>;
  /**
   * The open capture's analysis packed for the library, with the facts the library lists; with `dissected`, once
   * the background pass has filled in Protocol, Info and the expert items too. Undefined when the capture was
   * replaced, failed, or its pass could not finish.
   */
  packedAnalysis(dissected: boolean): Promise<PackedAnalysis | undefined>;
  /** Rows [from, from + count) of the packet list in its current order, clamped to what is indexed. */
  rows(from: number, count: number, timeFormat?: TimeFormat): Promise<RowPage>;
  /**
   * Sorts the displayed packets by a column ('number', 'time', 'source', 'destination', 'protocol', 'length',
   * 'info' or 'field:<name>'; undefined: frame order), in the worker over the index and column tables. Gives
   * the frame number of each row (undefined: every frame in frame order); filter() keeps the sort.
   */
  sort(spec: SortSpec | undefined): Promise<Uint32Array | undefined>;
  /** The Time column's format, which a sort by Time follows; gives the list order as sort() does. */
  setTimeFormat(format: TimeFormat): Promise<Uint32Array | undefined>;
  /** Row of frame `number` as displayed, -1 when it is not. */
  rowOf(number: number): Promise<number>;
  /** The next or previous displayed row from `row` whose frame is marked (or ignored, or a time reference); -1: none. */
  findNoted(kind: NoteKind, row: number, step: 1 | -1): Promise<number>;
  /** Marks, ignores or makes time references of frames (toggles, following the first, when `set` is undefined). */
  annotate(kind: NoteKind, numbers: number[], set?: boolean): Promise<void>;
  /** Replaces a frame's packet comments (none: removes them). */
  setComments(number: number, comments: string[]): Promise<void>;
  /** What the analyst noted on the open capture, and the file's own packet comments, for the library. */
  annotations(): Promise<AnnotationSnapshot>;
  restoreAnnotations(snapshot: AnnotationSnapshot): Promise<void>;
  /**
   * Why each display filter is refused ('' when it compiles), checked here where the application dissectors'
   * fields are registered (the UI thread does not load them).
   */
  checkFilters(texts: string[]): Promise<string[]>;
  /** Colouring rules and field columns; a background pass recomputes them, reporting frames done. */
  configure(config: DerivedConfig, onProgress?: (derived: number) => void): Promise<void>;
  /** Frame `number` (1-based) for the protocol tree and hex view. */
  frame(number: number): Promise<FrameDetail | undefined>;
  /** The conversations frame `number` belongs to that Follow Stream can show (innermost first). */
  streamsOf(number: number): Promise<StreamRef[]>;
  /** How many streams of a kind the capture has, for the stream switcher. */
  streamCount(kind: FollowKind): Promise<number>;
  /** One stream's payload as Follow Stream shows it; undefined when there is no such stream. */
  follow(ref: StreamRef): Promise<FollowedStream | undefined>;
  /** Every expert item of the capture, grouped by message, once the background pass has seen every frame. */
  expertInfo(): Promise<ExpertEntry[]>;
  /**
   * Applies a display filter once the capture is loaded ('' shows every packet); from then on rows() serves only
   * the frames it matches. A filter replaced by a newer one, or by cancelFilter(), resolves as cancelled.
   */
  filter(text: string, onProgress?: (progress: FilterProgress) => void): Promise<FilterOutcome>;
  cancelFilter(): Promise<void>;
  /**
   * MSN Messenger: every switchboard conversation (per TCP stream), notification-server login and presence change
   * (src/msn), computed here in one go when first asked for and kept until the next open.
   */
  chats(): Promise<ChatReport>;
  /** Every protocol Loupe dissects, with the ports and heuristics that find it and its fields (the protocol list). */
  protocols(): Promise<ProtocolEntry[]>;
  /** The files HTTP and FTP carried (File > Export Objects), in capture order (one pass, kept until the next open). */
  exportObjects(onProgress?: (progress: LoadProgress) => void): Promise<ObjectEntry[]>;
  /** One listed object's bytes (decoded as it would be saved); undefined for an unknown id. */
  exportObject(id: number): Promise<Uint8Array | undefined>;
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
  /** What the Export packets dialog offers: how many frames each choice writes, and whether there are TLS secrets. */
  exportChoices(): Promise<ExportChoices>;
  /**
   * The chosen frames as a pcapng file (File > Export Specified Packets), each with its comments; with
   * `tlsSecrets`, the capture's own TLS secrets and the key logs given go first as Decryption Secrets Blocks.
   */
  exportPackets(request: ExportPacketsRequest): Promise<ExportedPackets>;
  /**
   * Statistics > Conversations of one layer (as `loupe stats conv,<kind>`), in order of first frame; with
   * `displayed`, over the frames the display filter shows only (Wireshark's "Limit to display filter"). The
   * first statistic asked for runs one field-mode pass, kept until the next open or Decode As change.
   */
  conversations(
    kind: TapKind,
    displayed?: boolean,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<ConversationRow[]>;
  /** Statistics > Endpoints of one layer, in order of first appearance; `displayed` as for conversations(). */
  endpoints(kind: TapKind, displayed?: boolean, onProgress?: (progress: LoadProgress) => void): Promise<EndpointRow[]>;
  /** Statistics > Protocol Hierarchy; `displayed` as for conversations(). */
  protocolHierarchy(displayed?: boolean, onProgress?: (progress: LoadProgress) => void): Promise<HierarchyNode[]>;
  /**
   * Statistics > Packet Lengths, HTTP (packet counter, requests, load distribution) and DNS: the tree `loupe stats
   * <name>,tree` prints, its cells as printed, each node with the filter selecting its frames; `displayed` as above.
   */
  statsTree(
    name: TreeName,
    displayed?: boolean,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<StatsTreeTable>;
  /** Statistics > Expert: the items as `loupe stats expert` counts them; `displayed` as for conversations(). */
  expertStats(displayed?: boolean, onProgress?: (progress: LoadProgress) => void): Promise<ExpertTableRow[]>;
  /**
   * Operations: requests paired with their responses (DNS, HTTP, HTTP/2, FTP, SMTP, SMB2, MSNP, DHCP, ICMP echo),
   * by request frame; with `displayed`, those whose request or response the display filter shows. One field-mode
   * pass, kept until the next open, Decode As or TLS keys change.
   */
  operations(
    displayed?: boolean,
    onProgress?: (progress: LoadProgress) => void,
    /** The operations found so far, while the frames that can make them are analysed (a first screen fast). */
    onPartial?: (progress: OperationsProgress) => void,
  ): Promise<Operation[]>;
  /**
   * Grouping: the packets (the displayed ones with `displayed`, the default) nested by `fields` (filter field
   * names, or "conversation"), with packets, bytes and time span per group.
   */
  grouping(
    fields: string[],
    displayed?: boolean,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<GroupingOutcome>;
  /** The display filter selecting exactly a group's packets (of the last grouping), under `displayFilter`. */
  groupFilter(id: number, displayFilter?: string): Promise<GroupFilter | undefined>;
  /**
   * Adds a TLS key file (NSS key log, PEM or PKCS#12 RSA key): when it holds keys, the capture is dissected again
   * with them (Protocol and Info, `onProgress` telling how far; apply the display filter again after it). Keys stay
   * in the worker's memory.
   */
  addTlsKey(file: TlsKeyFile, onProgress?: (progress: LoadProgress) => void): Promise<TlsKeyOutcome>;
  /** Drops a key file by name and dissects again without it. */
  removeTlsKey(name: string, onProgress?: (progress: LoadProgress) => void): Promise<void>;
  /** Replaces every TLS key (the library's kept ones, before open()); a capture open is dissected again. */
  setTlsKeys(files: TlsKeyFile[], onProgress?: (progress: LoadProgress) => void): Promise<TlsKeyOutcome[]>;
  /** The key files in use. */
  tlsKeyEntries(): Promise<TlsKeyEntry[]>;
  /** The key files as given, to keep with the capture when the user asks. */
  tlsKeyFiles(): Promise<TlsKeyFile[]>;
  /** Each TLS conversation and how its decryption went (one pass, kept until keys or Decode As change). */
  tlsSessions(onProgress?: (progress: LoadProgress) => void): Promise<TlsSessionRow[]>;
}

/** Which frames to export: those displayed, the marked ones among them, or the displayed ones in a frame number range. */
export type ExportSelection =
  { kind: 'displayed' } | { kind: 'marked' } | { kind: 'range'; first: number; last: number };

export interface ExportChoices {
  displayed: number;
  /** Marked frames among the displayed. */
  marked: number;
  /** The capture carries TLS key log secrets (pcapng Decryption Secrets Blocks). */
  hasTlsSecrets: boolean;
}

export interface ExportPacketsRequest {
  selection: ExportSelection;
  tlsSecrets: boolean;
  /** NSS key log files' text, written as secrets when `tlsSecrets`. */
  keyLogs?: Uint8Array[];
}

export interface ExportedPackets {
  file: Blob;
  written: number;
  /** NetMon's own records, which pcapng cannot carry. */
  skipped: number;
}

/** A file a protocol carried, as Export Objects lists it. */
export interface ObjectEntry {
  id: number;
  /** 'http' or 'ftp-data' (tshark's --export-objects names). */
  protocol: string;
  /** The frame that completed it. */
  frame: number;
  hostname: string;
  contentType: string;
  size: number;
  /** The name it is saved under, as `loupe export-objects` (and tshark) would write it. */
  filename: string;
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

/**
 * Operations found so far: `analysed` of the `total` frames that can make operations are done; `operations` is left
 * out when it is what the last report gave (only the count moved).
 */
export interface OperationsProgress {
  operations?: Operation[];
  analysed: number;
  total: number;
}

export interface LoadProgress {
  bytesRead: number;
  bytesTotal: number;
  frames: number;
  /** While opening: frames whose Protocol and Info the background dissection pass has filled in (it goes on
   * reporting after open() returns, until it is through). */
  dissected?: number;
  /** Frames whose colour and field columns that pass has computed. */
  derived?: number;
}

/** Packet list rows: numeric columns as typed arrays (transferred), decoded columns as strings. */
export interface RowPage {
  from: number;
  count: number;
  /** Frame number of each row (in the list's order: a display filter leaves gaps, a sort permutes). */
  numbers: Uint32Array;
  /** The Time column in the format asked for ('*REF*' for a time reference). */
  times: string[];
  length: Uint32Array;
  flags: Uint32Array;
  /** Marked, ignored, time reference and commented bits (present/annotations.ts Note). */
  notes: Uint8Array;
  /** Frames below this one (by frame index) have their final Protocol and Info; later ones a provisional single-frame guess. */
  dissected: number;
  /** Frames below this one have their final colour and field columns; later ones a guess from a lone decode. */
  derived: number;
  /** Index of the colouring rule each row matches first; -1 for none. */
  colours: Int16Array;
  summaries: PacketSummary[];
  /** The field columns' texts, per row, as tshark -T fields prints them. */
  fields: string[][];
}

/**
 * What Follow Stream can follow. Each kind is a source in the worker (capture-session.ts): TLS or HTTP
 * streams plug in as further kinds.
 */
export type FollowKind = StreamProtocol | 'tls';

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

/** What applying a display filter came to. */
export type GroupingOutcome =
  | { kind: 'grouped'; groups: GroupNode[]; packets: number }
  /** An unknown field, or none chosen. */
  | { kind: 'invalid'; message: string };

/** A group's display filter; `exact` unless it was too large to check or to list by frame number. */
export interface GroupFilter {
  filter: string;
  exact: boolean;
  packets: number;
}

export type FilterOutcome =
  /** `frames`: the matching frame numbers, ascending; undefined when the filter is empty (every frame shows). */
  | { kind: 'applied'; frames: Uint32Array | undefined }
  /** The compiler's refusal, with the span of the text it is about. */
  | { kind: 'invalid'; message: string; start: number; length: number }
  /** A newer filter (or cancelFilter) replaced this one before it finished. */
  | { kind: 'cancelled' };

/** What the packet list derives from each frame's full dissection besides Protocol and Info. */
export interface DerivedConfig {
  /** Colouring rules, in order (the first match colours the row). */
  rules: ColourRule[];
  /** Fields shown as columns ("Apply as column"), by filter name. */
  fields: string[];
}

/** The packet list's sort: a column id ('number', 'time', ..., or 'field:<name>') and its direction. */
export interface SortSpec {
  column: string;
  descending: boolean;
}
