import { describe, expect, it } from 'vitest';
import { sortOrder, toggledSort } from '../../../src/ui/table/column-sort';

describe('column sort', () => {
  it('sorts a new column largest first when it holds numbers, A to Z when it holds text', () => {
    expect(toggledSort(undefined, 'bytes', true)).toEqual({ key: 'bytes', descending: true });
    expect(toggledSort(undefined, 'address', false)).toEqual({ key: 'address', descending: false });
    expect(toggledSort({ key: 'bytes', descending: true }, 'address', false)).toEqual({
      key: 'address',
      descending: false,
    });
  });

  it('reverses the sorted column on another click', () => {
    expect(toggledSort({ key: 'bytes', descending: true }, 'bytes', true)).toEqual({ key: 'bytes', descending: false });
    expect(toggledSort({ key: 'name', descending: false }, 'name', false)).toEqual({ key: 'name', descending: true });
  });

  it("names each header's order for aria-sort", () => {
    const sort = { key: 'bytes', descending: true };
    expect(sortOrder(sort, 'bytes')).toBe('descending');
    expect(sortOrder({ key: 'bytes', descending: false }, 'bytes')).toBe('ascending');
    expect(sortOrder(sort, 'packets')).toBe('none');
    expect(sortOrder(undefined, 'bytes')).toBe('none');
  });
});
