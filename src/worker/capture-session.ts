import { Core } from '../core/core';
import { indexInPieces } from './parallel/piece-workers';
import { PacketIndex } from '../core/packet-index';
import { captureFormatOf, openCapture } from '../core/source';
import { notePayloadPieces } from '../core/streams';
import { SideKind } from '../abi/core-constants';
import { ExportSideData } from '../core/export-pcapng';
import type { DissectionSettings } from '../dissectors/decode-as';
import { allFields, isCoreField } from '../fields/registry';
import type { FieldDef } from '../fields/types';
import { FrameAnnotations, type AnnotationSnapshot, type NoteKind } from '../present/annotations';
import { captureFacts } from '../store/metadata';
import { packAnalysisGently, unpackAnalysis } from '../store/packed-analysis';
import { loadVendorNames } from '../vendors/load';
import type {
  CaptureApi,
  CaptureSummary,
  IndexSnapshot,
  LoadProgress,
  PackedAnalysis,
  StoredAnalysis,
} from '../api/capture-api';
import { BackgroundPasses } from './background-passes';
import { Chats } from './chats';
import { CaptureState, SessionContext } from './capture-state';
import { ColumnTable } from './column-table';
import { DetailView } from './detail-view';
import { ExpertItems } from './expert-items';
import { Exports } from './exports';
import { Graphs } from './graphs';
import { HostNames } from './host-names';
import { ListView } from './list-view';
import { Statistics } from './statistics';
import { OperationsView } from './operations-view';
import { GroupingView } from './grouping-view';
import { StreamsView } from './streams-view';
import { TlsService } from './tls-service';
import { ProtocolList } from './protocol-list';

/** The session as the worker exposes it (a CaptureApi), with what tests wait on besides (columnsFilled, derivedFilled). */
export type CaptureSession = Awaited<ReturnType<typeof create>>;

/**
 * One open capture at a time, worker side. The ingest core fills the packet index (open() here); the services
 * share the open capture (capture-state.ts) and each does one job: the background passes that fill Protocol,
 * Info, colours and field columns, the list's order and rows, the selected frame's detail, the streams, exports and
 * statistics. A capture reopened from the library brings its index, table and expert items along, and none of
 * the passes but the tree's runs.
 */
class CaptureLifecycle {
  constructor(
    private readonly ctx: SessionContext,
    private readonly passes: BackgroundPasses,
    private readonly views: {
      list: ListView;
      detail: DetailView;
      exports: Exports;
      statistics: Statistics;
      operations: OperationsView;
      grouping: GroupingView;
      chats: Chats;
      tls: TlsService;
    },
  ) {}

  /**
   * Reads a whole capture into the packet index; replaces the previous one, whose work is aborted. With `stored`
   * the analysis is taken as the library kept it.
   */
  async open(
    file: Blob,
    name: string,
    onProgress?: (progress: LoadProgress) => void,
    stored?: StoredAnalysis,
  ): Promise<CaptureSummary> {
    const previous = this.ctx.capture;
    previous.supersede();
    this.passes.stop();
    const capture = (this.ctx.capture = new CaptureState());
    const check = () => {
      if (capture.signal.aborted) throw new Superseded();
    };
    // Each core serves one capture at a time: let a superseded ingest and pass stop before reusing them.
    await Promise.all([previous.loading.catch(() => {}), this.passes.dissecting.catch(() => {})]);
    check();
    const { list, detail, exports, statistics, chats, tls } = this.views;
    list.reset();
    detail.reset();
    exports.reset();
    statistics.reset();
    this.views.operations.reset();
    this.views.grouping.reset();
    chats.reset();
    tls.reset();
    const source = await openCapture(file);
    check();
    capture.blob = source.blob;
    capture.format = await captureFormatOf(this.ctx.cores.ingest, source.blob);
    check();
    const progress = (bytesRead: number, bytesTotal: number) =>
      onProgress?.({
        bytesRead,
        bytesTotal,
        frames: this.ctx.cores.ingest.exports.frameCount(),
        dissected: this.passes.columns.count,
        derived: this.passes.derived.count,
      });
    const unpacked = stored && (await unpackAnalysis(stored.packed));
    check();
    // The index comes first: run beside it, the dissection pass (far slower per byte) would hold the index back to
    // its own pace, and the list its count. Rows it has not reached yet get provisional columns meanwhile.
    let indexed!: () => void;
    const indexing = new Promise<void>((resolve) => (indexed = resolve));
    const kept =
      unpacked?.columns && unpacked.expert
        ? { columns: ColumnTable.restore(unpacked.columns), expert: ExpertItems.restore(unpacked.expert) }
        : undefined;
    this.passes.start(capture, indexing, () => progress(capture.blob.size, capture.blob.size), kept);
    if (stored && unpacked) {
      capture.payloadPieces = unpacked.pieces ?? new Map();
      indexed();
      capture.summary = restore(capture, unpacked.index, stored.summary, name);
      chats.prepare(capture);
      return capture.summary;
    }
    const notes = capture.notes;
    const exportSide = new ExportSideData();
    const run = indexInPieces(this.ctx.cores.ingest, source.blob, source.gzip, {
      onSide: (entry) => {
        exportSide.observe(entry);
        notePayloadPieces(capture.payloadPieces, entry);
        if (entry.kind === SideKind.PacketComment)
          notes.addFileComment(entry.frame, new TextDecoder().decode(entry.bytes));
      },
      onRows: (batch) => {
        check();
        if (capture.index.count === 0) capture.firstTime = { sec: batch.tsSec[0], nsec: batch.tsNsec[0] };
        capture.index.append(batch);
        capture.streams.update(capture.index);
      },
      onProgress: (bytesRead, bytesTotal) => {
        check();
        // The core has read more frames than the index holds until the rows are drained right after this.
        progress(bytesRead, bytesTotal);
      },
    });
    capture.loading = run;
    run.then(indexed, indexed);
    const result = await run;
    capture.index.trim();
    capture.exportSide = Promise.resolve(exportSide);
    capture.loaded = true;
    chats.prepare(capture);
    return (capture.summary = {
      name,
      frames: result.frames,
      format: result.format,
      compressed: source.gzip,
      problem: result.problem,
      warnings: source.warning ? [source.warning] : [],
    });
  }

  /**
   * The open capture's analysis packed for the library; with `dissected`, once the background pass has filled in
   * Protocol, Info and the expert items too. Undefined when the capture was replaced, failed, or its pass could not finish.
   */
  async packedAnalysis(dissected: boolean): Promise<PackedAnalysis | undefined> {
    const capture = this.ctx.capture;
    try {
      await capture.loading;
      // Decode As may start another pass meanwhile: only a pass that ran to its end under the current settings counts.
      for (let pass = this.passes.dissecting; dissected; pass = this.passes.dissecting) {
        await pass;
        if (pass === this.passes.dissecting) break;
      }
    } catch {
      return undefined;
    }
    const summary = capture.summary;
    if (capture.signal.aborted || !summary || (summary.problem?.fatal && summary.frames === 0)) return undefined;
    const index = { count: capture.index.count, columns: capture.index.snapshot() };
    const pieces = capture.payloadPieces;
    const { columns, expert } = this.passes;
    const packed = await packAnalysisGently(
      dissected ? { index, pieces, columns: columns.snapshot(), expert: expert.list() } : { index, pieces },
    );
    return { summary, packed, facts: captureFacts(summary, capture.index), dissected };
  }

  /**
   * Decode As: from now on every application-layer pass (Protocol and Info, the tree, display filters) runs under
   * `settings`. With a capture open, its columns are dissected again from the start; the display filter is left
   * as it was for the caller to apply again.
   */
  async setDissection(settings: DissectionSettings, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    this.ctx.settings = structuredClone(settings);
    await this.redissect(onProgress);
  }

  /**
   * Dissects the open capture's Protocol and Info, expert items, colours and field columns again from the start
   * (under new Decode As settings or TLS keys); what was made from the old dissection is dropped.
   */
  async redissect(onProgress?: (progress: LoadProgress) => void): Promise<void> {
    this.views.detail.reset();
    this.views.tls.reset();
    await this.views.list.cancelFilter();
    if (this.ctx.capture.blob.size === 0) return;
    await this.passes.redissect(onProgress, () => {
      this.views.exports.reset();
      this.views.statistics.reset();
      this.views.operations.reset();
      this.views.grouping.reset();
    });
  }
}

class Superseded extends Error {}

function restore(capture: CaptureState, index: IndexSnapshot, summary: CaptureSummary, name: string): CaptureSummary {
  capture.index = PacketIndex.restore(index.count, index.columns);
  capture.loaded = true;
  capture.streams.update(capture.index);
  if (index.count) capture.firstTime = capture.stamp(0);
  return { ...summary, name };
}

/** The analyst's marks, ignored frames, time references and comments on the open capture. */
class Annotations {
  constructor(private readonly ctx: SessionContext) {}

  async annotate(kind: NoteKind, numbers: number[], set?: boolean): Promise<void> {
    this.ctx.capture.notes.toggle(kind, numbers, set);
  }

  async setComments(number: number, comments: string[]): Promise<void> {
    this.ctx.capture.notes.setComments(number, comments);
  }

  async annotations(): Promise<AnnotationSnapshot> {
    await this.ctx.capture.loading.catch(() => {});
    return this.ctx.capture.notes.snapshot();
  }

  /** Puts back what the library kept of the analyst's notes (the file's own comments are in the snapshot). */
  async restoreAnnotations(snapshot: AnnotationSnapshot): Promise<void> {
    await this.ctx.capture.loading.catch(() => {});
    this.ctx.capture.notes = FrameAnnotations.restore(snapshot);
  }

  /** The fields the application dissectors declare (they register in the worker only). */
  async applicationFields(): Promise<FieldDef[]> {
    return allFields().filter((_, i) => !isCoreField(i + 1));
  }
}

/** The named methods of a service, bound to it. */
function methods<T extends object, K extends keyof T>(service: T, ...names: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const name of names) out[name] = (service[name] as (...args: unknown[]) => unknown).bind(service) as T[K];
  return out;
}

async function create(wasm: BufferSource | WebAssembly.Module) {
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
  // Vendor names are a chunk of their own, fetched as the worker starts: trees, Source/Destination and
  // eth.*_resolved all need them.
  const [cores] = await Promise.all([
    Promise.all(Array.from({ length: 4 }, () => Core.instantiate(module))),
    loadVendorNames(),
  ]);
  const ctx = new SessionContext(module, { ingest: cores[0], frame: cores[1], pass: cores[2], detail: cores[3] });
  const passes = new BackgroundPasses(ctx);
  const list = new ListView(ctx, passes);
  const exports = new Exports(ctx);
  const detail = new DetailView(ctx, exports);
  const statistics = new Statistics(ctx);
  const chats = new Chats(ctx);
  let lifecycle!: CaptureLifecycle;
  const tls = new TlsService(ctx, (onProgress) => lifecycle.redissect(onProgress));
  const operations = new OperationsView(ctx, passes, exports);
  const grouping = new GroupingView(ctx, passes);
  lifecycle = new CaptureLifecycle(ctx, passes, {
    list,
    detail,
    exports,
    statistics,
    operations,
    grouping,
    chats,
    tls,
  });
  return {
    ...methods(lifecycle, 'open', 'packedAnalysis', 'setDissection'),
    ...methods(passes, 'configure', 'expertInfo', 'columnsFilled', 'derivedFilled'),
    ...methods(list, 'rows', 'sort', 'setTimeFormat', 'rowOf', 'findNoted', 'filter', 'cancelFilter', 'checkFilters'),
    ...methods(detail, 'frame'),
    ...methods(new StreamsView(ctx, () => passes.columns), 'streamsOf', 'streamCount', 'follow', 'decodeAsTarget'),
    ...methods(exports, 'exportChoices', 'exportPackets', 'exportObjects', 'exportObject'),
    ...methods(statistics, 'conversations', 'endpoints', 'protocolHierarchy', 'statsTree', 'expertStats'),
    ...methods(chats, 'chats'),
    ...methods(new ProtocolList(), 'protocols'),
    ...methods(new Graphs(ctx, () => passes.columns), 'ioGraphs', 'tcpStreamGraphs', 'flow'),
    ...methods(new HostNames(ctx), 'capturedNames'),
    ...methods(operations, 'operations'),
    ...methods(grouping, 'grouping', 'groupFilter'),
    ...methods(tls, 'addTlsKey', 'removeTlsKey', 'setTlsKeys', 'tlsKeyEntries', 'tlsKeyFiles', 'tlsSessions'),
    ...methods(
      new Annotations(ctx),
      'annotate',
      'setComments',
      'annotations',
      'restoreAnnotations',
      'applicationFields',
    ),
  } satisfies CaptureApi;
}

/** Makes a session: `CaptureSession.create(wasm)`. */
export const CaptureSession = { create };
