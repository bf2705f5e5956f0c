/**
 * Fixed-height row windowing for lists of any length. Browsers cap an element's height (Chromium near 33.5M px),
 * so past MAX_SCROLL_PX the scrollbar covers the list proportionally: scrolling stays smooth row by row and the
 * thumb spans 10 million rows.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface Viewport {
  /** Height of the scrolling content, in real pixels. */
  scrollHeight: number;
  /** First row (partly) visible. */
  first: number;
  /** Rows to render from `first`. */
  count: number;
  /** How far the first row is above the viewport's top, in pixels. */
  shift: number;
}

export function scrollHeightFor(rows: number, rowHeight: number): number {
  return Math.min(rows * rowHeight, MAX_SCROLL_PX);
}

/** How far real scroll positions map into the list: virtual = real × scale. */
function scale(rows: number, rowHeight: number, viewHeight: number): number {
  const virtual = rows * rowHeight - viewHeight;
  const real = scrollHeightFor(rows, rowHeight) - viewHeight;
  return real > 0 && virtual > real ? virtual / real : 1;
}

export function viewport(scrollTop: number, viewHeight: number, rows: number, rowHeight: number): Viewport {
  const top = Math.max(0, scrollTop * scale(rows, rowHeight, viewHeight));
  const first = Math.min(Math.floor(top / rowHeight), Math.max(0, rows - 1));
  const count = Math.max(0, Math.min(rows - first, Math.ceil(viewHeight / rowHeight) + 1));
  return { scrollHeight: scrollHeightFor(rows, rowHeight), first, count, shift: top - first * rowHeight };
}

/** The scrollTop that shows `row` entirely, moving as little as possible from `scrollTop`. */
export function scrollTopToShow(
  row: number,
  scrollTop: number,
  viewHeight: number,
  rows: number,
  rowHeight: number,
): number {
  const s = scale(rows, rowHeight, viewHeight);
  const top = scrollTop * s;
  const rowTop = row * rowHeight;
  if (rowTop < top) return rowTop / s;
  if (rowTop + rowHeight > top + viewHeight) return (rowTop + rowHeight - viewHeight) / s;
  return scrollTop;
}
