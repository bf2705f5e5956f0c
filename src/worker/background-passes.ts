import type { Core } from '../core/core';
import { dissectFrames } from '../passes/dissect-frames';
import { OperationsBuilder } from '../operations/pairing';
import type { Operation } from '../operations/types';
import { CONVERSATION, GroupingFacts } from '../grouping/grouping';
import { DEFAULT_RULES } from '../present/colouring';
import { loadTablesForFields } from '../vendors/load';
import type { DerivedConfig, ExpertEntry, LoadProgress } from '../api/capture-api';
import type { CaptureState, SessionContext } from './capture-state';
import { ColumnTable } from './column-table';
import { DerivedColumns } from './derived-columns';
import { ExpertItems } from './expert-items';
import { loadTablesForFilter } from './filter-tables';
import { protocolInfoPass } from './protocol-info-pass';

/**
 * The background passes read this much at a time: their per-frame work is heavy, and the worker answers the list
 * only between reads (~20 ms of dissection in a browser at this size).
 */
const DERIVED_CHUNK = 64 << 10;
/**
 * The Protocol/Info pass reads this much at a time: it is some four times as fast per packet as the colours' pass,
 * so a read takes it about as long (each costs a trip to the file, which counts at small sizes).
 */
const COLUMNS_CHUNK = 256 << 10;
/** The Protocol/Info pass reports how far it is at most this often. */
const PROGRESS_EVERY_MS = 200;

/**
 * The passes that fill the packet list's columns after the index: every frame's Protocol and Info into a compact
 * table with the expert items (not beside the ingest: far slower per byte, it would pace the index), then colours
 * and field columns in a pass of their own. A pass replaced (new capture, Decode As, new configuration) is aborted.
 */
export class BackgroundPasses {
  columns = new ColumnTable();
  expert = new ExpertItems();
  /** The Protocol and Info pass under way, or done. */
  dissecting: Promise<unknown> = Promise.resolve();
  derived = new DerivedColumns({ rules: DEFAULT_RULES.map((r) => ({ ...r })), fields: [] });
  private columnsPass = new AbortController();
  private derivedPass = new AbortController();
  private derivedCore?: Promise<Core>;
  private derivedQueue: Promise<unknown> = Promise.resolve();
  private onDerived?: (derived: number) => void;
  /** The operations the Protocol and Info pass paired, once it has seen every frame (see pairedOperations()). */
  private operations?: OperationsBuilder;
  /** Each frame's conversation, time and length as Grouping keeps them, from the same pass (see passGrouping()). */
  private grouping?: GroupingFacts;

  constructor(private readonly ctx: SessionContext) {}

  /** A new capture is coming: the running passes stop. */
  stop(): void {
    this.columnsPass.abort();
    this.derivedPass.abort();
  }

  /**
   * Starts the passes for a capture just opened, once `indexed` resolves; with `stored` columns and expert items
   * (a capture reopened from the library) Protocol and Info are taken as they are.
   */
  start(
    capture: CaptureState,
    indexed: Promise<void>,
    onProgress: () => void,
    stored?: { columns: ColumnTable; expert: ExpertItems },
  ): void {
    this.columnsPass = new AbortController();
    this.columns = stored?.columns ?? new ColumnTable();
    this.expert = stored?.expert ?? new ExpertItems();
    this.operations = undefined;
    this.grouping = undefined;
    const signal = AbortSignal.any([capture.signal, this.columnsPass.signal]);
    this.dissecting = stored
      ? Promise.resolve()
      : indexed.then(() => {
          if (signal.aborted) return;
          return this.fillColumns(capture, signal, () => {
            if (!capture.signal.aborted) onProgress();
          });
        });
    // Its failure shows as rows that stay provisional, and rejects columnsFilled(); nothing else waits on it.
    this.dissecting.catch(() => {});
    // Colours and field columns come in a pass of their own once Protocol and Info are in, so the first pass
    // (and the worker's answers while it runs) stay as quick as they can be.
    this.restartDerived({ rules: this.derived.config.rules, fields: [] }, this.dissecting);
  }

  /**
   * Decode As changed: Protocol and Info are dissected again from the start, after the pass they replace has
   * stopped (`onRestart` then drops what other passes made under the old settings), and the colours after them.
   */
  async redissect(onProgress: ((progress: LoadProgress) => void) | undefined, onRestart: () => void): Promise<void> {
    const capture = this.ctx.capture;
    const previous = this.dissecting;
    this.columnsPass.abort();
    const pass = new AbortController();
    this.columnsPass = pass;
    const columns = (this.columns = new ColumnTable());
    const signal = AbortSignal.any([capture.signal, pass.signal]);
    // Set at once, so whoever waits for the dissection waits for this pass, not the one it replaces.
    const run = (this.dissecting = previous
      .catch(() => {})
      .then(() => {
        if (signal.aborted) return;
        this.expert = new ExpertItems();
        this.operations = undefined;
        this.grouping = undefined;
        onRestart();
        const size = capture.blob.size;
        return this.fillColumns(capture, signal, () => {
          if (!signal.aborted)
            onProgress?.({ bytesRead: size, bytesTotal: size, frames: capture.index.count, dissected: columns.count });
        });
      }));
    run.catch(() => {});
    await previous.catch(() => {});
    if (signal.aborted) return;
    // Colours and field columns read application fields too.
    this.restartDerived(structuredClone(this.derived.config), this.dissecting);
  }

  /** Resolves when the Protocol and Info pass has filled in every frame. */
  async columnsFilled(): Promise<void> {
    await this.ctx.capture.loading;
    await this.dissecting;
  }

  /** Every expert item of the capture, grouped by message, once the pass has seen every frame. */
  async expertInfo(): Promise<ExpertEntry[]> {
    const expert = this.expert;
    await this.ctx.capture.loading.catch(() => {});
    await this.dissecting;
    return expert.list();
  }

  /**
   * The operations (requests paired with responses) of the Protocol and Info pass, which dissects every frame
   * anyway; undefined when it did not run to the end (a capture reopened from the library, a pass replaced).
   */
  async pairedOperations(): Promise<Operation[] | undefined> {
    await this.ctx.capture.loading.catch(() => {});
    await this.dissecting.catch(() => {});
    return this.operations?.operations();
  }

  /** The operations the Protocol and Info pass paired, if it has already seen every frame (undefined otherwise). */
  operationsIfPaired(): Operation[] | undefined {
    return this.operations?.operations();
  }

  /**
   * Every frame's conversation (with its time and length) as the Protocol and Info pass saw it, for a grouping by
   * conversation and the list's columns; undefined when that pass did not run to the end.
   */
  async passGrouping(): Promise<GroupingFacts | undefined> {
    await this.ctx.capture.loading.catch(() => {});
    await this.dissecting.catch(() => {});
    return this.grouping;
  }

  /**
   * New colouring rules or field columns: a field-mode pass recomputes them for every frame (rows it has not
   * reached get a guess from a lone decode), reporting how many frames are final.
   */
  async configure(config: DerivedConfig, onProgress?: (derived: number) => void): Promise<void> {
    this.onDerived = onProgress;
    if (JSON.stringify(config) === JSON.stringify(this.derived.config)) {
      onProgress?.(this.derived.count);
      return;
    }
    const derived = this.replaceDerived(structuredClone(config));
    await Promise.all([
      loadTablesForFields(derived.ids),
      ...config.rules.map((rule) => loadTablesForFilter(rule.filter)),
    ]);
    this.startDerived(derived, this.derivedPass.signal, this.ctx.capture.loading);
  }

  /** Resolves when every frame has its colour and field columns under the current configuration. */
  async derivedFilled(): Promise<void> {
    await this.ctx.capture.loading.catch(() => {});
    await this.dissecting.catch(() => {});
    await this.derivedQueue;
  }

  private replaceDerived(config: DerivedConfig): DerivedColumns {
    this.derivedPass.abort();
    this.derivedPass = new AbortController();
    return (this.derived = new DerivedColumns(config));
  }

  private restartDerived(config: DerivedConfig, after: Promise<unknown>): void {
    this.startDerived(this.replaceDerived(config), this.derivedPass.signal, after);
  }

  /** Fills `derived` in a field-mode pass of its own, after `after` and any earlier such pass. */
  private startDerived(derived: DerivedColumns, signal: AbortSignal, after: Promise<unknown>): void {
    const core = (this.derivedCore ??= this.ctx.newCore());
    const run = Promise.all([this.derivedQueue, after.catch(() => {})]).then(async () => {
      if (signal.aborted) return;
      const { blob, notes } = this.ctx.capture;
      let reported = 0;
      await dissectFrames(
        await core,
        blob,
        (frame) => {
          if (derived.count === frame.number - 1) derived.push(frame, notes);
        },
        {
          chunkBytes: DERIVED_CHUNK,
          settings: this.ctx.settings,
          tls: this.ctx.tlsKeys.decryption(),
          pause: this.ctx.backgroundPause,
          signal,
          // Reported a few times a second: each report makes the list fetch the rows it shows again.
          onProgress: () => {
            if (performance.now() - reported < 250) return;
            reported = performance.now();
            this.onDerived?.(derived.count);
          },
        },
      );
      if (!signal.aborted) this.onDerived?.(derived.count);
    });
    this.derivedQueue = run.catch(() => {});
  }

  /** Every frame's Protocol and Info into the column table, and its expert items. */
  private async fillColumns(capture: CaptureState, signal: AbortSignal, onProgress: () => void): Promise<void> {
    const columns = this.columns;
    const expert = this.expert;
    let reported = 0;
    const operations = new OperationsBuilder();
    const grouping = new GroupingFacts([CONVERSATION]);
    await protocolInfoPass(
      this.ctx.cores.pass,
      capture.blob,
      { columns, expert, operations, grouping },
      {
        // A few times a second: each report redraws the status bar and may make the list fetch its rows again.
        onProgress: () => {
          if (performance.now() - reported < PROGRESS_EVERY_MS) return;
          reported = performance.now();
          onProgress();
        },
        settings: this.ctx.settings,
        tls: this.ctx.tlsKeys.decryption(),
        chunkBytes: COLUMNS_CHUNK,
        pause: this.ctx.backgroundPause,
        signal,
      },
    );
    if (signal.aborted) return;
    this.operations = operations;
    this.grouping = grouping;
    onProgress();
  }
}
