import { untrack } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import type {
  ChatReport,
  ExpertEntry,
  FollowKind,
  FrameDetail,
  IoSeriesSpec,
  ObjectEntry,
  StreamRef,
  TapKind,
  TlsKeyFile,
  TlsKeyOutcome,
} from '../../api/capture-api';
import type { CaptureSummary, PackedAnalysis } from '../../api/analysis';
import type { FollowMode } from '../follow/follow-text';
import type { StatisticsTab } from '../statistics/stat-tables';
import { defaultGraphChoices, type GraphChoices } from '../graphs/graph-choices';
import type { DissectionSettings } from '../../dissectors/decode-as';
import type { LoadedCapture, PendingCapture } from '../../store/library';
import { summaryFacts } from '../../store/metadata';
import type { TreeNode } from '../../present/tree';
import { DisplayFilter } from '../filter-bar/display-filter.svelte';
import type { LibraryState } from '../library/library.svelte';
import { PacketListState } from '../packet-list/packet-list.svelte';
import type { ListPreferences } from '../packet-list/list-preferences.svelte';
import type { Capture } from './capture.svelte';
import type { TabItem } from './tabs.svelte';

/** The tool views a capture can open beside its packets; CaptureView lists how each is shown. */
export type ToolId = 'follow' | 'expert' | 'objects' | 'statistics' | 'chats' | 'tcp-graphs' | 'flow';

let lastId = 0;

/** How long a protocol tree may take before the view says it is being dissected (most take milliseconds). */
const TREE_PENDING_AFTER_MS = 300;

/**
 * One open capture and everything the analyst has done with it: its own worker, display filter, list settings,
 * selected packet and its dissection, the tree's open lines, the list's scroll position and the open tool views.
 * It lives as long as its tab, shown or not, so switching tabs shows it again exactly as it was, at once.
 * A kept capture's library writes go one after another, in the order made (`store`): listed, then its analysis,
 * its Decode As settings before the capture is dissected under them.
 */

export class CaptureTab implements TabItem {
  readonly id = ++lastId;
  readonly capture: Capture;
  readonly filter: DisplayFilter;
  readonly list: PacketListState;
  private readonly library: LibraryState;
  /** The capture's library id, where its notes and Decode As settings are kept; undefined when it is not kept. */
  libraryId = $state<string>();

  /** Selected row, 0-based, and that packet's dissection. */
  selected = $state<number>();
  detail = $state.raw<FrameDetail>();
  /** The selected packet whose tree is still being dissected, once that takes long enough to say so. */
  treePending = $state<number>();
  /** The selected field of the tree, and which of its lines are open (by field path). */
  field = $state.raw<TreeNode>();
  fieldPath = $state<string>();
  readonly expanded = new SvelteSet<string>();
  /** The packet list's scroll offset, kept while the tab is hidden. */
  listScroll = $state(0);

  /** The TLS keys dialog is open; key files dropped or pasted on the capture wait here for it to read them. */
  tlsKeysOpen = $state(false);
  givenTlsKeys = $state.raw<TlsKeyFile[]>([]);

  /** Open tool views, in the order opened, and the one shown ('' for none, or a view the app adds to all tabs). */
  tools = $state<ToolId[]>([]);
  activeTool = $state('');
  following = $state.raw<StreamRef>();
  followCount = $state(0);
  expert = $state.raw<ExpertEntry[]>();
  objects = $state.raw<ObjectEntry[]>();
  chats = $state.raw<ChatReport>();
  /** The tool views' choices, kept here: a view is made anew each time its tab is shown again. */
  followChoices = $state<{ mode: FollowMode; needle: string }>({ mode: 'ascii', needle: '' });
  objectsChoices = $state({ protocol: 'http', text: '' });
  chatsChoices = $state<{ conversation: number; tab: 'chats' | 'timeline'; needle: string }>({
    conversation: 0,
    tab: 'chats',
    needle: '',
  });
  /** The TCP stream graphs' and the flow diagram's choices. */
  graphChoices = $state<GraphChoices>(defaultGraphChoices());
  statisticsChoices = $state<{
    tab: StatisticsTab;
    kind: TapKind;
    limit: boolean;
    intervalUs: number;
    ioSeries: IoSeriesSpec[];
  }>({
    tab: 'conversations',
    kind: 'ip',
    limit: false,
    intervalUs: 1_000_000,
    ioSeries: [{ filter: '', metric: 'packets' }],
  });

  private readonly stopEffects: () => void;
  private importing?: Promise<PendingCapture | undefined>;
  /** The import is (being) listed in the library: closing the tab no longer drops it. */
  private imported = false;
  /** The library writes for this capture, chained. */
  private storing: Promise<unknown> = Promise.resolve();
  /** The analysis without dissection (the packet index, which no Decode As setting changes), once packed. */
  private indexOnly?: PackedAnalysis;

  /** `capture`: a fresh one, this tab's alone (its worker ends with the tab). */
  constructor(capture: Capture, library: LibraryState, preferences: ListPreferences) {
    this.capture = capture;
    this.library = library;
    this.filter = new DisplayFilter(capture);
    this.list = new PacketListState(capture, this.filter, library, preferences);
    this.stopEffects = $effect.root(() => {
      // Rows are renumbered when the filter or the sort changes: the selected packet stays selected if shown.
      $effect.pre(() => {
        void this.filter.generation;
        untrack(() => {
          const row = this.detail ? this.filter.rowOf(this.detail.number, this.capture.frames) : -1;
          this.selected = row >= 0 ? row : undefined;
        });
      });
      $effect(() => {
        // Notes (a comment, ignoring) change what the tree shows of the same packet.
        void this.list.refresh;
        void this.capture.revision; // Decode As: the tree is dissected again
        const row = this.selected;
        if (row === undefined) {
          this.detail = undefined;
          this.treePending = undefined;
          return;
        }
        let current = true;
        const number = this.filter.numberOf(row);
        // Most trees come in milliseconds; one that depends on a long conversation says so while it is made.
        const slow = setTimeout(() => current && (this.treePending = number), TREE_PENDING_AFTER_MS);
        void this.capture.api
          .frame(number)
          .then((d) => {
            if (!current) return;
            this.detail = d;
            this.treePending = undefined;
          })
          .finally(() => clearTimeout(slow));
        return () => {
          current = false;
          clearTimeout(slow);
        };
      });
    });
  }

  /** Packets the list shows: all of them until a display filter narrows them. */
  get displayed(): number {
    return this.filter.displayed(this.capture.frames);
  }

  /** The capture's name, as its tab shows it. */
  get name(): string {
    return this.capture.name;
  }

  /**
   * Opens a capture and keeps it in the library: bytes written while it is indexed, listed once indexed, then its
   * packet index stored, and its Protocol, Info and expert items when the background pass is through. A capture of
   * one stored chunk (up to 16 MB, written in milliseconds) or whose bytes are all written by the time it is
   * indexed is listed before it is shown, so a reload the moment it shows finds it; a larger one is shown first and
   * listed once its bytes are written.
   */
  async openFile(file: Blob, name: string): Promise<void> {
    const importing = this.library.begin(file, name);
    this.importing = importing;
    let listing: Promise<string | undefined> | undefined;
    await this.capture.open(file, name, undefined, undefined, async (summary) => {
      const pending = await importing;
      if (!pending || (!pending.complete && pending.chunks > 1)) return;
      listing = this.listInLibrary(summary);
      await listing;
    });
    listing ??= this.listInLibrary(this.capture.state === 'ready' ? this.capture.summary : undefined);
    void this.list.opened((await importing)?.id);
    const id = await listing;
    if (!id) return;
    await this.storeAnalysis(id, false);
    await this.storeAnalysis(id, true);
    // Keys kept while it was being listed go in now, with the analysis made with them.
    if (this.capture.tlsKeysKept) await this.storeTlsKeys();
  }

  /** Reopens a stored capture with its stored analysis: nothing is parsed again, and dissected only once. */
  async openStored(id: string, stored: LoadedCapture): Promise<void> {
    this.libraryId = id;
    await this.capture.open(
      stored.file,
      stored.entry.name,
      stored.analysis,
      stored.entry.dissection,
      undefined,
      stored.entry.tlsKeys,
    );
    void this.list.opened(id);
    // A capture listed just before the page went away has no analysis yet: it was parsed again, and is stored now.
    if (!stored.analysis) await this.storeAnalysis(id, false);
    if (!stored.dissected) await this.storeAnalysis(id, true);
  }

  /** Runs the library writes for this capture one after another, in the order asked. */
  private store<T>(write: () => Promise<T>): Promise<T> {
    const next = this.storing.then(write);
    this.storing = next.catch(() => {});
    return next;
  }

  /** Lists the import (undefined summary: the file could not be read, so its bytes are dropped); its library id. */
  private listInLibrary(summary: CaptureSummary | undefined): Promise<string | undefined> {
    const importing = this.importing;
    this.imported = true;
    const readable = summary && !(summary.problem?.fatal && summary.frames === 0);
    return this.store(async () => {
      const pending = await importing;
      const id = await this.library.finish(
        pending,
        readable ? summaryFacts(summary) : undefined,
        $state.snapshot(this.capture.dissection),
      );
      this.libraryId = id;
      return id;
    });
  }

  /**
   * Stores the capture's analysis (`dissected`: with Protocol, Info and expert items, once the background pass is
   * through), unless its dissection changes meanwhile: the store keeps only an analysis made under the settings
   * the capture is kept with.
   */
  private async storeAnalysis(id: string, dissected: boolean): Promise<void> {
    const madeUnder = $state.snapshot(this.capture.dissection);
    const analysis = await this.capture.packedAnalysis(dissected);
    if (!analysis) return;
    if (!dissected) this.indexOnly = analysis;
    await this.store(() => this.library.storeAnalysis(id, analysis, madeUnder));
  }

  async openDemo(): Promise<void> {
    await this.capture.openDemo();
    await this.list.opened(undefined);
  }

  /** The capture was deleted from the library while open: it stays open, and nothing more is written for it. */
  forgetLibraryEntry(): void {
    this.libraryId = undefined;
    this.list.forgetLibraryEntry();
  }

  /** Ends the capture's worker; an import still under way is dropped from the library, not left half written. */
  dispose(): void {
    this.stopEffects();
    this.capture.dispose();
    if (this.importing && !this.imported) {
      const importing = this.importing;
      void this.store(async () => this.library.finish(await importing, undefined));
    }
  }

  /** Shows tool view `id`, opening it first. */
  showTool(id: ToolId): void {
    if (!this.tools.includes(id)) this.tools.push(id);
    this.activeTool = id;
  }

  closeTool(id: ToolId): void {
    this.tools = this.tools.filter((t) => t !== id);
    if (id === 'follow') this.following = undefined;
    if (this.activeTool === id) this.activeTool = this.tools.at(-1) ?? '';
  }

  async follow(ref: StreamRef): Promise<void> {
    this.following = ref;
    this.showTool('follow');
    this.followCount = await this.capture.api.streamCount(ref.kind);
  }

  /** Follows the selected packet's stream of a kind; does nothing for a packet without one. */
  async followSelected(kind: FollowKind): Promise<void> {
    if (this.selected === undefined) return;
    const ref = (await this.capture.api.streamsOf(this.filter.numberOf(this.selected))).find((r) => r.kind === kind);
    if (ref) await this.follow(ref);
  }

  openExpert(): void {
    this.showTool('expert');
    if (!this.expert) void this.loadExpert();
  }

  openObjects(): void {
    this.showTool('objects');
    if (!this.objects) void this.loadObjects();
  }

  /** MSN Messenger chats: reconstructed in the worker once, then kept with the tab. */
  openChats(): void {
    this.showTool('chats');
    if (!this.chats) void this.loadChats();
  }

  private async loadChats(): Promise<void> {
    await this.capture.indexed;
    const generation = this.capture.generation;
    const report = await this.capture.api.chats();
    if (generation === this.capture.generation) this.chats = report;
  }

  /** TCP stream graphs of the selected packet's TCP stream (the one last shown when it has none). */
  async openTcpGraphs(): Promise<void> {
    const stream = await this.selectedStream('tcp');
    if (stream !== undefined) this.graphChoices.tcpStream = stream;
    this.graphChoices.tcpStreamCount = await this.capture.api.streamCount('tcp');
    this.showTool('tcp-graphs');
  }

  /** The flow diagram of the displayed packets, or of the selected conversation when one was chosen. */
  openFlow(): void {
    this.showTool('flow');
  }

  /** The selected packet's stream of a kind (its innermost), if it has one. */
  async selectedStream(kind: 'tcp' | 'udp'): Promise<number | undefined> {
    if (this.selected === undefined) return undefined;
    const refs = await this.capture.api.streamsOf(this.filter.numberOf(this.selected));
    return refs.find((r) => r.kind === kind)?.stream;
  }

  /** Statistics (conversations, endpoints, protocol hierarchy, IO graph): the view asks the worker itself. */
  openStatistics(): void {
    this.showTool('statistics');
  }

  private async loadExpert(): Promise<void> {
    await this.capture.indexed;
    const revision = this.capture.revision;
    const entries = await this.capture.api.expertInfo();
    if (revision === this.capture.revision) this.expert = entries;
  }

  private async loadObjects(): Promise<void> {
    await this.capture.indexed;
    const revision = this.capture.revision;
    const entries = await this.capture.api.exportObjects();
    if (revision === this.capture.revision) this.objects = entries;
  }

  /**
   * Dissects the capture again under Decode As settings and refilters. A kept capture keeps the settings first, so
   * from the moment it shows the new dissection a reload brings it back so; then the analysis made under them.
   */
  async applyDecodeAs(settings: DissectionSettings): Promise<void> {
    const snapshot = $state.snapshot(settings);
    const kept = this.store(async () => {
      if (this.libraryId) await this.library.setDissection(this.libraryId, snapshot, this.indexOnly);
    });
    // An import still being written is listed first, then kept with these settings; the capture need not wait.
    if (this.libraryId) await kept;
    await this.capture.setDissection(settings);
    this.redissected();
    const id = this.libraryId;
    if (!id) return;
    if (!this.indexOnly) await this.storeAnalysis(id, false);
    await this.storeAnalysis(id, true);
  }

  /** The capture was dissected again: the display filter is applied again, expert items and objects found again. */
  private redissected(): void {
    if (this.filter.applied) void this.filter.apply(this.filter.applied);
    this.expert = undefined;
    this.objects = undefined;
    if (this.tools.includes('expert')) void this.loadExpert();
    if (this.tools.includes('objects')) void this.loadObjects();
  }

  /** Key files dropped or pasted on the capture: the TLS keys dialog opens and reads them, saying what they held. */
  giveTlsKeys(files: TlsKeyFile[]): void {
    this.givenTlsKeys = [...this.givenTlsKeys, ...files];
    this.tlsKeysOpen = true;
  }

  /** Adds a TLS key file (dropped, pasted or picked); when it holds keys the capture is dissected again with them. */
  async addTlsKey(file: TlsKeyFile): Promise<TlsKeyOutcome> {
    const outcome = await this.capture.addTlsKey(file);
    if (outcome.kind === 'keylog' || outcome.kind === 'rsa') {
      this.redissected();
      await this.storeTlsKeys();
    }
    return outcome;
  }

  async removeTlsKey(name: string): Promise<void> {
    await this.capture.removeTlsKey(name);
    this.redissected();
    await this.storeTlsKeys();
  }

  /** "Keep keys with this capture": the key files go into the library with it, or out of it. */
  async keepTlsKeys(keep: boolean): Promise<void> {
    this.capture.tlsKeysKept = keep;
    await this.storeTlsKeys();
  }

  /**
   * Writes the kept keys (or their absence) to the library with the analysis before dissection; the dissected one
   * follows only when it matches what a reopen would show (keys kept, or none).
   */
  private async storeTlsKeys(): Promise<void> {
    const id = this.libraryId;
    if (!id) return;
    const files = this.capture.tlsKeysKept ? await this.capture.api.tlsKeyFiles() : undefined;
    await this.store(() => this.library.setTlsKeys(id, files, this.indexOnly));
    if (!this.indexOnly) await this.storeAnalysis(id, false);
    await this.storeAnalysis(id, true);
  }
}
