import type {
  ConversationRow,
  EndpointRow,
  ExpertTableRow,
  HierarchyNode,
  TapKind,
  TreeName,
} from '../../api/capture-api';
import { quoteString } from '../protocol-tree/field-filter';
import { conversationFilter as filterOnConversation } from '../../filter/conversation-filter';
import type { ColumnSort } from '../table/column-sort';

/** The statistics view's tabs. */
export type StatisticsTab = 'conversations' | 'endpoints' | 'hierarchy' | 'io' | 'plen' | 'http' | 'dns' | 'expert';

/** The HTTP tab's three trees, as Wireshark's Statistics > HTTP menu names them. */
export const HTTP_TREES: { id: TreeName; label: string }[] = [
  { id: 'http', label: 'Packet Counter' },
  { id: 'http_req', label: 'Requests' },
  { id: 'http_srv', label: 'Load Distribution' },
];

/** The layers the Conversations and Endpoints tabs offer, as Wireshark names them. */

export const KIND_LABELS: Record<TapKind, string> = {
  eth: 'Ethernet',
  ip: 'IPv4',
  ipv6: 'IPv6',
  tcp: 'TCP',
  udp: 'UDP',
};

const ADDRESS_FIELD: Record<TapKind, string> = {
  eth: 'eth.addr',
  ip: 'ip.addr',
  ipv6: 'ipv6.addr',
  tcp: 'ip.addr',
  udp: 'ip.addr',
};

const isIpv6 = (address: string) => address.includes(':') && !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(address);
const addressField = (kind: TapKind, address: string) =>
  (kind === 'tcp' || kind === 'udp') && isIpv6(address) ? 'ipv6.addr' : ADDRESS_FIELD[kind];

/**
 * "Filter on this conversation": Message Analyzer's conversation filter (filter/conversation-filter.ts), the stream
 * for TCP and UDP, both addresses for a link or network layer.
 */
export function conversationFilter(kind: TapKind, row: ConversationRow): string {
  return filterOnConversation(kind, row);
}

/** The display filter that shows one endpoint's traffic. */
export function endpointFilter(kind: TapKind, row: EndpointRow): string {
  const address = `${addressField(kind, row.address)}==${row.address}`;
  return row.port === undefined ? address : `${address} && ${kind}.port==${row.port}`;
}

/** Bits per second over a duration; undefined when there is no duration to divide by (Wireshark shows N/A). */
export function bitsPerSecond(bytes: number, seconds: number): number | undefined {
  return seconds > 0 ? (bytes * 8) / seconds : undefined;
}

/** "1234", "12 k", "3.4 M": bits/s and byte counts as Wireshark's tables abbreviate them. */
export function siText(value: number | undefined, unit = ''): string {
  if (value === undefined) return 'N/A';
  const prefixes = ['', 'k', 'M', 'G', 'T'];
  let p = 0;
  let v = value;
  while (Math.abs(v) >= 1000 && p < prefixes.length - 1) {
    v /= 1000;
    p++;
  }
  const digits = p === 0 ? (Number.isInteger(v) ? 0 : 1) : v < 10 ? 1 : 0;
  return `${v.toFixed(digits)}${p || unit ? ' ' : ''}${prefixes[p]}${unit}`;
}

/** A sortable column of a statistics table. */
export interface Column<T> {
  key: string;
  label: string;
  value: (row: T) => number | string;
  text?: (row: T) => string;
  numeric?: boolean;
}

/** Rows ordered by one column (numbers numerically, text by locale), ties kept in their order. */
export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: ColumnSort | undefined): T[] {
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!column) return [...rows];
  const sign = sort!.descending ? -1 : 1;
  return rows
    .map((row, k) => ({ row, k, v: column.value(row) }))
    .sort((x, y) => {
      const c =
        typeof x.v === 'number' && typeof y.v === 'number'
          ? x.v - y.v
          : String(x.v).localeCompare(String(y.v), undefined, { numeric: true });
      return c * sign || x.k - y.k;
    })
    .map((x) => x.row);
}

const ports = (kind: TapKind) => kind === 'tcp' || kind === 'udp';

export function conversationColumns(kind: TapKind): Column<ConversationRow>[] {
  const p = ports(kind);
  return [
    { key: 'a', label: 'Address A', value: (r) => r.a },
    ...(p ? [{ key: 'portA', label: 'Port A', value: (r: ConversationRow) => r.portA ?? 0, numeric: true }] : []),
    { key: 'b', label: 'Address B', value: (r) => r.b },
    ...(p ? [{ key: 'portB', label: 'Port B', value: (r: ConversationRow) => r.portB ?? 0, numeric: true }] : []),
    { key: 'frames', label: 'Packets', value: (r) => r.framesAToB + r.framesBToA, numeric: true },
    { key: 'bytes', label: 'Bytes', value: (r) => r.bytesAToB + r.bytesBToA, numeric: true },
    ...(p ? [{ key: 'stream', label: 'Stream ID', value: (r: ConversationRow) => r.stream ?? -1, numeric: true }] : []),
    { key: 'framesAB', label: 'Packets A → B', value: (r) => r.framesAToB, numeric: true },
    { key: 'bytesAB', label: 'Bytes A → B', value: (r) => r.bytesAToB, numeric: true },
    { key: 'framesBA', label: 'Packets B → A', value: (r) => r.framesBToA, numeric: true },
    { key: 'bytesBA', label: 'Bytes B → A', value: (r) => r.bytesBToA, numeric: true },
    { key: 'start', label: 'Rel Start', value: (r) => r.start, text: (r) => r.start.toFixed(6), numeric: true },
    { key: 'duration', label: 'Duration', value: (r) => r.duration, text: (r) => r.duration.toFixed(4), numeric: true },
    {
      key: 'bpsAB',
      label: 'Bits/s A → B',
      value: (r) => bitsPerSecond(r.bytesAToB, r.duration) ?? -1,
      text: (r) => siText(bitsPerSecond(r.bytesAToB, r.duration), 'bit/s'),
      numeric: true,
    },
    {
      key: 'bpsBA',
      label: 'Bits/s B → A',
      value: (r) => bitsPerSecond(r.bytesBToA, r.duration) ?? -1,
      text: (r) => siText(bitsPerSecond(r.bytesBToA, r.duration), 'bit/s'),
      numeric: true,
    },
  ];
}

export function endpointColumns(kind: TapKind): Column<EndpointRow>[] {
  return [
    { key: 'address', label: 'Address', value: (r) => r.address },
    ...(ports(kind) ? [{ key: 'port', label: 'Port', value: (r: EndpointRow) => r.port ?? 0, numeric: true }] : []),
    { key: 'frames', label: 'Packets', value: (r) => r.txFrames + r.rxFrames, numeric: true },
    { key: 'bytes', label: 'Bytes', value: (r) => r.txBytes + r.rxBytes, numeric: true },
    { key: 'tx', label: 'Tx Packets', value: (r) => r.txFrames, numeric: true },
    { key: 'txBytes', label: 'Tx Bytes', value: (r) => r.txBytes, numeric: true },
    { key: 'rx', label: 'Rx Packets', value: (r) => r.rxFrames, numeric: true },
    { key: 'rxBytes', label: 'Rx Bytes', value: (r) => r.rxBytes, numeric: true },
  ];
}

/** One line of the Protocol Hierarchy table: a node with its depth and share of the frames counted. */
export interface HierarchyLine {
  node: HierarchyNode;
  depth: number;
  path: string;
  framePercent: number;
  bytePercent: number;
}

/** The hierarchy flattened depth first, with each protocol's share of all frames and bytes counted. */
export function hierarchyLines(roots: readonly HierarchyNode[]): HierarchyLine[] {
  const frames = roots.reduce((s, n) => s + n.frames, 0);
  const bytes = roots.reduce((s, n) => s + n.bytes, 0);
  const lines: HierarchyLine[] = [];
  const walk = (nodes: readonly HierarchyNode[], depth: number, prefix: string) => {
    for (const node of nodes) {
      const path = prefix ? `${prefix}:${node.protocol}` : node.protocol;
      lines.push({
        node,
        depth,
        path,
        framePercent: frames ? (100 * node.frames) / frames : 0,
        bytePercent: bytes ? (100 * node.bytes) / bytes : 0,
      });
      walk(node.children, depth + 1, path);
    }
  };
  walk(roots, 0, '');
  return lines;
}

/** The display filter selecting the frames carrying an expert item of this summary. */
export function expertFilter(row: ExpertTableRow): string {
  return `_ws.expert.message == ${quoteString(row.summary)}`;
}

export const EXPERT_COLUMNS: Column<ExpertTableRow>[] = [
  {
    key: 'severity',
    label: 'Severity',
    value: (r) => ['Chat', 'Note', 'Warning', 'Error'].indexOf(r.severity),
    text: (r) => r.severity,
  },
  { key: 'summary', label: 'Summary', value: (r) => r.summary },
  { key: 'group', label: 'Group', value: (r) => r.group },
  { key: 'protocol', label: 'Protocol', value: (r) => r.protocol },
  { key: 'count', label: 'Count', value: (r) => r.frequency, numeric: true },
  { key: 'first', label: 'First packet', value: (r) => r.firstFrame, numeric: true },
];

export const HIERARCHY_COLUMNS: Column<HierarchyLine>[] = [
  { key: 'protocol', label: 'Protocol', value: (l) => l.path },
  {
    key: 'framePercent',
    label: 'Percent Packets',
    value: (l) => l.framePercent,
    text: (l) => l.framePercent.toFixed(1),
    numeric: true,
  },
  { key: 'frames', label: 'Packets', value: (l) => l.node.frames, numeric: true },
  {
    key: 'bytePercent',
    label: 'Percent Bytes',
    value: (l) => l.bytePercent,
    text: (l) => l.bytePercent.toFixed(1),
    numeric: true,
  },
  { key: 'bytes', label: 'Bytes', value: (l) => l.node.bytes, numeric: true },
];
