import { describe, expect, it } from 'vitest';
import type { StatsTreeTable } from '../../../src/api/capture-api';
import type { Column } from '../../../src/ui/statistics/stat-tables';
import {
  statFileName,
  tableCsv,
  tableJson,
  treeCsv,
  treeJson,
  treeLines,
} from '../../../src/ui/statistics/table-export';

const cells = (count: string, percent: string) => [count, '', '', '', '0.0100', percent, '-', '-'];
const TABLE: StatsTreeTable = {
  title: 'HTTP/Packet Counter',
  columns: ['Count', 'Average', 'Min Val', 'Max Val', 'Rate (ms)', 'Percent', 'Burst Rate', 'Burst Start'],
  roots: [
    {
      name: 'Total HTTP Packets',
      cells: cells('5', '100%'),
      filter: 'http',
      children: [
        { name: 'HTTP Response Packets', cells: cells('2', '40.00%'), filter: 'http.response', children: [] },
        {
          name: 'HTTP Request Packets',
          cells: cells('3', '60.00%'),
          filter: 'http.request',
          children: [{ name: 'GET, "x"', cells: cells('3', '100.00%'), children: [] }],
        },
      ],
    },
  ],
};

describe('statistics trees in the app', () => {
  it('flattens in loupe stats order, or siblings sorted by a cell or by name, and folds', () => {
    const names = (lines: ReturnType<typeof treeLines>) => lines.map((l) => `${l.depth}${l.row.name}`);
    expect(names(treeLines(TABLE))).toEqual([
      '0Total HTTP Packets',
      '1HTTP Response Packets',
      '1HTTP Request Packets',
      '2GET, "x"',
    ]);
    expect(names(treeLines(TABLE, { column: 0, descending: true })).slice(1)).toEqual([
      '1HTTP Request Packets',
      '2GET, "x"',
      '1HTTP Response Packets',
    ]);
    // Percentages sort as numbers.
    expect(names(treeLines(TABLE, { column: 5, descending: false })).slice(1, 2)).toEqual(['1HTTP Response Packets']);
    expect(names(treeLines(TABLE, { column: -1, descending: false })).slice(1, 2)).toEqual(['1HTTP Request Packets']);
    const folded = treeLines(TABLE, undefined, new Set(['Total HTTP Packets/HTTP Request Packets']));
    expect(folded.map((l) => l.path)).toEqual([
      'Total HTTP Packets',
      'Total HTTP Packets/HTTP Response Packets',
      'Total HTTP Packets/HTTP Request Packets',
    ]);
  });

  it('exports a tree as CSV (indented names, quoted where needed) and JSON (nested, with filters)', () => {
    const csv = treeCsv(TABLE).split('\n');
    expect(csv[0]).toBe('Topic / Item,Count,Average,Min Val,Max Val,Rate (ms),Percent,Burst Rate,Burst Start');
    expect(csv[1]).toBe('Total HTTP Packets,5,,,,0.0100,100%,-,-');
    expect(csv[4]).toBe('"  GET, ""x""",3,,,,0.0100,100.00%,-,-');
    const json = JSON.parse(treeJson(TABLE));
    expect(json.title).toBe('HTTP/Packet Counter');
    expect(json.nodes[0]).toMatchObject({ name: 'Total HTTP Packets', Count: '5', Percent: '100%', filter: 'http' });
    expect(json.nodes[0].children[1].children[0].name).toBe('GET, "x"');
    expect(statFileName(TABLE.title, 'csv')).toBe('http-packet-counter.csv');
  });

  it('exports a table as shown: CSV of the cells, JSON of the values', () => {
    type Row = { name: string; bytes: number };
    const columns: Column<Row>[] = [
      { key: 'name', label: 'Name', value: (r) => r.name },
      { key: 'bytes', label: 'Bytes', value: (r) => r.bytes, text: (r) => `${r.bytes / 1000} kB`, numeric: true },
    ];
    const rows = [
      { name: 'a,b', bytes: 2000 },
      { name: 'c', bytes: 500 },
    ];
    expect(tableCsv(columns, rows)).toBe('Name,Bytes\n"a,b",2 kB\nc,0.5 kB\n');
    expect(JSON.parse(tableJson(columns, rows))).toEqual([
      { Name: 'a,b', Bytes: 2000 },
      { Name: 'c', Bytes: 500 },
    ]);
  });
});
