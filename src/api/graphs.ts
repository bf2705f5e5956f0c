/** The analysis charts as they cross the worker boundary: IO graph series, TCP stream graphs, flow diagram. */
import type { IoGraphData, IoSeriesSpec } from '../stats/io-graph';
import type { TcpGraphData } from '../stats/tcp-graph';
import type { FlowDiagram } from '../stats/flow';
import type { StreamProtocol } from '../core/streams';

export type { IoGraphData, IoGraphLine, IoMetric, IoSeriesSpec } from '../stats/io-graph';
export type { TcpGraphData } from '../stats/tcp-graph';
export type { FlowArrow, FlowDiagram } from '../stats/flow';

/** An IO graph, or which series' filter or field is refused and why (-1: the interval), or that a newer request won. */
export type IoGraphsOutcome =
  | { kind: 'applied'; graph: IoGraphData }
  | { kind: 'invalid'; series: number; message: string }
  | { kind: 'cancelled' };

/** A TCP stream's graphs: one per direction (0: the direction of its first segment). */
export interface TcpStreamGraphs {
  stream: number;
  /** "address:port" of the first segment's sender and of its peer. */
  endpoints: [string, string];
  /** The direction that carried more payload. */
  busier: 0 | 1;
  graphs: [TcpGraphData, TcpGraphData];
}

/** Which frames a flow diagram shows: one TCP or UDP stream's, or the displayed ones. */
export type FlowRequest = { kind: 'stream'; protocol: StreamProtocol; stream: number } | { kind: 'displayed' };

/** What the analysis charts add to the capture API (src/worker/graphs.ts). */
export interface GraphsApi {
  /** IO graph with several series, each a display filter and a metric; `displayed` limits to the display filter. */
  ioGraphs(intervalUs: number, specs: IoSeriesSpec[], displayed?: boolean): Promise<IoGraphsOutcome>;
  /** The time/sequence, throughput, RTT and window graphs of TCP stream `stream`; undefined when there is none. */
  tcpStreamGraphs(stream: number): Promise<TcpStreamGraphs | undefined>;
  /** A flow (ladder) diagram of a stream's packets or the displayed ones (capped at FLOW_ARROW_CAP arrows). */
  flow(request: FlowRequest): Promise<FlowDiagram>;
  /** Addresses named by the capture's own DNS answers (A, AAAA, PTR), with their names; never a live lookup. */
  capturedNames(): Promise<[string, string][]>;
}
