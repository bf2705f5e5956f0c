import type { Core } from '../core/core';
import { dissectFrames, type DissectedFrame } from '../passes/dissect-frames';
import { dissectSubset } from '../passes/dissect-subset';
import { DissectedFrameSource } from '../dissectors/field-source';
import { fieldById, fieldId } from '../fields/registry';
import { busierDirection, setDirections, tcpGraph, tcpSegment, type TcpSegment } from '../stats/tcp-graph';
import { capFrames, FlowBuilder, type FlowDiagram } from '../stats/flow';
import {
  frameMicros,
  IoAccumulator,
  intervalCount,
  intervalOf,
  intervalStarts,
  numericValues,
  NUMERIC_FIELD_TYPES,
  type IoGraphLine,
  type IoSeriesSpec,
} from '../stats/io-graph';
import type { FlowRequest, IoGraphsOutcome, TcpStreamGraphs } from '../api/graphs';
import type { SessionContext } from './capture-state';
import type { ColumnTable } from './column-table';
import { DisplayFilterRunner } from './display-filter';

/**
 * The analysis charts' data: the IO graph's series, a TCP stream's graphs and the flow diagram, all computed here
 * from the index and field-mode passes on a core of this service's own, so the UI only draws.
 */
export class Graphs {
  private passCore?: Promise<Core>;
  private filterCore?: Promise<Core>;
  private readonly filters = new DisplayFilterRunner(() => (this.filterCore ??= this.ctx.newCore()));
  /** One pass at a time on this service's core. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: SessionContext,
    private readonly columns: () => ColumnTable,
  ) {}

  /**
   * The IO graph: each series' value per interval of `intervalUs` over the whole capture's time, counting the
   * frames its filter matches (among the displayed ones with `displayed`).
   */
  async ioGraphs(intervalUs: number, specs: IoSeriesSpec[], displayed = false): Promise<IoGraphsOutcome> {
    const capture = this.ctx.capture;
    await capture.loading.catch(() => {});
    const { index } = capture;
    const tsSec = index.column('tsSec');
    const tsNsec = index.column('tsNsec');
    let duration = 0;
    for (let i = 0; i < index.count; i++) duration = Math.max(duration, frameMicros(tsSec, tsNsec, i));
    let count: number;
    const interval = Math.max(1, Math.round(intervalUs));
    try {
      count = intervalCount(duration, interval);
    } catch (e) {
      if (e instanceof RangeError) return { kind: 'invalid', series: -1, message: e.message };
      throw e;
    }
    const lines: IoGraphLine[] = [];
    for (const [k, spec] of specs.entries()) {
      let frames = displayed ? capture.filtered : undefined;
      if (spec.filter.trim()) {
        const outcome = await this.filters.apply(
          spec.filter,
          index,
          capture.blob,
          undefined,
          capture.notes,
          this.ctx.settings,
          () => this.ctx.tlsKeys.decryption(),
        );
        if (outcome.kind === 'invalid') return { kind: 'invalid', series: k, message: outcome.message };
        if (outcome.kind === 'cancelled' || capture.signal.aborted) return { kind: 'cancelled' };
        frames = outcome.frames && frames ? intersect(outcome.frames, frames) : (outcome.frames ?? frames);
      }
      const sum = new IoAccumulator(spec.metric, count);
      const at = (i: number) => intervalOf(frameMicros(tsSec, tsNsec, i), interval, count);
      if (spec.metric === 'packets' || spec.metric === 'bytes') {
        const add = (i: number) => sum.add(at(i), i + 1, index.at('origLen', i));
        if (frames) for (const n of frames) add(n - 1);
        else for (let i = 0; i < index.count; i++) add(i);
      } else {
        const def = spec.field ? fieldById(fieldId(spec.field) ?? -1) : undefined;
        if (!def || !NUMERIC_FIELD_TYPES.has(def.type))
          return {
            kind: 'invalid',
            series: k,
            message: def
              ? `${def.name} is not a number: choose a numeric field`
              : `unknown field "${spec.field ?? ''}"`,
          };
        const id = fieldId(def.name)!;
        const isTime = def.type === 'reltime';
        const all = frames ?? Uint32Array.from({ length: index.count }, (_, i) => i + 1);
        const done = await this.pass(all, (frame) => {
          const values = numericValues(new DissectedFrameSource(frame.input, frame.app).values(id), isTime);
          if (values?.length) sum.add(at(frame.number - 1), frame.number, values);
        });
        if (!done) return { kind: 'cancelled' };
      }
      lines.push(sum.line());
    }
    return { kind: 'applied', graph: { intervalUs: interval, starts: intervalStarts(count, interval), lines } };
  }

  /** A TCP stream's graphs, both directions; undefined when there is no such stream. */
  async tcpStreamGraphs(stream: number): Promise<TcpStreamGraphs | undefined> {
    const capture = this.ctx.capture;
    await capture.loading.catch(() => {});
    const rows = capture.streams.of('tcp', stream);
    if (rows.length === 0) return undefined;
    const { index } = capture;
    const tsSec = index.column('tsSec');
    const tsNsec = index.column('tsNsec');
    const segments: TcpSegment[] = [];
    const frames = Uint32Array.from(rows, (i) => i + 1);
    const done = await this.pass(
      frames,
      (frame) => {
        const segment = tcpSegment(frame.input, frame.number, frameMicros(tsSec, tsNsec, frame.number - 1) / 1e6);
        if (segment) segments.push(segment);
      },
      { subset: true, dissect: false, restart: () => (segments.length = 0) },
    );
    if (!done || segments.length === 0) return undefined;
    setDirections(segments);
    const reverse = segments.find((s) => s.direction === 1);
    return {
      stream,
      endpoints: [segments[0].sender, reverse?.sender ?? ''],
      busier: busierDirection(segments),
      graphs: [tcpGraph(segments, 0), tcpGraph(segments, 1)],
    };
  }

  /** The flow diagram of a stream's frames, or of the displayed frames (the first FLOW_ARROW_CAP of them). */
  async flow(request: FlowRequest): Promise<FlowDiagram> {
    const capture = this.ctx.capture;
    await capture.loading.catch(() => {});
    const { index } = capture;
    const asked =
      request.kind === 'stream'
        ? Uint32Array.from(capture.streams.of(request.protocol, request.stream), (i) => i + 1)
        : capture.displayedFrames();
    const { frames, omitted } = capFrames(asked);
    const tsSec = index.column('tsSec');
    const tsNsec = index.column('tsNsec');
    const columns = this.columns();
    let builder = new FlowBuilder();
    // Protocol and Info as the list shows them, once the background pass has them; until then, this pass's own.
    const dissect = frames.length > 0 && frames[frames.length - 1] > columns.count;
    const done = await this.pass(
      frames,
      (frame) => {
        const i = frame.number - 1;
        const final = i < columns.count;
        builder.add(
          frame.input,
          frame.number,
          frameMicros(tsSec, tsNsec, i) / 1e6,
          final ? columns.protocol(i) : frame.app.protocol,
          final ? columns.info(i) : frame.app.info,
        );
      },
      { dissect, subset: request.kind === 'stream', restart: () => (builder = new FlowBuilder()) },
    );
    builder.diagram.omitted = omitted;
    if (!done) builder.diagram.arrows.length = 0;
    return builder.diagram;
  }

  /**
   * Runs `onFrame` over `frames` (ascending): sliced out alone when `subset` and they stand alone (one stream),
   * else in a pass over the file that decodes only them. False when the capture was replaced meanwhile.
   */
  private pass(
    frames: Uint32Array,
    onFrame: (frame: DissectedFrame) => void,
    options: { subset?: boolean; dissect?: boolean; restart?: () => void } = {},
  ): Promise<boolean> {
    const capture = this.ctx.capture;
    const run = this.queue.then(() =>
      this.ctx.urgently(async () => {
        if (frames.length === 0) return true;
        const core = await (this.passCore ??= this.ctx.newCore());
        const settings = this.ctx.settings;
        if (options.subset) {
          const standing = await dissectSubset(core, capture.blob, capture.index, frames, (f) => void onFrame(f), {
            settings,
            tls: this.ctx.tlsKeys.decryption(),
          });
          if (standing) return !capture.signal.aborted;
          // They cannot stand alone (fragments, tunnels, reused ports): what came is dropped, the file read through.
          options.restart?.();
        }
        await dissectFrames(core, capture.blob, (frame) => void onFrame(frame), {
          settings,
          dissect: options.dissect,
          fieldFrames: frames,
          signal: capture.signal,
          tls: this.ctx.tlsKeys.decryption(),
        });
        return !capture.signal.aborted;
      }),
    );
    this.queue = run.catch(() => {});
    return run;
  }
}

/** Frame numbers in both ascending lists. */
function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return Uint32Array.from(out);
}
