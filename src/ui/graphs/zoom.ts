/** Zoom and pan over a chart's x range, as pure steps a chart applies to its scale. */
export interface Range {
  min: number;
  max: number;
}

/** Zooms by `factor` (< 1 in, > 1 out) around `at`, kept inside `full`. */
export function zoomRange(range: Range, factor: number, at: number, full: Range): Range {
  const width = Math.min(full.max - full.min, (range.max - range.min) * factor);
  const share = range.max > range.min ? (at - range.min) / (range.max - range.min) : 0.5;
  const min = at - width * share;
  return clamp({ min, max: min + width }, full);
}

/** Moves the range by `share` of its width (negative: to the left), kept inside `full`. */
export function panRange(range: Range, share: number, full: Range): Range {
  const shift = (range.max - range.min) * share;
  return clamp({ min: range.min + shift, max: range.max + shift }, full);
}

function clamp(range: Range, full: Range): Range {
  const width = Math.min(range.max - range.min, full.max - full.min);
  const min = Math.max(full.min, Math.min(range.min, full.max - width));
  return { min, max: min + width };
}
