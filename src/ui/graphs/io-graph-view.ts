import type { IoGraphData, IoMetric, IoSeriesSpec } from '../../api/capture-api';
import { columnsToCsv } from './chart-export';

export const METRIC_LABELS: Record<IoMetric, string> = {
  packets: 'Packets',
  bytes: 'Bytes',
  sum: 'SUM',
  min: 'MIN',
  max: 'MAX',
  avg: 'AVG',
};

/** Whether a metric reads a field (SUM/MIN/MAX/AVG) rather than counting frames. */
export const needsField = (metric: IoMetric) => metric !== 'packets' && metric !== 'bytes';

/** A series' name in the legend: "Packets", "Bytes of tcp", "AVG(tcp.analysis.ack_rtt) of tcp.port == 80". */
export function seriesName(spec: IoSeriesSpec): string {
  const what = needsField(spec.metric)
    ? `${METRIC_LABELS[spec.metric]}(${spec.field ?? ''})`
    : METRIC_LABELS[spec.metric];
  return spec.filter.trim() ? `${what} of ${spec.filter.trim()}` : what;
}

/** An interval's length in words: "10 ms", "1 s", "1 min". */
export function intervalText(us: number): string {
  if (us >= 60_000_000 && us % 60_000_000 === 0) return `${us / 60_000_000} min`;
  if (us >= 1_000_000) return `${us / 1_000_000} s`;
  if (us >= 1000) return `${us / 1000} ms`;
  return `${us} µs`;
}

/** The graph summarised in words (the chart's accessible name; browser tests read it). */
export function graphSummary(graph: IoGraphData, specs: readonly IoSeriesSpec[]): string {
  const parts = graph.lines.map((line, k) => {
    const values = line.values.filter((v): v is number => v !== null);
    const total = values.reduce((s, v) => s + v, 0);
    const peak = values.reduce((m, v) => Math.max(m, v), 0);
    return `${seriesName(specs[k])}: peak ${round(peak)}, total ${round(total)}`;
  });
  return `IO graph per ${intervalText(graph.intervalUs)} interval over ${graph.starts.length} intervals; ${parts.join('; ')}`;
}

const round = (v: number) => Number(v.toPrecision(12));

/** The graph as CSV: interval start, then each series' value. */
export function graphCsv(graph: IoGraphData, specs: readonly IoSeriesSpec[]): string {
  return columnsToCsv(
    ['Interval start (s)', ...specs.map(seriesName)],
    [graph.starts, ...graph.lines.map((l) => l.values)],
  );
}

/**
 * The frame a click on interval `row` goes to: the first frame of that interval in the series drawn nearest to
 * the click (`distance` in pixels per series; Infinity where it has no point), else in any series.
 */
export function frameAt(graph: IoGraphData, row: number, distance: (series: number) => number): number | undefined {
  const order = graph.lines.map((_, s) => s).sort((a, b) => distance(a) - distance(b));
  for (const s of order) {
    const frame = graph.lines[s].firstFrames[row];
    if (frame) return frame;
  }
  return undefined;
}

/**
 * The display filter selecting an interval's packets (of one series: its own filter too), for "Filter on this
 * interval": times since the first frame, as the graph's x axis counts them, to the microsecond.
 */
export function intervalFilter(graph: IoGraphData, row: number, spec?: IoSeriesSpec): string {
  const start = graph.starts[row];
  const end = start + graph.intervalUs / 1e6;
  const time = `frame.time_relative >= ${start.toFixed(6)} && frame.time_relative < ${end.toFixed(6)}`;
  return spec?.filter.trim() ? `(${spec.filter.trim()}) && ${time}` : time;
}
