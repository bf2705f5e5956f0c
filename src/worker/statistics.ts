import type { Core } from '../core/core';
import { dissectFrames, type DissectedFrame } from '../passes/dissect-frames';
import { addFrame, FrameFacts, type TapKind } from '../stats/frame-facts';
import { conversations, endpoints, type ConversationRow, type EndpointRow } from '../stats/conversations';
import { protocolHierarchy, type HierarchyNode } from '../stats/hierarchy';
import { AppFacts } from '../stats/app-facts';
import { ExpertFacts, expertRows } from '../stats/expert-stats';
import { statsTree, type TreeName } from '../stats/trees';
import { expertTable, treeTable, type ExpertTableRow, type StatsTreeTable } from '../stats/tree-table';
import type { LoadProgress } from '../api/capture-api';
import type { SessionContext } from './capture-state';
import { indexTaps, type DecodedTaps, type IndexTapTable } from '../stats/index-taps';

/**
 * Wireshark's statistics over the frame facts of one field-mode pass on a core of its own, made when first asked
 * for and kept until the next open or Decode As; `displayed` limits them to the display filter's frames.
 */
/** Bytes the statistics pass reads at a time (as the background passes do): a few milliseconds of dissection. */
const STATS_CHUNK = 256 << 10;

/** What the one statistics pass gathers: every frame's facts, the messages the trees count, the expert items. */
interface Gathered {
  facts: FrameFacts;
  app: AppFacts;
  expert: ExpertFacts;
}

export class Statistics {
  private facts?: Promise<Gathered>;
  private factsCore?: Promise<Core>;
  private factsQueue: Promise<unknown> = Promise.resolve();
  /** Conversations and endpoints: each layer's taps from the index (stats/index-taps.ts), made when first asked. */
  private tapTables = new Map<TapKind, Promise<IndexTapTable>>();
  /** The taps of the frames the index cannot place, decoded once for every layer's table. */
  private decodedTaps: DecodedTaps = new Map();
  private tapsCore?: Promise<Core>;
  private tapsQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: SessionContext) {}

  /** New capture or Decode As rules: the facts are gathered again when next asked for. */
  reset(): void {
    this.facts = undefined;
    this.tapTables = new Map();
    this.decodedTaps = new Map();
  }

  async conversations(
    kind: TapKind,
    displayed = false,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<ConversationRow[]> {
    const table = await this.tapTable(kind, onProgress);
    return conversations(table, kind, displayed ? this.ctx.capture.filtered : undefined);
  }

  async endpoints(
    kind: TapKind,
    displayed = false,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<EndpointRow[]> {
    const table = await this.tapTable(kind, onProgress);
    return endpoints(table, kind, displayed ? this.ctx.capture.filtered : undefined);
  }

  async protocolHierarchy(displayed = false, onProgress?: (progress: LoadProgress) => void): Promise<HierarchyNode[]> {
    const { facts } = await this.frameFacts(onProgress);
    return protocolHierarchy(facts, displayed ? this.ctx.capture.filtered : undefined);
  }

  /** A statistics tree (plen, http, http_req, http_srv, dns), as `loupe stats <name>,tree` counts it. */
  async statsTree(
    name: TreeName,
    displayed = false,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<StatsTreeTable> {
    const { facts, app } = await this.frameFacts(onProgress);
    return treeTable(statsTree(name, facts, app, displayed ? this.ctx.capture.filtered : undefined));
  }

  /** The expert items counted as `loupe stats expert` counts them. */
  async expertStats(displayed = false, onProgress?: (progress: LoadProgress) => void): Promise<ExpertTableRow[]> {
    const { facts, expert } = await this.frameFacts(onProgress);
    return expertTable(expertRows(expert, facts, displayed ? this.ctx.capture.filtered : undefined));
  }

  /**
   * One layer's taps from the index, kept until the next open: the columns and a few header bytes, and a pass over
   * the file only when some frames need decoding (tunnels, fragments), which the user waits on (urgently).
   */
  private async tapTable(kind: TapKind, onProgress?: (progress: LoadProgress) => void): Promise<IndexTapTable> {
    await this.ctx.capture.loading.catch(() => {});
    let table = this.tapTables.get(kind);
    if (!table) {
      const { blob, index, signal } = this.ctx.capture;
      const decoded = this.decodedTaps;
      const tables = this.tapTables;
      const frames = index.count;
      const core = () => (this.tapsCore ??= this.ctx.newCore());
      table = this.tapsQueue.then(() =>
        this.ctx.urgently(() =>
          indexTaps(core, blob, index, kind, decoded, {
            signal,
            onProgress: (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames, dissected: 0 }),
          }),
        ),
      );
      tables.set(kind, table);
      this.tapsQueue = table.catch(() => {});
      // A failed or superseded table is made again when next asked for.
      table.catch(() => tables.get(kind) === table && tables.delete(kind));
    }
    return table;
  }

  /** Every frame's statistics facts, from one field-mode pass kept until the next open or Decode As change. */
  private async frameFacts(onProgress?: (progress: LoadProgress) => void): Promise<Gathered> {
    await this.ctx.capture.loading.catch(() => {});
    if (!this.facts) {
      const core = (this.factsCore ??= this.ctx.newCore());
      const { blob, index } = this.ctx.capture;
      const settings = this.ctx.settings;
      const frames = index.count;
      // One core, one pass at a time: a pass over the previous capture finishes before this one starts.
      this.facts = this.factsQueue.then(async () => {
        const facts = new FrameFacts();
        const app = new AppFacts();
        const expert = new ExpertFacts();
        const add = (frame: DissectedFrame) => {
          const index = facts.count;
          addFrame(facts, frame);
          app.add(index, frame.app.items);
          expert.add(index, frame.input, frame.app.items);
        };
        // Read a little at a time: the worker answers the list, the IO graph and the tree between reads.
        await dissectFrames(await core, blob, add, {
          chunkBytes: STATS_CHUNK,
          pause: this.ctx.backgroundPause,
          settings,
          tls: this.ctx.tlsKeys.decryption(),
          onProgress: (bytesRead, bytesTotal) =>
            onProgress?.({ bytesRead, bytesTotal, frames, dissected: facts.count }),
        });
        return { facts, app, expert };
      });
      this.factsQueue = this.facts.catch(() => {});
    }
    return this.facts;
  }
}
