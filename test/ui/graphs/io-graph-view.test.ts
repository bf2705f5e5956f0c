import { describe, expect, it } from 'vitest';
import { frameAt, graphCsv, graphSummary, intervalText, seriesName } from '../../../src/ui/graphs/io-graph-view';
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
