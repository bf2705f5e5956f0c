import { describe, expect, it } from 'vitest';
import { Bytes, Malformed } from '../../../src/dissectors/bytes';
import { readName } from '../../../src/dissectors/dns/names';
import { fieldRows, tcpFrame, udpFrame } from '../support/frames';
import { hasCorpus, CORPUS } from '../../support/corpus';
import { fieldsOf } from '../../support/run';
import { join } from 'node:path';

const header = (id: number, flags: number, counts: number[]) => [
  id >> 8,
  id & 255,
  flags >> 8,
  flags & 255,
  ...counts.flatMap((c) => [0, c]),
];
const name = (...labels: string[]) => [
  ...labels.flatMap((l) => [l.length, ...Array.from(l, (c) => c.charCodeAt(0))]),
  0,
];
const FIELDS = ['dns.id', 'dns.qry.name', 'dns.a', 'dns.cname', '_ws.col.Protocol', '_ws.col.Info', '_ws.malformed'];

describe('DNS names', () => {
  it('follows compression pointers backwards', () => {
    const msg = new Bytes(Uint8Array.from([...name('www', 'example', 'test'), 3, 0x66, 0x6f, 0x6f, 0xc0, 4]));
    expect(readName(msg, 0).text).toBe('www.example.test');
    expect(readName(msg, 18)).toEqual({ text: 'foo.example.test', length: 6, labels: 3 });
  });

  it('refuses a pointer loop instead of spinning', () => {
    expect(() => readName(new Bytes(Uint8Array.from([0xc0, 0x00])), 0)).toThrow(Malformed);
    expect(() => readName(new Bytes(Uint8Array.from([1, 0x61, 0xc0, 0x02])), 0)).toThrow(Malformed);
  });

  it('names the root', () => {
    expect(readName(new Bytes(Uint8Array.of(0)), 0).text).toBe('<Root>');
  });
});

describe('DNS dissector', () => {
  it('dissects a query and its response and pairs them', async () => {
    const query = Uint8Array.from([...header(0x1234, 0x0100, [1, 0, 0, 0]), ...name('a', 'test'), 0, 1, 0, 1]);
    const answer = [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7];
    const response = Uint8Array.from([
      ...header(0x1234, 0x8180, [1, 1, 0, 0]),
      ...name('a', 'test'),
      0,
      1,
      0,
      1,
      ...answer,
    ]);
    const rows = await fieldRows(
      [udpFrame(query, 5000, 53), udpFrame(response, 53, 5000, true)],
      [...FIELDS, 'dns.response_to', 'dns.time'],
    );
    expect(rows[0]).toEqual(['0x1234', 'a.test', '', '', 'DNS', 'Standard query 0x1234 A a.test', '', '', '']);
    expect(rows[1]).toEqual([
      '0x1234',
      'a.test',
      '192.0.2.7',
      '',
      'DNS',
      'Standard query response 0x1234 A a.test A 192.0.2.7',
      '',
      '1',
      '1.000000000',
    ]);
  });

  it('marks truncated and looping messages malformed without throwing', async () => {
    const truncated = Uint8Array.from(header(1, 0x0100, [1, 0, 0, 0]));
    const loop = Uint8Array.from([...header(2, 0x0100, [1, 0, 0, 0]), 0xc0, 12, 0, 1, 0, 1]);
    const garbage = Uint8Array.from([1, 2, 3]);
    const rows = await fieldRows(
      [udpFrame(truncated, 5000, 53), udpFrame(loop, 5000, 53), udpFrame(garbage, 5000, 53)],
      FIELDS,
    );
    expect(rows[0].slice(4)).toEqual(['DNS', 'Standard query 0x0001[Malformed Packet]', '']);
    expect(rows[1][5]).toBe('Standard query 0x0002[Malformed Packet]');
    // The Protocol column is DNS's as soon as it starts, as in tshark.
    expect(rows[2].slice(4, 6)).toEqual(['DNS', '[Malformed Packet]']);
  });

  it('reassembles a TCP message split after one byte of its length', async () => {
    const query = Uint8Array.from([...header(7, 0x0100, [1, 0, 0, 0]), ...name('b', 'test'), 0, 1, 0, 1]);
    const framed = Uint8Array.from([0, query.length, ...query]);
    const rows = await fieldRows(
      [tcpFrame(framed.subarray(0, 1), 5001, 53, 1000), tcpFrame(framed.subarray(1), 5001, 53, 1001)],
      FIELDS,
    );
    expect(rows[0][4]).toBe('TCP');
    expect(rows[0][5]).toMatch(/Len=1 \[TCP segment of a reassembled PDU\]$/);
    expect(rows[1].slice(0, 2)).toEqual(['0x0007', 'b.test']);
    expect(rows[1][4]).toBe('DNS');
  });
});

describe.skipIf(!hasCorpus)('DNS on the corpus', () => {
  it('answers dns.pcap over UDP and TCP', async () => {
    const { text } = await fieldsOf(join(CORPUS, 'apps/dns.pcap'), [
      'frame.number',
      'dns.qry.name',
      '_ws.col.Protocol',
    ]);
    expect(text.split('\n')[19]).toBe('20\tkeys.example.test\tDNS');
  });
});
