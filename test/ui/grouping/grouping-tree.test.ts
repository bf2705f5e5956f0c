import { describe, expect, it } from 'vitest';
import type { GroupNode } from '../../../src/grouping/grouping';
import { groupsCsv, parseFields, visibleRows } from '../../../src/ui/grouping/grouping-tree';

const node = (id: number, value: string, packets: number, children: GroupNode[] = []): GroupNode => ({
  id,
  field: 'f',
  value,
  packets,
  bytes: packets * 100,
  first: id,
  last: id + 1,
  children,
});

describe('grouping tree', () => {
  const groups = [node(0, 'TCP 0', 3, [node(1, '200', 1), node(2, '(none)', 2)]), node(3, 'TCP 1', 5)];

  it('reads the fields typed, separated by commas, spaces or ›', () => {
    expect(parseFields(' conversation, http.host > http.response.code ')).toEqual([
      'conversation',
      'http.host',
      'http.response.code',
    ]);
  });

  it('shows the open groups’ children, each level ordered', () => {
    expect(visibleRows(groups, new Set(), 'packets').map((r) => r.node.value)).toEqual(['TCP 1', 'TCP 0']);
    const open = visibleRows(groups, new Set([0]), 'packets');
    expect(open.map((r) => `${r.depth}:${r.node.value}`)).toEqual(['0:TCP 1', '0:TCP 0', '1:(none)', '1:200']);
  });

  it('exports every group with its path', () => {
    const lines = groupsCsv(groups, ['conversation', 'http.response.code']).trim().split('\r\n');
    expect(lines[0]).toBe('conversation,http.response.code,Packets,Bytes,First (s),Last (s)');
    expect(lines[1]).toBe('TCP 0,,3,300,0.000000,1.000000');
    expect(lines[2]).toBe('TCP 0,200,1,100,1.000000,2.000000');
    expect(lines).toHaveLength(5);
  });
});
