import { describe, expect, it } from 'vitest';
import {
  frameAt,
  graphCsv,
  graphSummary,
  intervalFilter,
  intervalText,
  seriesName,
} from '../../../src/ui/graphs/io-graph-view';
import type { IoGraphData } from '../../../src/stats/io-graph';

const graph: IoGraphData = {
  intervalUs: 1_000_000,
  starts: [0, 1, 2],
  lines: [
    { values: [3, 0, 1], firstFrames: [1, 0, 9] },
    { values: [null, 40, 2.5], firstFrames: [0, 5, 10] },
  ],
};
const specs = [
  { filter: '', metric: 'packets' as const },
  { filter: 'tcp', metric: 'avg' as const, field: 'tcp.len' },
];

describe('IO graph view', () => {
  it('filters on an interval: its times since the first frame, and the series filter when it has one', () => {
    const graph: IoGraphData = { intervalUs: 500_000, starts: [0, 0.5, 1], lines: [] };
    expect(intervalFilter(graph, 1)).toBe('frame.time_relative >= 0.500000 && frame.time_relative < 1.000000');
    expect(intervalFilter(graph, 2, { filter: ' tcp || udp ', metric: 'packets' })).toBe(
      '(tcp || udp) && frame.time_relative >= 1.000000 && frame.time_relative < 1.500000',
    );
  });

  it('names series and intervals', () => {
    expect(seriesName(specs[0])).toBe('Packets');
    expect(seriesName(specs[1])).toBe('AVG(tcp.len) of tcp');
    expect([1000, 100_000, 1_000_000, 60_000_000].map(intervalText)).toEqual(['1 ms', '100 ms', '1 s', '1 min']);
  });

  it('summarises and exports every series', () => {
    expect(graphSummary(graph, specs)).toBe(
      'IO graph per 1 s interval over 3 intervals; Packets: peak 3, total 4; AVG(tcp.len) of tcp: peak 40, total 42.5',
    );
    expect(graphCsv(graph, specs)).toBe('Interval start (s),Packets,AVG(tcp.len) of tcp\n0,3,\n1,0,40\n2,1,2.5\n');
  });

  it('goes to the first frame of the interval in the series nearest the click, else in any', () => {
    expect(frameAt(graph, 2, (s) => (s === 1 ? 1 : 50))).toBe(10);
    expect(frameAt(graph, 2, (s) => (s === 0 ? 1 : 50))).toBe(9);
    expect(frameAt(graph, 1, (s) => (s === 0 ? 1 : 50))).toBe(5);
  });
});
