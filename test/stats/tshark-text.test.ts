import { describe, expect, it } from 'vitest';
import {
  conversationsText,
  endpointsText,
  hierarchyText,
  intervalPrecision,
  ioStatText,
  sizeText,
} from '../../src/stats/tshark-text';

describe('sizeText', () => {
  it('keeps bytes below 10 kB and truncates to whole units above', () => {
    expect([0, 9999, 10000, 16484, 9_999_999, 10_000_000, 123_456_789_012].map(sizeText)).toEqual([
      '0 bytes',
      '9999 bytes',
      '10 kB',
      '16 kB',
      '9999 kB',
      '10 MB',
      '123 GB',
    ]);
  });
});

describe('tshark text', () => {
  it('lays a conversation row out in tshark columns, most frames first', () => {
    const text = conversationsText('udp', [
      {
        a: '127.0.0.1',
        b: '127.0.0.53',
        portA: 36028,
        portB: 53,
        stream: 0,
        framesAToB: 1,
        bytesAToB: 99,
        framesBToA: 1,
        bytesBToA: 103,
        start: 0,
        duration: 0.000375,
      },
      {
        a: '10.0.0.1',
        b: '10.0.0.2',
        portA: 1,
        portB: 2,
        stream: 1,
        framesAToB: 3,
        bytesAToB: 16484,
        framesBToA: 0,
        bytesBToA: 0,
        start: 0.128582,
        duration: 1.5,
      },
    ]);
    const rows = text.split('\n').slice(5, 7);
    expect(rows[0]).toBe(
      '10.0.0.1:1                 <-> 10.0.0.2:2                       0 0 bytes         3 16 kB           3 16 kB         0.128582000         1.5000',
    );
    expect(rows[1]).toBe(
      '127.0.0.1:36028            <-> 127.0.0.53:53                    1 103 bytes       1 99 bytes        2 202 bytes     0.000000000         0.0004',
    );
    expect(text.startsWith('='.repeat(80) + '\nUDP Conversations\nFilter:<No Filter>\n')).toBe(true);
  });

  it('lays endpoints out with and without ports', () => {
    const row = { address: '127.0.0.53', txFrames: 7, txBytes: 1259, rxFrames: 7, rxBytes: 667 };
    expect(endpointsText('ip', [row], 'udp').split('\n')[4]).toBe(
      '127.0.0.53                    14          1926          7            1259           7             667   ',
    );
    expect(endpointsText('udp', [{ ...row, port: 53 }]).split('\n')[4]).toBe(
      '127.0.0.53                   53         14          1926          7            1259           7             667   ',
    );
  });

  it('indents the hierarchy two spaces a level', () => {
    const text = hierarchyText(
      [{ protocol: 'eth', frames: 2, bytes: 9, children: [{ protocol: 'arp', frames: 2, bytes: 9, children: [] }] }],
      'arp',
    );
    expect(text).toBe(
      `\n${'='.repeat(67)}\nProtocol Hierarchy Statistics\nFilter: arp\n\n${'eth'.padEnd(40)} frames:2 bytes:9\n${'  arp'.padEnd(40)} frames:2 bytes:9\n${'='.repeat(67)}\n`,
    );
  });

  it('draws io,stat with whole-second intervals up to "Dur"', () => {
    const series = { intervalUs: 1_000_000, durationUs: 1_003_792, frames: [7, 1], bytes: [518, 74] };
    const text = ioStatText(series, [series], [''], 0);
    expect(text).toBe(
      [
        '',
        '=============================',
        '| IO Statistics             |',
        '|                           |',
        '| Duration: 1.  3792 secs   |',
        '| Interval: 1 secs          |',
        '|                           |',
        '| Col 1: Frames and bytes   |',
        '|---------------------------|',
        '|          |1               |',
        '| Interval | Frames | Bytes |',
        '|---------------------------|',
        '|  0 <> 1  |      7 |   518 |',
        '|  1 <> Dur|      1 |    74 |',
        '=============================',
        '',
      ].join('\n'),
    );
  });

  it('reads the precision of an interval as written', () => {
    expect(['1', '0.1', '2.25', '10'].map(intervalPrecision)).toEqual([0, 1, 2, 0]);
  });
});
