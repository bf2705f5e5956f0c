import type { CaptureEntry } from '../../store/schema';

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** Decimal units, as file managers and storage settings show them. */
export function formatBytes(n: number): string {
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit++;
  }
  return unit === 0 ? `${n} ${n === 1 ? 'byte' : 'bytes'}` : `${n < 10 ? n.toFixed(1) : Math.round(n)} ${UNITS[unit]}`;
}

export function formatDate(ms: number | undefined): string {
  if (ms === undefined) return '';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

export type SortKey = 'lastOpened' | 'added' | 'name' | 'size' | 'packets' | 'captured';

export const SORTS: { key: SortKey; label: string }[] = [
  { key: 'lastOpened', label: 'Last opened' },
  { key: 'added', label: 'Date added' },
  { key: 'captured', label: 'Capture time' },
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Size' },
  { key: 'packets', label: 'Packets' },
];

/** Dates and sizes newest and largest first, names A to Z. */
const COMPARE: Record<SortKey, (a: CaptureEntry, b: CaptureEntry) => number> = {
  lastOpened: (a, b) => b.lastOpened - a.lastOpened,
  added: (a, b) => b.added - a.added,
  captured: (a, b) => (b.firstTime ?? -Infinity) - (a.firstTime ?? -Infinity),
  name: (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
  size: (a, b) => b.size - a.size,
  packets: (a, b) => b.packets - a.packets,
};

/** The entries whose name contains every word of the query, in the chosen order. */
export function arrange(entries: readonly CaptureEntry[], query: string, sort: SortKey): CaptureEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => words.every((w) => e.name.toLowerCase().includes(w))).sort(COMPARE[sort]);
}
