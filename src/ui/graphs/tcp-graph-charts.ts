import uPlot from 'uplot';
import type { TcpGraphData } from '../../api/capture-api';
import type { ChartColours } from './chart-colours';
import { columnsToCsv } from './chart-export';

/** The TCP stream graphs Wireshark offers: time/sequence in two styles, throughput, round-trip time, window. */
export type TcpGraphKind = 'stevens' | 'tcptrace' | 'throughput' | 'rtt' | 'window';
export const TCP_GRAPH_KINDS: { id: TcpGraphKind; label: string }[] = [
  { id: 'stevens', label: 'Time / Sequence (Stevens)' },
  { id: 'tcptrace', label: 'Time / Sequence (tcptrace)' },
  { id: 'throughput', label: 'Throughput' },
  { id: 'rtt', label: 'Round Trip Time' },
  { id: 'window', label: 'Window Scaling' },
];

type Column = (number | null)[];
interface Line {
  label: string;
  values: Column;
  style: 'points' | 'line' | 'step' | 'hidden';
  colour: (c: ChartColours) => string;
}

const noPath = () => null;

/** The series of one kind of graph, and the y axis' label. */
function lines(kind: TcpGraphKind, g: TcpGraphData): { y: string; lines: Line[] } {
  const accent = (k: number) => (c: ChartColours) => c.series[k];
  const bad = (c: ChartColours) => c.bad;
  switch (kind) {
    case 'stevens':
      return {
        y: 'Sequence number (bytes)',
        lines: [
          { label: 'Segments', values: g.seq, style: 'points', colour: accent(0) },
          { label: 'Retransmissions', values: g.retransmitted, style: 'points', colour: bad },
          { label: 'ACK', values: g.ack, style: 'step', colour: accent(1) },
          { label: 'Receive window', values: g.windowEdge, style: 'step', colour: accent(2) },
        ],
      };
    case 'tcptrace':
      return {
        y: 'Sequence number (bytes)',
        lines: [
          { label: 'Segments', values: g.seq, style: 'hidden', colour: accent(0) },
          { label: 'Segment ends', values: g.seqEnd, style: 'hidden', colour: accent(0) },
          { label: 'ACK', values: g.ack, style: 'step', colour: accent(1) },
          { label: 'Receive window', values: g.windowEdge, style: 'step', colour: accent(2) },
        ],
      };
    case 'throughput':
      return {
        y: 'Throughput (bits/s)',
        lines: [
          { label: 'Throughput', values: g.throughput, style: 'line', colour: accent(0) },
          { label: 'Goodput', values: g.goodput, style: 'line', colour: accent(2) },
        ],
      };
    case 'rtt':
      return { y: 'Round trip time (s)', lines: [{ label: 'RTT', values: g.rtt, style: 'line', colour: accent(0) }] };
    case 'window':
      return {
        y: 'Bytes',
        lines: [
          { label: 'Receive window', values: g.receiveWindow, style: 'step', colour: accent(2) },
          { label: 'Bytes in flight', values: g.bytesInFlight, style: 'points', colour: accent(0) },
        ],
      };
  }
}

/** The chart's data: the segments' times, then each series. */
export function tcpChartData(kind: TcpGraphKind, g: TcpGraphData): uPlot.AlignedData {
  return [g.time, ...lines(kind, g).lines.map((l) => l.values)];
}

/** The chart's CSV: frame, time, then each series. */
export function tcpChartCsv(kind: TcpGraphKind, g: TcpGraphData): string {
  const ls = lines(kind, g).lines;
  const header = ['Frame', 'Time (s)', ...ls.map((l) => l.label)];
  const columns: ArrayLike<number | null>[] = [g.frames, g.time, ...ls.map((l) => l.values)];
  if (kind === 'stevens' || kind === 'tcptrace') {
    // SACK blocks: the edges of the first block each segment reported.
    const le: Column = g.time.map(() => null);
    const re: Column = g.time.map(() => null);
    for (const [row, l, r] of g.sack) if (le[row] === null) [le[row], re[row]] = [l, r];
    header.push('SACK left edge', 'SACK right edge');
    columns.push(le, re);
  }
  return columnsToCsv(header, columns);
}

/** The uPlot options of a graph: its series styled, and the tcptrace bars and SACK blocks drawn by a hook. */
export function tcpChartOptions(
  kind: TcpGraphKind,
  g: TcpGraphData,
  c: ChartColours,
): Omit<uPlot.Options, 'width' | 'height'> {
  const { y, lines: ls } = lines(kind, g);
  const axis = { stroke: c.muted, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  const stepped = uPlot.paths.stepped!({ align: 1 });
  return {
    scales: { x: { time: false } },
    axes: [
      { ...axis, label: 'Time (s)', labelSize: 20 },
      { ...axis, label: y, labelSize: 20, size: 70 },
    ],
    series: [
      { label: 'Time (s)' },
      ...ls.map((l) => {
        const stroke = l.colour(c);
        const common = { label: l.label, stroke, spanGaps: true };
        if (l.style === 'points') return { ...common, paths: noPath, points: { show: true, size: 4, fill: stroke } };
        if (l.style === 'hidden') return { ...common, paths: noPath, points: { show: false } };
        if (l.style === 'step') return { ...common, width: 1.5, paths: stepped, points: { show: false } };
        return { ...common, width: 1.5, points: { show: false } };
      }),
    ],
    cursor: { drag: { x: true, y: true, uni: 20 } },
    hooks: kind === 'stevens' || kind === 'tcptrace' ? { draw: [(u: uPlot) => drawSegments(u, kind, g, c)] } : {},
  };
}

/** tcptrace's I-bars (a segment from seq to its end, retransmissions in red) and the SACK blocks as bars. */
function drawSegments(u: uPlot, kind: TcpGraphKind, g: TcpGraphData, c: ChartColours): void {
  const { ctx, bbox } = u;
  const xMin = u.scales.x.min ?? -Infinity;
  const xMax = u.scales.x.max ?? Infinity;
  const x = (row: number) => u.valToPos(g.time[row], 'x', true);
  const yPos = (v: number) => u.valToPos(v, 'y', true);
  const pr = devicePixelRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.lineWidth = pr;
  const bar = (row: number, from: number, to: number, colour: string) => {
    const px = x(row);
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(px, yPos(from));
    ctx.lineTo(px, yPos(to));
    // Serifs at both ends, as tcptrace draws them.
    for (const v of [from, to]) {
      ctx.moveTo(px - 2 * pr, yPos(v));
      ctx.lineTo(px + 2 * pr, yPos(v));
    }
    ctx.stroke();
  };
  const [first, last] = visibleRows(g.time, xMin, xMax);
  if (kind === 'tcptrace') {
    for (let row = first; row <= last; row++) {
      const seq = g.seq[row];
      const end = g.seqEnd[row];
      if (seq !== null && end !== null) bar(row, seq, end, g.retransmitted[row] !== null ? c.bad : c.series[0]);
    }
  }
  for (const [row, le, re] of g.sack) if (row >= first && row <= last) bar(row, le, re, c.series[4]);
  ctx.restore();
}

/** The rows whose time lies in [min, max] (binary search: the times ascend). */
export function visibleRows(times: readonly number[], min: number, max: number): [number, number] {
  const lower = (v: number) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [lower(min), Math.min(times.length - 1, lower(max) + 1)];
}
