import type { CaptureEntry } from '../../store/schema';

/** How many captures the start page lists. */
export const RECENT_COUNT = 8;

/** The captures opened last, newest first. */
export function recentEntries(entries: readonly CaptureEntry[], count = RECENT_COUNT): CaptureEntry[] {
  return [...entries].sort((a, b) => b.lastOpened - a.lastOpened).slice(0, count);
}

/** When, in words relative to `now`: "just now", "5 minutes ago", "yesterday", "3 days ago", else the date. */
export function openedWhen(ms: number, now: number, date: (ms: number) => string): string {
  const seconds = Math.max(0, (now - ms) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return date(ms);
}
