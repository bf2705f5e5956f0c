import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/operations/types';
import {
  byConversation,
  conversationFilter,
  matchesSearch,
  operationsCsv,
  sortOperations,
} from '../../../src/ui/operations/operations-table';

const op = (over: Partial<Operation>): Operation => ({
  kind: 'http',
  conversation: 'tcp 0',
  conversationLabel: 'TCP 10.0.0.1:5000 ↔ 10.0.0.2:80',
  client: '10.0.0.1:5000',
  server: '10.0.0.2:80',
  requestFrame: 1,
  responseFrame: 2,
  start: 0,
  responseTime: 0.01,
  summary: 'GET /',
  status: '200 OK',
  severity: 'ok',
  ...over,
});

describe('operations table', () => {
  const rows = [
    op({ requestFrame: 1, responseTime: 0.5 }),
    op({
      requestFrame: 3,
      responseTime: undefined,
      responseFrame: undefined,
      severity: 'failed',
      status: 'no response',
    }),
    op({ requestFrame: 5, responseTime: 2, conversation: 'udp 1', kind: 'dns', summary: 'A x, "y"' }),
  ];

  it('sorts by a column, slowest first, unanswered last', () => {
    expect(sortOperations(rows, { key: 'time', descending: true }).map((o) => o.requestFrame)).toEqual([5, 1, 3]);
    expect(sortOperations(rows, { key: 'time', descending: false }).map((o) => o.requestFrame)).toEqual([1, 5, 3]);
  });

  it('finds by every word, in any column', () => {
    expect(rows.filter((o) => matchesSearch(o, 'no RESPONSE')).map((o) => o.requestFrame)).toEqual([3]);
    expect(rows.filter((o) => matchesSearch(o, 'dns x')).map((o) => o.requestFrame)).toEqual([5]);
  });

  it('groups by conversation, counting failed and slow', () => {
    const groups = byConversation(rows, undefined, 1);
    expect(groups.map((g) => [g.conversation, g.operations.length, g.failed, g.slow])).toEqual([
      ['tcp 0', 2, 1, 0],
      ['udp 1', 1, 0, 1],
    ]);
  });

  it('filters on a conversation by stream or by the two hosts', () => {
    expect(conversationFilter('tcp 3')).toBe('conversation.tcp == 3');
    expect(conversationFilter('udp 0')).toBe('conversation.udp == 0');
    expect(conversationFilter('icmp 10.0.0.1 10.0.0.2')).toBe(
      'conversation.ip == 10.0.0.1 && conversation.ip == 10.0.0.2',
    );
    expect(conversationFilter('icmp fe80::1 fe80::2')).toBe(
      'conversation.ipv6 == fe80::1 && conversation.ipv6 == fe80::2',
    );
  });

  it('writes CSV with quoted cells where needed', () => {
    const lines = operationsCsv(rows, 1).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('"A x, ""y"""');
    expect(lines[2]).toMatch(/,3,,0\.000000000,,HTTP,/);
    expect(lines[3].endsWith(',ok,yes')).toBe(true);
  });
});
