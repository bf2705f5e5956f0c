import type { Operation } from '../../api/capture-api';
import { formatMillis, isSlow, kindName, operationFilter } from '../../operations/report';
import { conversationFilter as filterOnConversation } from '../../filter/conversation-filter';

export { operationFilter, kindName, isSlow };

/** A sortable column of the operations table. */
export interface OperationColumn {
  key: string;
  label: string;
  numeric?: boolean;
  /** The sort key (undefined sorts last). */
  value: (o: Operation) => number | string | undefined;
  text: (o: Operation) => string;
}

export const COLUMNS: OperationColumn[] = [
  { key: 'request', label: 'Request', numeric: true, value: (o) => o.requestFrame, text: (o) => `${o.requestFrame}` },
  {
    key: 'response',
    label: 'Response',
    numeric: true,
    value: (o) => o.responseFrame,
    text: (o) => (o.responseFrame === undefined ? '—' : `${o.responseFrame}`),
  },
  {
    key: 'time',
    label: 'Response time',
    numeric: true,
    value: (o) => o.responseTime,
    text: (o) => (o.responseTime === undefined ? '—' : formatMillis(o.responseTime)),
  },
  { key: 'kind', label: 'Protocol', value: (o) => kindName(o.kind), text: (o) => kindName(o.kind) },
  { key: 'status', label: 'Status', value: (o) => o.status, text: (o) => o.status },
  { key: 'summary', label: 'Summary', value: (o) => o.summary, text: (o) => o.summary },
  { key: 'start', label: 'Start (s)', numeric: true, value: (o) => o.start, text: (o) => o.start.toFixed(6) },
  { key: 'client', label: 'Client', value: (o) => o.client, text: (o) => o.client },
  { key: 'server', label: 'Server', value: (o) => o.server, text: (o) => o.server },
];

export interface OperationSort {
  key: string;
  descending: boolean;
}

/** Rows in the chosen order (stable: ties keep request order; absent values last either way). */
export function sortOperations(rows: readonly Operation[], sort: OperationSort | undefined): Operation[] {
  if (!sort) return [...rows];
  const column = COLUMNS.find((c) => c.key === sort.key);
  if (!column) return [...rows];
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.requestFrame - b.requestFrame;
  });
}

/** Does an operation match the filter box's words (each must occur in one of its texts, any case)? */
export function matchesSearch(o: Operation, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = [kindName(o.kind), o.client, o.server, o.summary, o.status, o.conversationLabel, o.severity]
    .join(' ')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/**
 * "Filter on this conversation" for a conversation as the operations key it ("tcp 3", "icmp a b"): Message Analyzer's
 * conversation filter (filter/conversation-filter.ts), the stream for TCP and UDP, the two hosts for ICMP.
 */
export function conversationFilter(conversation: string): string {
  const [kind, a, b] = conversation.split(' ');
  if (kind === 'tcp' || kind === 'udp') return filterOnConversation(kind, { a: '', b: '', stream: Number(a) });
  return filterOnConversation(a.includes(':') ? 'ipv6' : 'ip', { a, b: b ?? a });
}

export interface ConversationRows {
  conversation: string;
  label: string;
  operations: Operation[];
  failed: number;
  slow: number;
}

/** Operations by conversation (conversations in order of their first request), each group sorted. */
export function byConversation(
  rows: readonly Operation[],
  sort: OperationSort | undefined,
  slowSeconds: number,
): ConversationRows[] {
  const groups = new Map<string, ConversationRows>();
  for (const o of [...rows].sort((a, b) => a.requestFrame - b.requestFrame)) {
    let group = groups.get(o.conversation);
    if (!group) {
      group = { conversation: o.conversation, label: o.conversationLabel, operations: [], failed: 0, slow: 0 };
      groups.set(o.conversation, group);
    }
    group.operations.push(o);
    if (o.severity === 'failed') group.failed++;
    if (isSlow(o, slowSeconds)) group.slow++;
  }
  return [...groups.values()].map((g) => ({ ...g, operations: sortOperations(g.operations, sort) }));
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The rows as CSV (RFC 4180), one line per operation, with its conversation, severity and slowness. */
export function operationsCsv(rows: readonly Operation[], slowSeconds: number): string {
  const header = [
    'Conversation',
    'Request frame',
    'Response frame',
    'Start (s)',
    'Response time (s)',
    'Protocol',
    'Client',
    'Server',
    'Summary',
    'Status',
    'Severity',
    'Slow',
  ];
  const lines = rows.map((o) =>
    [
      o.conversationLabel,
      `${o.requestFrame}`,
      o.responseFrame === undefined ? '' : `${o.responseFrame}`,
      o.start.toFixed(9),
      o.responseTime === undefined ? '' : o.responseTime.toFixed(9),
      kindName(o.kind),
      o.client,
      o.server,
      o.summary,
      o.status,
      o.severity,
      isSlow(o, slowSeconds) ? 'yes' : 'no',
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The rows as one JSON document. */
export function operationsJsonText(rows: readonly Operation[], slowSeconds: number): string {
  return `${JSON.stringify(
    { slowSeconds, operations: rows.map((o) => ({ ...o, slow: isSlow(o, slowSeconds) })) },
    null,
    2,
  )}\n`;
}
