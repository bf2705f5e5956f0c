import type { StatsTreeRow, StatsTreeTable } from '../../api/capture-api';
import type { Column } from './stat-tables';

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** A table as CSV (RFC 4180): a header line of the column labels, then a line per row as the table shows it. */
export function tableCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows)
    lines.push(columns.map((c) => csvCell(String(c.text ? c.text(row) : c.value(row)))).join(','));
  return lines.join('\n') + '\n';
}

/** A table as JSON: an array of objects keyed by the column labels, numbers as numbers. */
export function tableJson<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const objects = rows.map((row) => Object.fromEntries(columns.map((c) => [c.label, c.value(row)])));
  return JSON.stringify(objects, null, 2) + '\n';
}

/** One shown line of a statistics tree: a node at its depth, with the path of names that leads to it. */
export interface TreeLine {
  row: StatsTreeRow;
  depth: number;
  path: string;
}

/** How a tree's siblings are ordered: by a cell (its index), or by name (-1); undefined keeps `loupe stats`'s order. */
export type TreeSort = { column: number; descending: boolean };

/** A cell as a number for sorting ("12.50%" → 12.5); blank and "-" cells sort below every number. */
const cellValue = (cell: string) => {
  const v = Number.parseFloat(cell);
  return Number.isNaN(v) ? -Infinity : v;
};

/** The tree flattened depth first, each node's children ordered by `sort` (stable), `collapsed` paths' children left out. */
export function treeLines(table: StatsTreeTable, sort?: TreeSort, collapsed?: ReadonlySet<string>): TreeLine[] {
  const order = (rows: readonly StatsTreeRow[]) => {
    if (!sort) return rows;
    const sign = sort.descending ? -1 : 1;
    return rows
      .map((row, k) => ({ row, k }))
      .sort((x, y) => {
        const c =
          sort.column < 0
            ? x.row.name.localeCompare(y.row.name, undefined, { numeric: true })
            : cellValue(x.row.cells[sort.column]) - cellValue(y.row.cells[sort.column]);
        return c * sign || x.k - y.k;
      })
      .map((x) => x.row);
  };
  const lines: TreeLine[] = [];
  const walk = (rows: readonly StatsTreeRow[], depth: number, prefix: string) => {
    for (const row of order(rows)) {
      const path = prefix ? `${prefix}/${row.name}` : row.name;
      lines.push({ row, depth, path });
      if (!collapsed?.has(path)) walk(row.children, depth + 1, path);
    }
  };
  walk(table.roots, 0, '');
  return lines;
}

/** A tree as CSV: "Topic / Item" (indented by a space per level, as `loupe stats` indents it), then its cells. */
export function treeCsv(table: StatsTreeTable): string {
  const lines = [['Topic / Item', ...table.columns].map(csvCell).join(',')];
  for (const { row, depth } of treeLines(table)) {
    lines.push([' '.repeat(depth) + row.name, ...row.cells].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

/** A tree as JSON: nested nodes with their cells keyed by column name and their filter. */
export function treeJson(table: StatsTreeTable): string {
  const node = (row: StatsTreeRow): unknown => ({
    name: row.name,
    ...Object.fromEntries(table.columns.map((c, k) => [c, row.cells[k]])),
    ...(row.filter ? { filter: row.filter } : {}),
    children: row.children.map(node),
  });
  return JSON.stringify({ title: table.title, nodes: table.roots.map(node) }, null, 2) + '\n';
}

/** The file name a statistic is saved under: "http-packet-counter.csv". */
export function statFileName(title: string, extension: 'csv' | 'json'): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base || 'statistics'}.${extension}`;
}
