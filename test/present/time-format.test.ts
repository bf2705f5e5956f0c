import { afterEach, describe, expect, it } from 'vitest';
import { difference, formatTime, referenceFrame } from '../../src/present/time-format';

const ORIGINAL_TZ = process.env.TZ;
afterEach(() => {
  process.env.TZ = ORIGINAL_TZ;
});

describe('Time column formats', () => {
  const t = { sec: 1265678319, nsec: 648254123 };
  const first = { sec: 1265678319, nsec: 618072000 };

  it('prints relative times and deltas truncated to the capture precision, never rounded', () => {
    expect(formatTime('relative', t, first)).toBe('0.030182');
    expect(formatTime('relative', t, first, 9)).toBe('0.030182123');
    expect(formatTime('delta', { sec: 12, nsec: 999_999_999 }, { sec: 10, nsec: 0 })).toBe('2.999999');
    expect(formatTime('delta-displayed', first, first)).toBe('0.000000');
  });

  it('prints out-of-order timestamps as negative durations', () => {
    expect(difference({ sec: 10, nsec: 100 }, { sec: 10, nsec: 300 })).toEqual({ sec: -1, nsec: 999_999_800 });
    expect(formatTime('delta', { sec: 10, nsec: 0 }, { sec: 10, nsec: 100_000_000 })).toBe('-0.100000');
    expect(formatTime('delta', { sec: 8, nsec: 0 }, { sec: 10, nsec: 0 })).toBe('-2.000000');
  });

  it('prints epoch, UTC and local absolute times from whole seconds and nanoseconds', () => {
    expect(formatTime('epoch', t, first)).toBe('1265678319.648254');
    expect(formatTime('utc', t, first)).toBe('2010-02-09 01:18:39.648254');
    process.env.TZ = 'America/New_York';
    expect(formatTime('absolute', t, first)).toBe('2010-02-08 20:18:39.648254');
    expect(formatTime('time-of-day', t, first, 9)).toBe('20:18:39.648254123');
    process.env.TZ = 'Asia/Kolkata';
    expect(formatTime('absolute', t, first)).toBe('2010-02-09 06:48:39.648254');
  });

  it('counts relative time from the latest time reference at or before a frame, else from the first', () => {
    const refs = [5, 9];
    expect([1, 4, 5, 6, 8, 9, 20].map((n) => referenceFrame(n, refs))).toEqual([1, 1, 5, 5, 5, 9, 9]);
    expect(referenceFrame(3, [])).toBe(1);
  });
});
