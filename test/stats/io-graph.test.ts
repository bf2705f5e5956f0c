import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/core/source';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { DissectedFrameSource } from '../../src/dissectors/field-source';
import { fieldById, fieldId } from '../../src/fields/registry';
import {
  frameMicros,
  IoAccumulator,
  intervalCount,
  intervalOf,
  numericValues,
  type IoMetric,
} from '../../src/stats/io-graph';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

describe('IoAccumulator', () => {
  it('counts packets and bytes, and keeps each interval first frame', () => {
    const packets = new IoAccumulator('packets', 3);
    const bytes = new IoAccumulator('bytes', 3);
    for (const [interval, frame, length] of [
      [0, 1, 60],
      [0, 2, 100],
      [2, 3, 40],
    ]) {
      packets.add(interval, frame, length);
      bytes.add(interval, frame, length);
    }
    expect(packets.line()).toEqual({ values: [2, 0, 1], firstFrames: [1, 0, 3] });
    expect(bytes.line().values).toEqual([160, 0, 40]);
  });

  it('sums, averages and takes extremes over every occurrence; an interval without one has no value', () => {
    const line = (metric: IoMetric) => {
      const sum = new IoAccumulator(metric, 2);
      sum.add(0, 1, [5, -3]);
      sum.add(0, 2, [10]);
      return sum.line().values;
    };
    expect(line('sum')).toEqual([12, 0]);
    expect(line('min')).toEqual([-3, null]);
    expect(line('max')).toEqual([10, null]);
    expect(line('avg')).toEqual([4, null]);
  });
});

describe('intervals', () => {
  it('counts the intervals the duration reaches into, as io,stat does', () => {
    expect(intervalCount(0, 1000)).toBe(1);
    expect(intervalCount(2500, 1000)).toBe(3);
    expect(intervalCount(3000, 1000)).toBe(3);
    expect(intervalOf(3000, 1000, 3)).toBe(2);
    expect(() => intervalCount(10, 0)).toThrow(RangeError);
    expect(() => intervalCount(1e12, 1)).toThrow(/too many/);
  });

  it('reads numbers and times (nanoseconds, in seconds); other values are no numbers', () => {
    expect(numericValues([3, 4], false)).toEqual([3, 4]);
    expect(numericValues([1_500_000_000n], true)).toEqual([1.5]);
    expect(numericValues([new Uint8Array(1)], false)).toBeUndefined();
  });
});

/** tshark's io,stat table rows: the numbers of each column after the interval. */
function ioStatRows(text: string): number[][] {
  return text
    .split('\n')
    .filter((line) => / <> /.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(2)
        .map((cell) => cell.trim())
        .filter(Boolean)
        .map(Number),
    );
}

describe.skipIf(!hasCorpus)('field series against tshark io,stat', () => {
  it('http_google: MAX and SUM of tcp.len, AVG of ack_rtt, MIN of the window per 20 ms', async () => {
    const source = await openCapture(new Blob([readFileSync(join(CORPUS, 'real', 'http_google.pcapng')) as BlobPart]));
    const series: [IoMetric, string][] = [
      ['max', 'tcp.len'],
      ['sum', 'tcp.len'],
      ['avg', 'tcp.analysis.ack_rtt'],
      ['min', 'tcp.window_size'],
    ];
    const frames: { sec: number; nsec: number; values: number[][] }[] = [];
    await dissectFrames(await newCore(), source.blob, (frame) => {
      const values = series.map(([, name]) => {
        const id = fieldId(name)!;
        return numericValues(
          new DissectedFrameSource(frame.input, frame.app).values(id),
          fieldById(id)!.type === 'reltime',
        )!;
      });
      const rec = frame.input.records;
      // frame.time_epoch: whole seconds in two words, then nanoseconds.
      for (let at = frame.input.start; at < frame.input.end; at += 8) {
        if (rec[at] === fieldId('frame.time_epoch')) frames.push({ sec: rec[at + 4], nsec: rec[at + 6], values });
      }
    });
    const tsSec = frames.map((f) => f.sec);
    const tsNsec = frames.map((f) => f.nsec);
    const micros = frames.map((_, i) => frameMicros(tsSec, tsNsec, i));
    const count = intervalCount(Math.max(...micros), 20_000);
    const lines = series.map(([metric], s) => {
      const sum = new IoAccumulator(metric, count);
      frames.forEach((f, i) => {
        if (f.values[s].length) sum.add(intervalOf(micros[i], 20_000, count), i + 1, f.values[s]);
      });
      return sum.line().values;
    });
    const expected = ioStatRows(readFileSync(join(__dirname, '../fixtures/graphs/http_google.io-stat.txt'), 'utf8'));
    expect(expected.length).toBe(count);
    expected.forEach((row, k) => {
      // tshark prints an interval without a value as 0; the graph leaves a gap there.
      const ours = lines.map((line) => line[k] ?? 0);
      expect(
        ours.map((v, c) => (c === 2 ? v.toFixed(6) : String(v))),
        `interval ${k}`,
      ).toEqual(row.map((v, c) => (c === 2 ? v.toFixed(6) : String(v))));
    });
  });
});
