import { describe, expect, it } from 'vitest';
import { PAGE_ROWS, RowCache } from '../../../src/ui/packet-list/row-cache';
import type { RowPage } from '../../../src/api/capture-api';

/** A worker stand-in: pages of frames 1..n, final up to `dissected` frames; each fetch waits for `flush`. */
function worker(rows: number) {
  let dissected = 0;
  const waiting: (() => void)[] = [];
  const fetches: number[] = [];
  const fetchPage = (from: number, count: number) => {
    fetches.push(from);
    const page = {
      from,
      count,
      numbers: Uint32Array.from({ length: count }, (_, k) => from + k + 1),
      dissected,
      derived: dissected,
    } as unknown as RowPage;
    return new Promise<RowPage>((resolve) => waiting.push(() => resolve(page)));
  };
  return {
    fetchPage,
    fetches,
    rows,
    setDissected: (n: number) => (dissected = n),
    flush: async () => {
      for (const go of waiting.splice(0)) go();
      await new Promise((r) => setTimeout(r));
    },
  };
}

describe('the packet list row cache', () => {
  it('fetches a page when a row is first shown, and keeps showing it while fresher columns are fetched', async () => {
    const w = worker(3 * PAGE_ROWS);
    let redraws = 0;
    const cache = new RowCache(w.fetchPage, () => redraws++);
    expect(cache.get(5, w.rows)).toBeUndefined();
    await w.flush();
    expect(cache.get(5, w.rows)?.page.numbers[5]).toBe(6);
    expect(redraws).toBe(1);

    // The background pass finished the first 100 frames: the page is outdated, still shown, fetched once.
    w.setDissected(100);
    expect(cache.refresh(100, 100)).toBe(true);
    expect(cache.refresh(100, 100)).toBe(false);
    const stale = cache.get(5, w.rows);
    expect(stale?.page.dissected).toBe(0);
    expect(cache.get(6, w.rows)?.page).toBe(stale?.page);
    expect(w.fetches).toEqual([0, 0]);
    await w.flush();
    expect(cache.get(5, w.rows)?.page.dissected).toBe(100);
    expect(w.fetches).toEqual([0, 0]);
  });

  it('gives a row that is still loading once its page is there', async () => {
    const w = worker(PAGE_ROWS);
    const cache = new RowCache(w.fetchPage, () => {});
    const later = cache.when(3, w.rows);
    await w.flush();
    expect((await later)?.page.numbers[3]).toBe(4);
  });

  it('forgets everything on clear, and ignores a page that arrives for what was cleared', async () => {
    const w = worker(PAGE_ROWS);
    const cache = new RowCache(w.fetchPage, () => {});
    cache.get(0, w.rows);
    cache.clear();
    await w.flush();
    expect(cache.get(0, w.rows)).toBeUndefined();
  });
});
