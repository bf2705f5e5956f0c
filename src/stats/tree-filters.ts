/**
 * The display filters behind the statistics trees' nodes (the app's "Apply as filter" on a row): each selects the
 * frames whose messages the node counts, written in the filter language the app and `loupe fields -Y` take.
 */

const ESCAPES: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };

/** A string literal of the filter language: quotes and backslashes escaped, control bytes as \r, \n, \t or \xNN. */
export function filterString(s: string): string {
  const escaped = s
    .replace(/[\\"]/g, (c) => '\\' + c)
    .replace(/[\x00-\x1f\x7f]/g, (c) => ESCAPES[c] ?? '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  return `"${escaped}"`;
}

/** `ip.dst == a` or `ipv6.dst == a` by the address's family. */
export function addressFilter(end: 'src' | 'dst', address: string): string {
  return `${address.includes(':') ? 'ipv6' : 'ip'}.${end} == ${address}`;
}

/** Frames of a packet length range (`high` undefined: no upper end). */
export function lengthFilter(low: number, high?: number): string {
  return high === undefined ? `frame.len >= ${low}` : `frame.len >= ${low} && frame.len <= ${high}`;
}

/** HTTP responses of a status class (2 for 2xx). */
export function statusClassFilter(hundreds: number): string {
  return `http.response.code >= ${hundreds * 100} && http.response.code <= ${hundreds * 100 + 99}`;
}

/** Clauses joined by `&&`, empty ones left out. */
export const all = (...clauses: (string | undefined | false)[]): string => clauses.filter(Boolean).join(' && ');
