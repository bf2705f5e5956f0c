import { FilterError } from './errors';
import type { Span } from './syntax';

/**
 * A `matches` pattern (PCRE2 in tshark, case-insensitive unless turned off) as a JS RegExp over byte strings.
 * PCRE syntax JS lacks is translated: leading inline options (?imsx), (?x) free spacing, comments (?#...),
 * \Q...\E, POSIX classes [[:alpha:]], (?P<name>...), \A \z \Z \h \H \v \V \R \e \x{..}, atomic groups and
 * possessive quantifiers (as a lookahead and backreference, which is what they mean). PCRE's `.` also matches
 * \r, its `$` also matches before a final newline, and its \s excludes non-ASCII space: translated too. What has
 * no JS equivalent (recursion, conditionals, \G, \K, verbs, options changed mid-pattern) is refused by name.
 */
export function compileRegex(pattern: string, span: Span): RegExp {
  try {
    const { source, flags } = translatePcre(pattern);
    return new RegExp(source, flags);
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new FilterError(`Invalid regular expression "${pattern}": ${reason}.`, span.start, span.end - span.start);
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\x0b\\f\\r ',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  ascii: '\\x00-\\x7f',
};

const SPACE = '\\t\\n\\x0b\\f\\r ';
const HSPACE = '\\t \\xa0';
const VSPACE = '\\n\\x0b\\f\\r\\x85';

/** Escapes translated the same inside and outside a class: [inside, outside]. */
const ESCAPES: Record<string, [string, string]> = {
  s: [SPACE, `[${SPACE}]`],
  h: [HSPACE, `[${HSPACE}]`],
  v: [VSPACE, `[${VSPACE}]`],
  e: ['\\x1b', '\\x1b'],
  a: ['\\x07', '\\x07'],
};
const OUTSIDE_ONLY: Record<string, string> = {
  S: `[^${SPACE}]`,
  H: `[^${HSPACE}]`,
  V: `[^${VSPACE}]`,
  R: `(?:\\r\\n|[${VSPACE}])`,
  A: '(?<![\\s\\S])',
  z: '(?![\\s\\S])',
  Z: '(?=\\n?(?![\\s\\S]))',
};
const REFUSED_ESCAPES: Record<string, string> = { G: '\\G', K: '\\K', X: '\\X', C: '\\C', N: '\\N' };

export function translatePcre(pattern: string): { source: string; flags: string } {
  const flags = new Set(['i']);
  let body = pattern;
  const options = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(body);
  if (options) {
    for (const f of options[1]) flags.add(f);
    for (const f of options[2] ?? '') flags.delete(f);
    body = body.slice(options[0].length);
  }
  const unsupported = [...flags].find((f) => !'imsx'.includes(f));
  if (unsupported) throw new Error(`option (?${unsupported}) is not supported`);
  const extended = flags.delete('x');
  const out = new Translator(body, extended, flags).run();
  if (/\\[pP]\{/.test(out.source)) flags.add('u');
  return { source: out.source, flags: [...flags].join('') };
}

class Translator {
  private at = 0;
  private out = '';
  private atomic = 0;
  private hasBackreference = false;

  private readonly dotAll: boolean;
  private readonly multiline: boolean;

  constructor(
    private readonly p: string,
    private readonly extended: boolean,
    private readonly flags: ReadonlySet<string>,
  ) {
    this.dotAll = flags.has('s');
    this.multiline = flags.has('m');
  }

  run(): { source: string } {
    while (this.at < this.p.length) this.outside();
    if (this.atomic > 0 && this.hasBackreference)
      throw new Error('atomic groups and possessive quantifiers cannot be combined with numbered backreferences here');
    return { source: this.out };
  }

  private outside(): void {
    const p = this.p;
    const c = p[this.at];
    if (this.extended && /\s/.test(c)) {
      this.at++;
      return;
    }
    if (this.extended && c === '#') {
      while (this.at < p.length && p[this.at] !== '\n') this.at++;
      return;
    }
    if (c === '\\') return this.escape(false);
    if (c === '[') return this.characterClass();
    if (c === '.') {
      this.at++;
      this.out += this.dotAll ? '[\\s\\S]' : '[^\\n]';
      return;
    }
    if (c === '$') {
      this.at++;
      this.out += this.multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      return;
    }
    if (c === '(') return this.group();
    if ((c === '+' || c === '*' || c === '?' || c === '}') && p[this.at + 1] === '+') return this.possessive();
    this.out += c;
    this.at++;
  }

  private group(): void {
    const rest = this.p.slice(this.at);
    if (rest.startsWith('(?#')) {
      const close = this.p.indexOf(')', this.at);
      if (close < 0) throw new Error('missing ) after (?# comment');
      this.at = close + 1;
      return;
    }
    const named = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest);
    if (named) {
      this.out += `(?<${named[1]}>`;
      this.at += named[0].length;
      return;
    }
    const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest);
    if (backref) {
      this.out += `\\k<${backref[1]}>`;
      this.at += backref[0].length;
      return;
    }
    if (rest.startsWith('(?>')) {
      // An atomic group matches what its content matches first and never gives part of it back.
      const name = `atomic${++this.atomic}`;
      this.at += 3;
      const inner = this.until(')');
      this.out += `(?=(?<${name}>${inner}))\\k<${name}>`;
      return;
    }
    if (/^\(\?(?:[=!:]|<[=!]|<[A-Za-z_])/.test(rest) || !rest.startsWith('(?')) {
      this.out += '(';
      this.at++;
      return;
    }
    if (/^\(\?(?:R|[+-]?\d|&|P>)/.test(rest)) throw new Error('recursion is not supported');
    if (rest.startsWith('(?(')) throw new Error('conditional groups are not supported');
    if (rest.startsWith('(*')) throw new Error('backtracking verbs are not supported');
    const options = /^\(\?([a-z]*)(?:-([a-z]*))?\)/.exec(rest);
    if (
      options &&
      [...options[1]].every((f) => this.flags.has(f)) &&
      ![...(options[2] ?? '')].some((f) => this.flags.has(f))
    ) {
      this.at += options[0].length; // changes nothing: "(?i)" in an already case-insensitive pattern
      return;
    }
    throw new Error(`options can only be set at the start of the pattern, not at "${rest.slice(0, 6)}"`);
  }

  /** The translated pattern up to the matching `close`, consuming it. */
  private until(close: string): string {
    const saved = this.out;
    this.out = '';
    let depth = 0;
    while (this.at < this.p.length) {
      const c = this.p[this.at];
      if (c === close && depth === 0) break;
      if (c === '(') depth++;
      if (c === ')') depth--;
      this.outside();
    }
    if (this.p[this.at] !== close) throw new Error(`missing ${close}`);
    this.at++;
    const inner = this.out;
    this.out = saved;
    return inner;
  }

  /** X++, X*+, X?+, X{n,m}+: the previous atom, possessively. */
  private possessive(): void {
    let quantifier = this.p[this.at];
    if (quantifier === '}') {
      const open = this.out.lastIndexOf('{');
      quantifier = this.out.slice(open) + '}';
      this.out = this.out.slice(0, open);
    }
    const atomStart = this.lastAtomStart();
    const name = `atomic${++this.atomic}`;
    this.out = this.out.slice(0, atomStart) + `(?=(?<${name}>${this.out.slice(atomStart)}${quantifier}))\\k<${name}>`;
    this.at += 2;
  }

  /** Where the last atom of the output starts: a group, a class, an escape or one character. */
  private lastAtomStart(): number {
    const o = this.out;
    const end = o.length;
    const last = o[end - 1];
    if (last === ')') {
      let depth = 0;
      for (let i = end - 1; i >= 0; i--) {
        if (o[i] === ')' && o[i - 1] !== '\\') depth++;
        if (o[i] === '(' && o[i - 1] !== '\\' && --depth === 0) return i;
      }
    }
    if (last === ']') {
      for (let i = end - 1; i >= 0; i--) if (o[i] === '[' && o[i - 1] !== '\\') return i;
    }
    const escape = /\\x[0-9a-fA-F]{2}$|\\u[0-9a-fA-F]{4}$|\\.$/.exec(o);
    return escape ? end - escape[0].length : end - 1;
  }

  private escape(inClass: boolean): void {
    const p = this.p;
    const e = p[this.at + 1];
    if (e === undefined) throw new Error('\\ at end of pattern');
    if (e === 'Q') {
      const end = p.indexOf('\\E', this.at + 2);
      const literal = p.slice(this.at + 2, end < 0 ? p.length : end);
      this.out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
      this.at = end < 0 ? p.length : end + 2;
      return;
    }
    if (e === 'E') {
      this.at += 2;
      return;
    }
    const hex = /^\\x\{([0-9a-fA-F]+)\}/.exec(p.slice(this.at));
    if (hex) {
      const code = parseInt(hex[1], 16);
      this.out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${hex[1]}}`;
      this.at += hex[0].length;
      return;
    }
    if (Object.hasOwn(ESCAPES, e)) {
      this.out += ESCAPES[e][inClass ? 0 : 1];
      this.at += 2;
      return;
    }
    if (!inClass && Object.hasOwn(OUTSIDE_ONLY, e)) {
      this.out += OUTSIDE_ONLY[e];
      this.at += 2;
      return;
    }
    if (Object.hasOwn(REFUSED_ESCAPES, e)) throw new Error(`${REFUSED_ESCAPES[e]} is not supported`);
    if (/[1-9]/.test(e)) this.hasBackreference = true;
    this.out += p.slice(this.at, this.at + 2);
    this.at += 2;
  }

  /** [...] with POSIX classes and PCRE escapes translated; a leading ] is literal, as in PCRE. */
  private characterClass(): void {
    const p = this.p;
    this.out += '[';
    this.at++;
    if (p[this.at] === '^') {
      this.out += '^';
      this.at++;
    }
    if (p[this.at] === ']') {
      this.out += '\\]';
      this.at++;
    }
    while (this.at < p.length && p[this.at] !== ']') {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.at));
      if (posix) {
        const set = POSIX_CLASSES[posix[2]];
        if (!set) throw new Error(`unknown POSIX class name "${posix[2]}"`);
        if (posix[1]) throw new Error('negated POSIX classes are not supported');
        this.out += set;
        this.at += posix[0].length;
      } else if (p[this.at] === '\\') {
        this.escape(true);
      } else {
        this.out += p[this.at] === '[' ? '\\[' : p[this.at];
        this.at++;
      }
    }
    if (this.at >= p.length) throw new Error('missing terminating ] for character class');
    this.out += ']';
    this.at++;
  }
}
