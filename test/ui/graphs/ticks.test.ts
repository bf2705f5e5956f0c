import { describe, expect, it } from 'vitest';
import { tickLabels } from '../../../src/ui/graphs/ticks';

describe('tick labels', () => {
  it('show as many decimals as the step needs', () => {
    expect(tickLabels([0, 0.0001, 0.0002])).toEqual(['0.0000', '0.0001', '0.0002']);
    expect(tickLabels([0, 0.25, 0.5])).toEqual(['0.00', '0.25', '0.50']);
    expect(tickLabels([0, 2500, 5000])).toEqual(['0', '2,500', '5,000']);
  });
});
