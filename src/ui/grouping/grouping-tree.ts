import type { GroupNode } from '../../api/capture-api';

/** The fields the Grouping view offers to type (any filter field works, and "conversation"). */
export const SUGGESTED_FIELDS = [
  'conversation',
  '_ws.col.Protocol',
  'ip.src',
  'ip.dst',
  'ip.addr',
  'tcp.dstport',
  'udp.dstport',
  'http.host',
  'http.request.method',
  'http.response.code',
  'dns.qry.name',
  'dns.flags.rcode',
  'smb2.cmd',
  'smb2.nt_status',
  'ftp.response.code',
  'smtp.response.code',
  'frame.protocols',
  'eth.src',
];

/** "conversation, http.host" → the field names, in order, without blanks. */
export function parseFields(text: string): string[] {
  return text
    .split(/[,\s>]+/)
    .map((f) => f.trim())
    .filter(Boolean);
}

/** A group as the table shows it: its depth and whether it has children. */
export interface GroupRow {
  node: GroupNode;
  depth: number;
  parentIds: number[];
}

export type GroupSort = 'packets' | 'bytes' | 'value' | 'first';

function sorted(nodes: GroupNode[], sort: GroupSort): GroupNode[] {
  const by: Record<GroupSort, (a: GroupNode, b: GroupNode) => number> = {
    packets: (a, b) => b.packets - a.packets || a.id - b.id,
    bytes: (a, b) => b.bytes - a.bytes || a.id - b.id,
    value: (a, b) => a.value.localeCompare(b.value, undefined, { numeric: true }) || a.id - b.id,
    first: (a, b) => a.first - b.first || a.id - b.id,
  };
  return [...nodes].sort(by[sort]);
}

/** The rows shown: every top group, and the children of the open ones, depth first, each level sorted. */
export function visibleRows(groups: GroupNode[], open: ReadonlySet<number>, sort: GroupSort): GroupRow[] {
  const rows: GroupRow[] = [];
  const walk = (nodes: GroupNode[], depth: number, parentIds: number[]) => {
    for (const node of sorted(nodes, sort)) {
      rows.push({ node, depth, parentIds });
      if (open.has(node.id)) walk(node.children, depth + 1, [...parentIds, node.id]);
    }
  };
  walk(groups, 0, []);
  return rows;
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Every group (all levels) as CSV: its path of values, packets, bytes and time span. */
export function groupsCsv(groups: GroupNode[], fields: string[]): string {
  const lines = [[...fields, 'Packets', 'Bytes', 'First (s)', 'Last (s)'].map(csvCell).join(',')];
  const walk = (nodes: GroupNode[], path: string[]) => {
    for (const n of nodes) {
      const values = [...path, n.value];
      const padded = [...values, ...fields.slice(values.length).map(() => '')];
      lines.push(
        [...padded, `${n.packets}`, `${n.bytes}`, n.first.toFixed(6), n.last.toFixed(6)].map(csvCell).join(','),
      );
      walk(n.children, values);
    }
  };
  walk(groups, []);
  return lines.join('\r\n') + '\r\n';
}
