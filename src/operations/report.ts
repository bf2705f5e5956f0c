import type { Operation, OperationGroup } from './types';

/** Is an operation slow: answered `slowSeconds` or more after its request. */
export function isSlow(operation: Operation, slowSeconds: number): boolean {
  return operation.responseTime !== undefined && operation.responseTime >= slowSeconds;
}

/** Operations by conversation, conversations in the order of their first request. */
export function groupOperations(operations: readonly Operation[], slowSeconds: number): OperationGroup[] {
  const groups = new Map<string, OperationGroup>();
  for (const operation of operations) {
    let group = groups.get(operation.conversation);
    if (!group) {
      group = {
        conversation: operation.conversation,
        label: operation.conversationLabel,
        operations: [],
        failed: 0,
        slow: 0,
      };
      groups.set(operation.conversation, group);
    }
    group.operations.push(operation);
    if (operation.severity === 'failed') group.failed++;
    if (isSlow(operation, slowSeconds)) group.slow++;
  }
  return [...groups.values()];
}

/** A display filter selecting an operation's request and response frames. */
export function operationFilter(operation: Operation): string {
  return operation.responseFrame === undefined
    ? `frame.number == ${operation.requestFrame}`
    : `frame.number == ${operation.requestFrame} || frame.number == ${operation.responseFrame}`;
}

/** Seconds as milliseconds with three decimals ("12.345 ms"). */
export function formatMillis(seconds: number | undefined): string {
  return seconds === undefined ? '' : `${(seconds * 1000).toFixed(3)} ms`;
}

const KIND_NAMES: Record<Operation['kind'], string> = {
  dns: 'DNS',
  http: 'HTTP',
  http2: 'HTTP/2',
  ftp: 'FTP',
  smtp: 'SMTP',
  smb2: 'SMB2',
  msnp: 'MSNP',
  dhcp: 'DHCP',
  icmp: 'ICMP',
};

export function kindName(kind: Operation['kind']): string {
  return KIND_NAMES[kind];
}

/**
 * `loupe operations`' table: one block per conversation, one line per operation with its frames, start, response
 * time, protocol, summary and status; failed operations marked `!`, slow ones `~` (both: `!~`).
 */
export function operationsText(groups: readonly OperationGroup[], slowSeconds: number): string {
  const total = groups.reduce((n, g) => n + g.operations.length, 0);
  const failed = groups.reduce((n, g) => n + g.failed, 0);
  const slow = groups.reduce((n, g) => n + g.slow, 0);
  const lines: string[] = [
    `${total} operation${total === 1 ? '' : 's'} in ${groups.length} conversation${groups.length === 1 ? '' : 's'}: ` +
      `${failed} failed (!), ${slow} slow (~, ${slowSeconds} s or more)`,
  ];
  for (const group of groups) {
    lines.push(
      '',
      `${group.label}  (${group.operations.length} operations, ${group.failed} failed, ${group.slow} slow)`,
    );
    const rows = group.operations.map((o) => [
      `${o.severity === 'failed' ? '!' : ' '}${isSlow(o, slowSeconds) ? '~' : ' '}`,
      String(o.requestFrame),
      o.responseFrame === undefined ? '-' : String(o.responseFrame),
      o.start.toFixed(6),
      o.responseTime === undefined ? '-' : formatMillis(o.responseTime),
      KIND_NAMES[o.kind],
      o.summary,
      o.status,
    ]);
    const header = ['', 'Req', 'Resp', 'Start', 'Time', 'Proto', 'Request', 'Status'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    widths[6] = Math.min(widths[6], 60);
    const cell = (text: string, c: number) => {
      const cut = text.length > widths[c] ? `${text.slice(0, widths[c] - 1)}…` : text;
      return c >= 1 && c <= 4 ? cut.padStart(widths[c]) : cut.padEnd(widths[c]);
    };
    for (const row of [header, ...rows]) lines.push(`  ${row.map(cell).join('  ').trimEnd()}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `loupe operations --json`: one document. */
export function operationsJson(groups: readonly OperationGroup[], slowSeconds: number, capture: string): string {
  const document = {
    capture,
    slowSeconds,
    operations: groups.reduce((n, g) => n + g.operations.length, 0),
    failed: groups.reduce((n, g) => n + g.failed, 0),
    slow: groups.reduce((n, g) => n + g.slow, 0),
    conversations: groups.map((g) => ({
      conversation: g.conversation,
      label: g.label,
      failed: g.failed,
      slow: g.slow,
      operations: g.operations.map((o) => ({ ...o, slow: isSlow(o, slowSeconds) })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
