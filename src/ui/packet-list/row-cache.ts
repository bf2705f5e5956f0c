import type { RowPage } from '../../api/capture-api';

/**
 * A screenful or so: rows the background passes have not reached are decoded one by one for a guess, so a page
 * costs the worker in proportion to its rows, and a scroll waits for the pages it lands on.
 */
export const PAGE_ROWS = 64;
const MAX_PAGES = 256;

/**
 * Rows of the packet list, fetched from the worker a page at a time when first shown and kept for the most
 * recently used pages only: scrolling through millions of rows holds a few thousand in memory.
 */
export class RowCache {
  private pages = new Map<number, RowPage>();
  private pending = new Map<number, Promise<void>>();
  /** Pages shown as they are while their fresher columns are fetched: no blank rows, no lost clicks meanwhile. */
  private stale = new Set<number>();

  constructor(
    private fetchPage: (from: number, count: number) => Promise<RowPage>,
    /** Called when a page arrives, so the view can redraw. */
    private onLoaded: () => void,
  ) {}

  /** Row i's page and position in it, or undefined while it loads. `known` is how many rows exist now. */
  get(i: number, known: number): { page: RowPage; at: number } | undefined {
    const p = Math.floor(i / PAGE_ROWS);
    const page = this.pages.get(p);
    if (page && i < page.from + page.count) {
      // Keep recently used pages at the end of the Map's order.
      this.pages.delete(p);
      this.pages.set(p, page);
      if (this.stale.has(p)) this.load(p, known);
      return { page, at: i - page.from };
    }
    this.load(p, known);
    return undefined;
  }

  /**
   * Marks pages holding provisional rows whose frames are final now that the first `dissected` frames have their
   * Protocol and Info and the first `derived` their colour and field columns: they are fetched again when next
   * shown, and shown as they are until then. Says whether any was marked. Rows may be in any order (a sort), so
   * each row's frame is looked at.
   */
  refresh(dissected: number, derived: number): boolean {
    let marked = false;
    for (const [p, page] of this.pages) {
      const outdated = (done: number, now: number) =>
        done < now && page.numbers.some((n) => n - 1 >= done && n - 1 < now);
      if (!this.stale.has(p) && (outdated(page.dissected, dissected) || outdated(page.derived, derived))) {
        this.stale.add(p);
        marked = true;
      }
    }
    return marked;
  }

  clear(): void {
    this.pages.clear();
    this.pending.clear();
    this.stale.clear();
  }

  /** Row i as `get` gives it, once its page is there: for acting on a row (a menu) that may still be loading. */
  async when(i: number, known: number): Promise<{ page: RowPage; at: number } | undefined> {
    // A page fetched while the capture was still being indexed may stop short of row i: then it is fetched again.
    for (let tries = 0; tries < 3; tries++) {
      const hit = this.get(i, known);
      if (hit) return hit;
      const pending = this.pending.get(Math.floor(i / PAGE_ROWS));
      if (!pending) return undefined;
      await pending;
    }
    return this.get(i, known);
  }

  private load(p: number, known: number): void {
    if (this.pending.has(p)) return;
    const from = p * PAGE_ROWS;
    const loading = this.fetchPage(from, Math.min(PAGE_ROWS, known - from)).then(
      (page) => {
        if (this.pending.get(p) !== loading) return; // cleared meanwhile: the page belongs to another capture
        this.pending.delete(p);
        this.stale.delete(p);
        this.pages.set(p, page);
        while (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
        this.onLoaded();
      },
      () => {
        if (this.pending.get(p) === loading) this.pending.delete(p);
      },
    );
    this.pending.set(p, loading);
  }
}
