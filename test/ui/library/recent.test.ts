import { describe, expect, it } from 'vitest';
import { openedWhen, recentEntries } from '../../../src/ui/library/recent';
import type { CaptureEntry } from '../../../src/store/schema';

const entry = (id: string, lastOpened: number) => ({ id, lastOpened }) as CaptureEntry;

describe('recent captures', () => {
  it('lists the captures opened last, newest first, a few only', () => {
    const entries = [entry('a', 10), entry('b', 30), entry('c', 20)];
    expect(recentEntries(entries, 2).map((e) => e.id)).toEqual(['b', 'c']);
    expect(entries.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('says when in words, then as a date', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    const date = () => 'the date';
    expect(openedWhen(now - 5_000, now, date)).toBe('just now');
    expect(openedWhen(now - 60_000, now, date)).toBe('1 minute ago');
    expect(openedWhen(now - 3 * 3_600_000, now, date)).toBe('3 hours ago');
    expect(openedWhen(now - 30 * 3_600_000, now, date)).toBe('yesterday');
    expect(openedWhen(now - 3 * 86_400_000, now, date)).toBe('3 days ago');
    expect(openedWhen(now - 30 * 86_400_000, now, date)).toBe('the date');
  });
});
