/** Geometry of the IO graph's SVG: a line through each interval's value, with axis ticks at round numbers. */
export interface ChartGeometry {
  /** The polyline's points ("x,y x,y ..."). */
  points: string;
  /** Y axis ticks: value and its y. */
  yTicks: { value: number; y: number }[];
  /** X axis ticks: seconds and x. */
  xTicks: { seconds: number; x: number }[];
  max: number;
}

export interface Plot {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A round step (1, 2 or 5 × 10^n) giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw)! * power;
  return step;
}

/** Lays `values` (one per interval of `intervalSeconds`) out in `plot`. */
export function chartGeometry(values: readonly number[], intervalSeconds: number, plot: Plot): ChartGeometry {
  const innerWidth = plot.width - plot.left - plot.right;
  const innerHeight = plot.height - plot.top - plot.bottom;
  const peak = Math.max(0, ...values);
  const yStep = niceStep(peak);
  const max = Math.max(yStep, Math.ceil(peak / yStep) * yStep);
  const span = Math.max(1, values.length - 1);
  const x = (k: number) => plot.left + (innerWidth * k) / span;
  const y = (v: number) => plot.top + innerHeight - (innerHeight * v) / max;
  const points = values.map((v, k) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const yTicks = [];
  for (let v = 0; v <= max + yStep / 2; v += yStep) yTicks.push({ value: v, y: y(v) });
  const totalSeconds = span * intervalSeconds;
  const xStep = niceStep(totalSeconds, 6);
  const xTicks = [];
  for (let s = 0; s <= totalSeconds + xStep / 1e6; s += xStep)
    xTicks.push({ seconds: s, x: plot.left + (innerWidth * s) / (totalSeconds || 1) });
  return { points, yTicks, xTicks, max };
}

/** A tick's label: few decimals, and none for whole numbers. */
export function tickText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}
