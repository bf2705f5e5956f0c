/** The theme's colours as uPlot needs them (it draws on a canvas: CSS variables must be resolved first). */
export interface ChartColours {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  /** Series colours, readable on the theme's background. */
  series: string[];
  bad: string;
}

/** A colour is dark when its luminance is low ("rgb(r, g, b)" as getComputedStyle gives it, or "#rrggbb"). */
export function isDark(colour: string): boolean {
  const hex = colour.match(/#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i);
  const rgb = colour.match(/rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/);
  const parts = hex ? hex.slice(1).map((h) => parseInt(h, 16)) : rgb ? rgb.slice(1).map(Number) : undefined;
  if (!parts) return false;
  const [r, g, b] = parts;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

/**
 * The colours of the theme in force at `element`. The theme's variables hold light-dark() pairs, which only a
 * property's computed value resolves: each is read through a probe's `color`.
 */
export function themeColours(element: Element): ChartColours {
  const probe = document.createElement('span');
  probe.hidden = true;
  element.append(probe);
  const v = (name: string, fallback: string) => {
    probe.style.color = fallback;
    probe.style.color = `var(${name}, ${fallback})`;
    return getComputedStyle(probe).color || fallback;
  };
  const bg = v('--bg', '#ffffff');
  const dark = isDark(bg);
  const colours = {
    fg: v('--fg', '#222222'),
    muted: v('--muted', '#666666'),
    grid: v('--border', '#dddddd'),
    bg,
    bad: v('--bad-fg', '#cc0000'),
    series: dark
      ? ['#6cb6ff', '#ffb86b', '#7ee787', '#ff7b9c', '#d2a8ff', '#f2cc60']
      : ['#1f6feb', '#d46b08', '#1a7f37', '#cf222e', '#8250df', '#9a6700'],
  };
  probe.remove();
  return colours;
}
