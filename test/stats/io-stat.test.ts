import { describe, expect, it } from 'vitest';
import { FrameFacts } from '../../src/stats/frame-facts';
import { durationMicros, ioSeries } from '../../src/stats/io-stat';

function factsAt(times: number[]): FrameFacts {
  const facts = new FrameFacts();
  // Frames start at 50.9 s so the fraction crosses a second: relative times must not care.
  times.forEach((t, i) =>
    facts.push(50 + Math.floor(0.9 + t), Math.round(((0.9 + t) % 1) * 1e9), 10 * (i + 1), [], []),
  );
  return facts;
}

describe('ioSeries', () => {
  it('counts frames and bytes into intervals from the first frame to the last', () => {
    const facts = factsAt([0, 0.4, 1.0, 2.7]);
    expect(durationMicros(facts)).toBe(2_700_000);
    expect(ioSeries(facts, 1_000_000)).toEqual({
      intervalUs: 1_000_000,
      durationUs: 2_700_000,
      frames: [2, 1, 1],
      bytes: [30, 30, 40],
    });
    const some = ioSeries(facts, 500_000, Uint32Array.from([1, 4]));
    expect(some.frames).toEqual([1, 0, 0, 0, 0, 1]);
  });

  it('has one interval when the interval is longer than the capture', () => {
    expect(ioSeries(factsAt([0, 0.2]), 10_000_000).frames).toEqual([2]);
  });

  it('refuses an interval of zero, and more intervals than a graph can hold', () => {
    expect(() => ioSeries(factsAt([0]), 0)).toThrow(RangeError);
    expect(() => ioSeries(factsAt([0, 3600]), 1000)).toThrow(/3600001 intervals are too many/);
  });
});
