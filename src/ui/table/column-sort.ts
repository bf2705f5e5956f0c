/** A table's order: the column sorted on and its direction (none: the rows' own order). */
export interface ColumnSort {
  key: string;
  descending: boolean;
}

/** What a column header says of the order (its aria-sort). */
export type SortOrder = 'none' | 'ascending' | 'descending';

/**
 * The order after a click on a column's header: a new column sorts largest first when it holds numbers (what one
 * looks for in traffic tables), A to Z when it holds text; the sorted column's header reverses it.
 */
export function toggledSort(sort: ColumnSort | undefined, key: string, numeric: boolean): ColumnSort {
  return sort?.key === key ? { key, descending: !sort.descending } : { key, descending: numeric };
}

export function sortOrder(sort: ColumnSort | undefined, key: string): SortOrder {
  return sort?.key !== key ? 'none' : sort.descending ? 'descending' : 'ascending';
}
