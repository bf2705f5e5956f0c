import { FilterError } from './errors';
import type { Span } from './syntax';

/**
 * A `matches` pattern (PCRE2 in tshark) as a JS RegExp: case-insensitive unless the pattern starts with an
 * inline option group turning it off, e.g. "(?-i)cldc". JS has no global inline options, so a leading group of
 * them becomes flags; anything else must already be valid JS syntax.
 */
export function compileRegex(pattern: string, span: Span): RegExp {
  const flags = new Set(['i']);
  let body = pattern;
  const options = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(body);
  if (options) {
    for (const f of options[1]) flags.add(f);
    for (const f of options[2] ?? '') flags.delete(f);
    body = body.slice(options[0].length);
  }
  const unsupported = [...flags].find((f) => !'ims'.includes(f));
  try {
    if (unsupported) throw new Error(`option (?${unsupported}) is not supported`);
    return new RegExp(body, [...flags].join(''));
  } catch (e) {
    throw new FilterError(`Invalid regular expression "${pattern}": ${(e as Error).message}.`, span.start, span.end - span.start);
  }
}
