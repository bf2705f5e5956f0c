import { describe, expect, it } from 'vitest';
import { bySeverity } from '../../../src/ui/expert/expert-groups';

describe('expert groups', () => {
  it('groups entries by severity, most severe first, counting items', () => {
    const e = (severity: number, frames: number[]) => ({
      severity,
      severityName: String(severity),
      group: 'Sequence',
      message: `m${severity}${frames}`,
      frames,
    });
    const groups = bySeverity([e(2, [1, 2]), e(3, [4]), e(2, [7])]);
    expect(groups.map((g) => [g.severity, g.count, g.entries.length])).toEqual([
      [3, 1, 1],
      [2, 3, 2],
    ]);
  });
});
