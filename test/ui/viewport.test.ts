import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, scrollTopToShow, viewport } from '../../src/ui/packet-list/viewport';

describe('packet list viewport', () => {
  it('maps scroll positions one to one for short lists', () => {
    expect(viewport(0, 100, 50, 20)).toEqual({ scrollHeight: 1000, first: 0, count: 6, shift: 0 });
    expect(viewport(130, 100, 50, 20)).toEqual({ scrollHeight: 1000, first: 6, count: 6, shift: 10 });
    expect(viewport(0, 100, 3, 20).count).toBe(3);
    expect(viewport(0, 100, 0, 20).count).toBe(0);
  });

  it('reaches the last of ten million rows within the height browsers allow', () => {
    const rows = 10_000_000;
    const v = viewport(MAX_SCROLL_PX - 400, 400, rows, 20);
    expect(v.scrollHeight).toBe(MAX_SCROLL_PX);
    expect(v.first + v.count).toBeGreaterThanOrEqual(rows);
    expect(v.first).toBe(rows - 20);
    expect(viewport(0, 400, rows, 20).first).toBe(0);
  });

  it('scrolls as little as needed to show a row', () => {
    expect(scrollTopToShow(2, 0, 100, 50, 20)).toBe(0);
    expect(scrollTopToShow(10, 0, 100, 50, 20)).toBe(120);
    expect(scrollTopToShow(1, 100, 100, 50, 20)).toBe(20);
    const rows = 10_000_000;
    const top = scrollTopToShow(rows - 1, 0, 400, rows, 20);
    const v = viewport(top, 400, rows, 20);
    expect(v.first + v.count).toBeGreaterThanOrEqual(rows);
  });
});
