import { describe, expect, it } from 'vitest';
import {
  bitsPerSecond,
  conversationColumns,
  conversationFilter,
  endpointFilter,
  hierarchyLines,
  siText,
  sortRows,
} from '../../../src/ui/statistics/stat-tables';

const row = {
  a: '10.0.0.1',
  b: '10.0.0.2',
  framesAToB: 2,
  bytesAToB: 1000,
  framesBToA: 1,
  bytesBToA: 60,
  start: 0,
  duration: 2,
};

describe('statistics tables', () => {
  it('builds the filters Wireshark applies for a conversation or an endpoint', () => {
    expect(conversationFilter('ip', row)).toBe('conversation.ip == 10.0.0.1 && conversation.ip == 10.0.0.2');
    expect(conversationFilter('eth', { ...row, a: '00:11:22:33:44:55', b: 'ff:ff:ff:ff:ff:ff' })).toBe(
      'conversation.eth == 00:11:22:33:44:55 && conversation.eth == ff:ff:ff:ff:ff:ff',
    );
    expect(conversationFilter('tcp', { ...row, portA: 1, portB: 2, stream: 7 })).toBe('conversation.tcp == 7');
    expect(
      endpointFilter('udp', { address: 'fe80::1', port: 53, txFrames: 1, txBytes: 1, rxFrames: 0, rxBytes: 0 }),
    ).toBe('ipv6.addr==fe80::1 && udp.port==53');
    expect(endpointFilter('ipv6', { address: 'fe80::1', txFrames: 1, txBytes: 1, rxFrames: 0, rxBytes: 0 })).toBe(
      'ipv6.addr==fe80::1',
    );
  });

  it('gives bits per second, N/A without a duration', () => {
    expect(bitsPerSecond(1000, 2)).toBe(4000);
    expect(siText(bitsPerSecond(1000, 0), 'bit/s')).toBe('N/A');
    expect([999, 4000, 12_345, 2_500_000].map((v) => siText(v, 'bit/s'))).toEqual([
      '999 bit/s',
      '4.0 kbit/s',
      '12 kbit/s',
      '2.5 Mbit/s',
    ]);
  });

  it('sorts by a column, numbers numerically, ties in their order', () => {
    const columns = conversationColumns('ip');
    const rows = [
      { ...row, a: 'x', bytesAToB: 5 },
      { ...row, a: 'y', bytesAToB: 50 },
      { ...row, a: 'z', bytesAToB: 5 },
    ];
    expect(sortRows(rows, columns, { key: 'bytesAB', descending: true }).map((r) => r.a)).toEqual(['y', 'x', 'z']);
    expect(sortRows(rows, columns, { key: 'a', descending: true }).map((r) => r.a)).toEqual(['z', 'y', 'x']);
    expect(sortRows(rows, columns, undefined).map((r) => r.a)).toEqual(['x', 'y', 'z']);
  });

  it('flattens the hierarchy with shares of the whole', () => {
    const lines = hierarchyLines([
      { protocol: 'eth', frames: 4, bytes: 400, children: [{ protocol: 'ip', frames: 1, bytes: 100, children: [] }] },
    ]);
    expect(lines.map((l) => [l.path, l.depth, l.framePercent, l.bytePercent])).toEqual([
      ['eth', 0, 100, 100],
      ['eth:ip', 1, 25, 25],
    ]);
  });
});
