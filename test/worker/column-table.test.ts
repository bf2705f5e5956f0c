import { describe, expect, it } from 'vitest';
import { ColumnTable } from '../../src/worker/column-table';

describe('column table', () => {
  it('gives back each frame\'s Protocol and Info, across growth', () => {
    const table = new ColumnTable();
    for (let i = 0; i < 5000; i++) table.push(i % 3 ? 'TCP' : 'DNS', `frame ${i} → ${'x'.repeat(i % 50)}`);
    expect(table.count).toBe(5000);
    expect(table.protocol(0)).toBe('DNS');
    expect(table.protocol(4999)).toBe('TCP');
    expect(table.info(0)).toBe('frame 0 → ');
    expect(table.info(4999)).toBe(`frame 4999 → ${'x'.repeat(49)}`);
  });

  it('keeps empty and non-ASCII Info, and cuts Info at 4096 characters as Wireshark does', () => {
    const table = new ColumnTable();
    table.push('', '');
    table.push('HTTP', 'GET /ä€😀 HTTP/1.1');
    table.push('Ethernet', '');
    expect([table.info(0), table.info(1), table.info(2)]).toEqual(['', 'GET /ä€😀 HTTP/1.1', '']);
    expect(table.protocol(2)).toBe('Ethernet');
    table.push('HTTP', 'y'.repeat(5000));
    expect(table.info(3)).toBe('y'.repeat(4096));
  });

  it('holds a million short rows in a few tens of megabytes', () => {
    const table = new ColumnTable();
    for (let i = 0; i < 1_000_000; i++) table.push('TCP', `443 → 51234 [ACK] Seq=${i} Ack=1 Win=501 Len=0`);
    expect(table.byteSize).toBeLessThan(1_000_000 * 64);
    expect(table.info(123456)).toBe('443 → 51234 [ACK] Seq=123456 Ack=1 Win=501 Len=0');
  });
});
