import { describe, expect, it } from 'vitest';
import { chartGeometry, niceStep, tickText } from '../../../src/ui/statistics/io-chart';

const plot = { width: 120, height: 70, left: 10, right: 10, top: 10, bottom: 10 };

describe('IO chart geometry', () => {
  it('picks round steps', () => {
    expect([0, 4, 7, 23, 160, 0.3].map((m) => niceStep(m))).toEqual([1, 1, 2, 5, 50, 0.1]);
  });

  it('maps values into the plot area, the peak below the top tick', () => {
    const g = chartGeometry([0, 10, 5], 1, plot);
    expect(g.points).toBe('10.0,60.0 60.0,10.0 110.0,35.0');
    expect(g.max).toBe(10);
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(g.xTicks.map((t) => [t.seconds, t.x])).toEqual([
      [0, 10],
      [0.5, 35],
      [1, 60],
      [1.5, 85],
      [2, 110],
    ]);
  });

  it('labels ticks without float noise', () => {
    expect([0.30000000000000004, 2, 1.5].map(tickText)).toEqual(['0.3', '2', '1.5']);
  });
});
