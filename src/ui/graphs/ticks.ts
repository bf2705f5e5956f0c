/**
 * Axis labels with as many decimals as the step between ticks needs (uPlot's default rounds a capture lasting a
 * millisecond to "0 0 0 0.001"), thousands grouped.
 */
export function tickLabels(splits: readonly number[]): string[] {
  const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : Math.abs(splits[0] ?? 1);
  let decimals = 0;
  while (decimals < 9 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return splits.map((v) =>
    v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  );
}
