import { describe, expect, it } from 'vitest';
import { ColumnTable, NameColumn, TextColumn } from '../../src/worker/column-table';
import { compareText } from '../../src/worker/row-order';

describe('column table', () => {
  it("gives back each frame's Protocol and Info, across growth", () => {
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

  it('writes UTF-8 exactly as TextEncoder does, lone surrogates and text after a pair included', () => {
    const texts = ['\u007f\u0080\u07ff\u0800\uffff', '😀 then é and →', 'a\ud800b', 'x\udc00', '€'.repeat(1365)];
    const column = new TextColumn();
    for (const text of texts) column.push(text);
    const decoder = new TextDecoder();
    texts.forEach((text, i) => expect(column.get(i)).toBe(decoder.decode(new TextEncoder().encode(text))));
  });

  it('takes rows whose dissection writes Info itself as it takes strings, a too long one cut as a string is', () => {
    const texts = ['443 → 80 [ACK] Seq=1', '', 'é'.repeat(3000), 'z'.repeat(5000)];
    const table = new ColumnTable();
    for (let round = 0; round < 400; round++) {
      for (const text of texts) {
        table.pushDissection({ protocol: 'TCP', info: text, writeInfo: (w) => w.text(text) });
        table.push('UDP', text);
      }
    }
    for (let i = 0; i < table.count; i += 2) {
      expect(table.info(i)).toBe(table.info(i + 1));
      expect([table.protocol(i), table.protocol(i + 1)]).toEqual(['TCP', 'UDP']);
    }
    expect(table.info(6)).toBe('z'.repeat(4096));
  });

  it('holds a million short rows in a few tens of megabytes', () => {
    const table = new ColumnTable();
    for (let i = 0; i < 1_000_000; i++) table.push('TCP', `443 → 51234 [ACK] Seq=${i} Ack=1 Win=501 Len=0`);
    expect(table.byteSize).toBeLessThan(1_000_000 * 64);
    expect(table.info(123456)).toBe('443 → 51234 [ACK] Seq=123456 Ack=1 Win=501 Len=0');
  }, 30_000);

  it('ranks names for sorting without comparing strings per row', () => {
    const table = new ColumnTable();
    table.push('TCP', 'a');
    table.push('ARP', 'b');
    table.push('UDP', 'c');
    table.push('TCP', 'd');
    expect(Array.from(table.protocols.ranks(compareText))).toEqual([1, 0, 2, 1]);
    const addresses = new NameColumn();
    for (const a of ['10.0.0.10', '10.0.0.9', '10.0.0.10', '']) addresses.push(a);
    expect(Array.from(addresses.ranks(compareText))).toEqual([2, 1, 2, 0]);
  });

  it('widens a name column past 65536 distinct values, and compares text by its UTF-8 bytes', () => {
    const names = new NameColumn();
    for (let i = 0; i < 70_000; i++) names.push(`host-${i}`);
    expect(names.get(69_999)).toBe('host-69999');
    expect(names.get(3)).toBe('host-3');
    const texts = new TextColumn();
    for (const t of ['b', 'a', 'ab', '', 'é']) texts.push(t);
    expect(Math.sign(texts.compare(0, 1))).toBe(1);
    expect(Math.sign(texts.compare(1, 2))).toBe(-1);
    expect(Math.sign(texts.compare(3, 1))).toBe(-1);
    expect(Math.sign(texts.compare(4, 0))).toBe(1);
    expect(texts.compare(1, 1)).toBe(0);
  });

  it('survives a snapshot and restore across several text chunks, and grows again after it', () => {
    const table = new ColumnTable();
    const info = (i: number) => `${i} ${'€'.repeat(i % 300)}`;
    for (let i = 0; i < 6000; i++) table.push(i % 5 ? 'TLSv1.3' : 'DNS', info(i));
    const snapshot = table.snapshot();
    expect(snapshot.chunks.length).toBeGreaterThan(2);
    // Chunks are cut to their text: no megabyte of zeros after the last row.
    expect(snapshot.chunks.reduce((sum, c) => sum + c.length, 0)).toBeLessThan(6000 * 460);
    const copy = {
      ...snapshot,
      protocols: snapshot.protocols.slice(),
      starts: snapshot.starts.slice(),
      lengths: snapshot.lengths.slice(),
      chunks: snapshot.chunks.map((c) => c.slice()),
    };
    const back = ColumnTable.restore(copy);
    for (const i of [0, 1, 2999, 5999])
      expect([back.protocol(i), back.info(i)]).toEqual([table.protocol(i), table.info(i)]);
    back.push('HTTP', 'after');
    expect([back.count, back.protocol(6000), back.info(6000), back.info(5999)]).toEqual([
      6001,
      'HTTP',
      'after',
      info(5999),
    ]);
    expect(() => ColumnTable.restore({ ...copy, lengths: copy.lengths.subarray(1) })).toThrow(/row count/);
    expect(() => ColumnTable.restore({ ...copy, chunks: copy.chunks.slice(0, 1) })).toThrow(/outside the stored text/);
  });
});
