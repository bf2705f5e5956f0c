/** The Time column's formats, as Wireshark's View > Time Display Format offers them. */
export type TimeFormat =
  | 'relative' // seconds since the first packet, or since the latest time reference before it
  | 'delta' // seconds since the previous captured packet
  | 'delta-displayed' // seconds since the previous displayed packet
  | 'absolute' // local date and time of day
  | 'time-of-day' // local time of day
  | 'utc' // UTC date and time of day
  | 'epoch'; // seconds since 1970-01-01 00:00:00 UTC

export const TIME_FORMATS: readonly { id: TimeFormat; label: string }[] = [
  { id: 'relative', label: 'Seconds since beginning of capture' },
  { id: 'delta', label: 'Seconds since previous captured packet' },
  { id: 'delta-displayed', label: 'Seconds since previous displayed packet' },
  { id: 'absolute', label: 'Date and time of day' },
  { id: 'time-of-day', label: 'Time of day' },
  { id: 'utc', label: 'UTC date and time of day' },
  { id: 'epoch', label: 'Seconds since 1970-01-01' },
];

export const isTimeFormat = (s: unknown): s is TimeFormat => TIME_FORMATS.some((f) => f.id === s);

/** A timestamp as the index holds it: whole seconds and nanoseconds, kept apart so nothing is rounded. */
export interface Stamp {
  sec: number;
  nsec: number;
}

/** Shown instead of the time of a time reference frame, whatever the format. */
export const REF_TEXT = '*REF*';

/** Whether the format shows a difference between two stamps (and so needs a base). */
export const isRelativeFormat = (f: TimeFormat) => f === 'relative' || f === 'delta' || f === 'delta-displayed';

/**
 * The Time column's text for `t`, `digits` decimals (6 for microsecond captures, 9 for nanosecond ones),
 * truncated as Wireshark does. `base` is what relative formats count from.
 */
export function formatTime(format: TimeFormat, t: Stamp, base: Stamp, digits = 6): string {
  if (isRelativeFormat(format)) return seconds(difference(t, base), digits);
  if (format === 'epoch') return seconds(t, digits);
  const date = new Date(t.sec * 1000);
  const utc = format === 'utc';
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const hms = utc
    ? `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
    : `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const clock = `${hms}.${fraction(t.nsec, digits)}`;
  if (format === 'time-of-day') return clock;
  const ymd = utc
    ? `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
    : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${ymd} ${clock}`;
}

/** t − base, normalised so 0 ≤ nsec < 1e9. */
export function difference(t: Stamp, base: Stamp): Stamp {
  let sec = t.sec - base.sec;
  let nsec = t.nsec - base.nsec;
  if (nsec < 0) {
    sec -= 1;
    nsec += 1e9;
  }
  return { sec, nsec };
}

function fraction(nsec: number, digits: number): string {
  return String(nsec).padStart(9, '0').slice(0, digits);
}

/** "12.000345" for a stamp; negative durations (out-of-order timestamps) as "-0.000100". */
function seconds(s: Stamp, digits: number): string {
  if (s.sec < 0) {
    // -0.9s is { sec: -1, nsec: 1e8 }: print its magnitude.
    const magnitude = s.nsec === 0 ? { sec: -s.sec, nsec: 0 } : { sec: -s.sec - 1, nsec: 1e9 - s.nsec };
    return '-' + seconds(magnitude, digits);
  }
  return digits > 0 ? `${s.sec}.${fraction(s.nsec, digits)}` : String(s.sec);
}

/**
 * What each frame's relative time counts from: the latest time reference at or before it (frame order), else
 * the first frame. `refs` are frame numbers, ascending; returns the base's frame number.
 */
export function referenceFrame(frame: number, refs: readonly number[] | Uint32Array): number {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid] <= frame) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? refs[lo - 1] : 1;
}
