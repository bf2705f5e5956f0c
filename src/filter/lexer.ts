import { FilterError } from './errors';

export type TokenKind =
  | 'word' // field names and unquoted literals: 80, 0x02, 10.0.0.0/8, 00:16:ce, ::1, True, tcp.port
  | 'string' // "..." with escapes resolved, or r"..." raw
  | 'char' // '...' C-style character constant, resolved to its code
  | 'op' // punctuation and operator words (==, eq, &&, and, contains, ...), normalised in `text`
  | 'slice' // the raw text between [ and ]
  | 'end';

export interface Token {
  kind: TokenKind;
  /** Words and operators: the normalised spelling; strings: the decoded text. */
  text: string;
  start: number;
  end: number;
  /** Char constants: the character's code. */
  code?: number;
}

// Operator words: only lowercase spellings are keywords (tshark refuses "AND" and "EQ").
const KEYWORDS: Record<string, string> = {
  and: '&&',
  or: '||',
  not: '!',
  eq: '==',
  any_eq: '==',
  ne: '!=',
  all_ne: '!=',
  all_eq: '===',
  any_ne: '!==',
  gt: '>',
  lt: '<',
  ge: '>=',
  le: '<=',
  contains: 'contains',
  matches: '~',
  in: 'in',
  bitwise_and: '&',
  any: 'any',
  all: 'all',
};

// Longest first, so '===' wins over '=='.
const SYMBOLS = [
  '===',
  '!==',
  '~=',
  '==',
  '!=',
  '>=',
  '<=',
  '&&',
  '||',
  '..',
  '${',
  '>',
  '<',
  '!',
  '&',
  '~',
  '(',
  ')',
  '{',
  '}',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '#',
];

const WORD_START = /[A-Za-z0-9_:.]/;
// '-' and '/' belong to words once inside them ("5-1", "10.0.0.0/8", "aa-bb"): tshark's "A -B" quirk.
const WORD_CHAR = /[A-Za-z0-9_:.\-/]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || (c === 'r' && text[i + 1] === '"')) {
      const raw = c === 'r';
      const { value, end } = readString(text, raw ? i + 1 : i, raw);
      tokens.push({ kind: 'string', text: value, start, end });
      i = end;
    } else if (c === "'") {
      const { value, end } = readChar(text, i);
      tokens.push({ kind: 'char', text: text.slice(start, end), start, end, code: value });
      i = end;
    } else if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw new FilterError('Unexpected end of filter expression.', text.length, 0, 'syntax');
      tokens.push({ kind: 'slice', text: text.slice(i + 1, close), start, end: close + 1 });
      i = close + 1;
    } else if (WORD_START.test(c) && !text.startsWith('..', i)) {
      let end = i + 1;
      while (end < text.length && WORD_CHAR.test(text[end]) && !text.startsWith('..', end)) end++;
      const word = text.slice(i, end);
      const keyword = Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
      tokens.push({ kind: keyword ? 'op' : 'word', text: keyword ?? word, start, end });
      i = end;
    } else {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
      if (!symbol) throw new FilterError(`"${c}" was unexpected in this context.`, i, 1, 'syntax');
      // '~=' is 4.0's other spelling of '!==' (any_ne).
      tokens.push({ kind: 'op', text: symbol === '~=' ? '!==' : symbol, start, end: i + symbol.length });
      i += symbol.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "'": "'",
  '"': '"',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Strings are kept as byte strings (one char per byte, 0..255), so "\xc3\xa9" and "é" are the same two bytes, as
 * they are to tshark; field values of string type are decoded the same way.
 */
export function byteString(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

/** Reads a double-quoted string starting at the quote; raw strings keep their backslashes (only \" is special). */
function readString(text: string, quote: number, raw: boolean): { value: string; end: number } {
  let value = '';
  let i = quote + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] !== '\\') {
      value += byteString(text[i++]);
      continue;
    }
    if (raw) {
      value += byteString(text.slice(i, i + 2));
      i += 2;
      continue;
    }
    const { char, next } = readEscape(text, i);
    value += text[i + 1] === 'u' || text[i + 1] === 'U' ? byteString(char) : char;
    i = next;
  }
  if (i >= text.length) throw new FilterError('The string is not terminated.', quote, text.length - quote, 'syntax');
  return { value, end: i + 1 };
}

function readChar(text: string, quote: number): { value: number; end: number } {
  let i = quote + 1;
  let char: string;
  if (text[i] === '\\') ({ char, next: i } = readEscape(text, i));
  else char = text[i++] ?? '';
  if (text[i] !== "'" || char === '')
    throw new FilterError(
      `${text.slice(quote, i + 1)} is not a valid character constant.`,
      quote,
      i + 1 - quote,
      'syntax',
    );
  return { value: char.codePointAt(0)!, end: i + 1 };
}

/** One escape sequence at `at` (the backslash); octal and \x escapes stand for one byte, kept as a code unit. */
function readEscape(text: string, at: number): { char: string; next: number } {
  const e = text[at + 1];
  if (e !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) return { char: SIMPLE_ESCAPES[e], next: at + 2 };
  const patterns: [RegExp, number][] = [
    [/^[0-7]{1,3}/, 8],
    [/^x[0-9a-fA-F]{1,2}/, 16],
    [/^u[0-9a-fA-F]{4}/, 16],
    [/^U[0-9a-fA-F]{8}/, 16],
  ];
  for (const [pattern, radix] of patterns) {
    const m = pattern.exec(text.slice(at + 1));
    if (!m) continue;
    const digits = radix === 8 ? m[0] : m[0].slice(1);
    return { char: String.fromCodePoint(parseInt(digits, radix)), next: at + 1 + m[0].length };
  }
  throw new FilterError(`Invalid escape sequence "\\${e ?? ''}".`, at, 2, 'syntax');
}
