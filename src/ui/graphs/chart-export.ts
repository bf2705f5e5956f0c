/** Exports of the charts: uPlot draws on a canvas, so a chart is saved as PNG (its picture) and CSV (its data). */

/** CSV text: a header line and one line per row; fields with commas, quotes or line breaks are quoted. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const field = (v: string | number | null | undefined) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}

/** Columns (one array per column, equal lengths) as CSV rows. */
export function columnsToCsv(header: readonly string[], columns: readonly ArrayLike<number | null>[]): string {
  const length = columns[0]?.length ?? 0;
  const rows = Array.from({ length }, (_, r) => columns.map((c) => c[r]));
  return toCsv(header, rows);
}

/** A file name from a title: letters, digits and dashes. */
export function chartFileName(title: string, extension: string): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart';
  return `${base}.${extension}`;
}

/**
 * The chart's canvas as a PNG, on the page's background with the title above it (the canvas alone is
 * transparent and untitled).
 */
export function canvasPng(
  canvas: HTMLCanvasElement,
  title: string,
  background: string,
  foreground: string,
): Promise<Blob> {
  const titleHeight = 28;
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height + titleHeight * devicePixelRatio;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = foreground;
  ctx.font = `${14 * devicePixelRatio}px sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 10 * devicePixelRatio, (titleHeight / 2) * devicePixelRatio);
  ctx.drawImage(canvas, 0, titleHeight * devicePixelRatio);
  return new Promise((resolve, reject) =>
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the chart could not be drawn'))), 'image/png'),
  );
}
