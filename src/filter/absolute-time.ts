/**
 * Absolute time literals as tshark 4.0 reads them for frame.time and other date-and-time fields, in
 * nanoseconds since the epoch. First ISO 8601 ("2010-02-09T01:18:39.7Z", "2010-02-09 01:18:39,7+01:00");
 * then the legacy forms "Feb 9, 2010 01:18:39[.frac]" and "2010-02-09[ 01[:18[:39[.frac]]]]", each
 * optionally followed by " UTC". Without a zone the time is local (the host's TZ), as with mktime; values out of
 * range roll over as mktime rolls them ("Feb 30" is March 2 or 1).
 */
export type AbsoluteTime = { ns: bigint } | { error: string };

const EXAMPLE = 'Example: "Nov 12, 1999 08:55:44.123" or "2011-07-04 12:34:56"';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseAbsoluteTime(text: string): AbsoluteTime {
  return iso8601(text) ?? legacy(text);
}

interface Parts {
  year: number;
  month: number; // 1-based
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
}

function iso8601(text: string): AbsoluteTime | undefined {
  const m =
    /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d*))?)?)?(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$/.exec(
      text,
    );
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  const parts = { year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s, fraction };
  if (
    parts.month < 1 ||
    parts.month > 12 ||
    parts.day < 1 ||
    parts.day > 31 ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.second > 60
  )
    return undefined;
  if (zone === undefined) return { ns: toNs(parts, 'local') };
  if (zone === 'Z') return { ns: toNs(parts, 'utc') };
  const z = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone)!;
  const offsetMinutes = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * (z[1] === '-' ? -1 : 1);
  return { ns: toNs(parts, 'utc') - BigInt(offsetMinutes) * 60_000_000_000n };
}

/** strptime-like pieces: each reads at `at` (after optional white space) and returns the position after it. */
type Reader = (s: string, at: number, parts: Parts) => number | undefined;

const number =
  (key: keyof Parts, max: number, lo: number, hi: number): Reader =>
  (s, at, parts) => {
    const m = new RegExp(`^\\s*(\\d{1,${max}})`).exec(s.slice(at));
    if (!m || +m[1] < lo || +m[1] > hi) return undefined;
    (parts[key] as number) = +m[1];
    return at + m[0].length;
  };
const literal =
  (text: string): Reader =>
  (s, at) => {
    const m = /^\s*/.exec(s.slice(at))!;
    return s.startsWith(text, at + m[0].length) ? at + m[0].length + text.length : undefined;
  };
const month: Reader = (s, at, parts) => {
  const m = /^\s*([A-Za-z]{3})/.exec(s.slice(at));
  const index = m ? MONTHS.indexOf(m[1].toLowerCase()) : -1;
  if (index < 0) return undefined;
  parts.month = index + 1;
  return at + m![0].length;
};

const Y = number('year', 4, 0, 9999);
const MO = number('month', 2, 1, 12);
const D = number('day', 2, 1, 31);
const H = number('hour', 2, 0, 23);
const MI = number('minute', 2, 0, 59);
const S = number('second', 2, 0, 61);

/** tshark's legacy forms, tried in this order. */
const FORMATS: Reader[][] = [
  [month, D, literal(','), Y, H, literal(':'), MI, literal(':'), S],
  [Y, literal('-'), MO, literal('-'), D, H, literal(':'), MI, literal(':'), S],
  [Y, literal('-'), MO, literal('-'), D, H, literal(':'), MI],
  [Y, literal('-'), MO, literal('-'), D, H],
  [Y, literal('-'), MO, literal('-'), D],
];

function legacy(text: string): AbsoluteTime {
  for (const format of FORMATS) {
    const parts: Parts = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: '' };
    let at: number | undefined = 0;
    for (const read of format) {
      at = read(text, at, parts);
      if (at === undefined) break;
    }
    if (at === undefined) continue;
    if (text[at] === '.') {
      const digits = /^\d*/.exec(text.slice(at + 1))![0];
      if (digits === '') return { error: 'Subseconds value is not a number.' };
      if (digits.length > 9) return { error: 'Subseconds value is invalid.' };
      parts.fraction = digits;
      at += 1 + digits.length;
    }
    const rest = text.slice(at).replace(/^ +/, '');
    if (rest === '') return { ns: toNs(parts, 'local') };
    if (rest === 'UTC') return { ns: toNs(parts, 'utc') };
    return { error: 'Unexpected data after time value.' };
  }
  return { error: `"${text}" is not a valid absolute time. ${EXAMPLE}` };
}

function toNs(p: Parts, zone: 'local' | 'utc'): bigint {
  // setFullYear, not the constructor: years below 100 are years, not 19xx.
  const date = new Date(0);
  if (zone === 'utc') {
    date.setUTCFullYear(p.year, p.month - 1, p.day);
    date.setUTCHours(p.hour, p.minute, p.second, 0);
  } else {
    date.setFullYear(p.year, p.month - 1, p.day);
    date.setHours(p.hour, p.minute, p.second, 0);
  }
  const fraction = BigInt(p.fraction.slice(0, 9).padEnd(9, '0'));
  return BigInt(Math.floor(date.getTime() / 1000)) * 1_000_000_000n + fraction;
}
