import { FilterError } from './errors';
import { tokenize, type Token } from './lexer';
import type { ArithOp, CompareOp, SetMember, SliceRange, Span, SyntaxTest, SyntaxValue } from './syntax';

const COMPARE_OPS = new Set(['==', '!=', '===', '!==', '>', '<', '>=', '<=']);

/**
 * Recursive descent over the Wireshark 4.0 grammar. Precedence, loosest first: ||, &&, ! (there is no xor in
 * 4.0), then one relation; in values & binds loosest, then + -, then * / %, then unary minus. Parentheses group
 * tests; braces group arithmetic.
 */
export function parse(text: string): SyntaxTest {
  const p = new Parser(tokenize(text));
  const test = p.orTest();
  p.expectEnd();
  return test;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private get peek(): Token {
    return this.tokens[this.at];
  }

  private isOp(text: string): boolean {
    return this.peek.kind === 'op' && this.peek.text === text;
  }

  private take(): Token {
    return this.tokens[this.at++];
  }

  private unexpected(): FilterError {
    const t = this.peek;
    if (t.kind === 'end') return new FilterError('Unexpected end of filter expression.', t.start, 0, 'syntax');
    return new FilterError(
      `"${t.kind === 'op' ? t.text : this.sourceOf(t)}" was unexpected in this context.`,
      t.start,
      t.end - t.start,
      'syntax',
    );
  }

  private sourceOf(t: Token): string {
    return t.kind === 'string' ? `"${t.text}"` : t.kind === 'slice' ? `[${t.text}]` : t.text;
  }

  private expect(op: string): Token {
    if (!this.isOp(op)) throw this.unexpected();
    return this.take();
  }

  expectEnd(): void {
    if (this.peek.kind !== 'end') throw this.unexpected();
  }

  orTest(): SyntaxTest {
    let left = this.andTest();
    while (this.isOp('||')) {
      this.take();
      const right = this.andTest();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private andTest(): SyntaxTest {
    let left = this.notTest();
    while (this.isOp('&&')) {
      this.take();
      const right = this.notTest();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private notTest(): SyntaxTest {
    if (this.isOp('!')) {
      const bang = this.take();
      const of = this.notTest();
      return { kind: 'not', of, start: bang.start, end: of.end };
    }
    if (this.isOp('(')) {
      const open = this.take();
      const inner = this.orTest();
      const close = this.expect(')');
      return { ...inner, start: open.start, end: close.end };
    }
    return this.relation();
  }

  private relation(): SyntaxTest {
    let quantifier: 'any' | 'all' | undefined;
    if (this.isOp('any') || this.isOp('all')) quantifier = this.take().text as 'any' | 'all';
    const left = this.value();
    const t = this.peek;
    const opSpan: Span = { start: t.start, end: t.end };
    if (t.kind === 'op' && COMPARE_OPS.has(t.text)) {
      this.take();
      const right = this.value();
      return {
        kind: 'compare',
        op: t.text as CompareOp,
        opSpan,
        quantifier,
        left,
        right,
        start: left.start,
        end: right.end,
      };
    }
    if (quantifier) throw this.unexpected();
    if (this.isOp('contains') || this.isOp('~')) {
      this.take();
      const right = this.value();
      return {
        kind: t.text === 'contains' ? 'contains' : 'matches',
        opSpan,
        left,
        right,
        start: left.start,
        end: right.end,
      };
    }
    if (
      this.isOp('in') ||
      (this.isOp('!') && this.tokens[this.at + 1].kind === 'op' && this.tokens[this.at + 1].text === 'in')
    ) {
      const negated = this.take().text === '!';
      if (negated) this.take();
      const members = this.set();
      const test: SyntaxTest = {
        kind: 'in',
        opSpan,
        left,
        members,
        start: left.start,
        end: this.tokens[this.at - 1].end,
      };
      return negated ? { kind: 'not', of: test, start: test.start, end: test.end } : test;
    }
    return { kind: 'value', value: left, start: left.start, end: left.end };
  }

  /** { a, b, c..d }: commas are required in 4.0 (a space-separated set is refused). */
  private set(): SetMember[] {
    this.expect('{');
    const members: SetMember[] = [];
    for (;;) {
      const value = this.value();
      let to: SyntaxValue | undefined;
      if (this.isOp('..')) {
        this.take();
        to = this.value();
      }
      members.push({ value, to });
      if (this.isOp('}')) break;
      this.expect(',');
    }
    this.take();
    return members;
  }

  private value(): SyntaxValue {
    return this.binary(0);
  }

  private static readonly LEVELS: ArithOp[][] = [['&'], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): SyntaxValue {
    if (level === Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.peek.kind === 'op' && (Parser.LEVELS[level] as string[]).includes(this.peek.text)) {
      const op = this.take().text as ArithOp;
      const right = this.binary(level + 1);
      left = { kind: 'arith', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): SyntaxValue {
    if (this.isOp('-')) {
      const minus = this.take();
      const of = this.unary();
      return { kind: 'negate', of, start: minus.start, end: of.end };
    }
    return this.postfix(this.primary());
  }

  private primary(): SyntaxValue {
    const t = this.peek;
    if (t.kind === 'string') {
      this.take();
      return { kind: 'string', text: t.text, start: t.start, end: t.end };
    }
    if (t.kind === 'char') {
      this.take();
      return { kind: 'char', code: t.code!, start: t.start, end: t.end };
    }
    if (this.isOp('{')) {
      this.take();
      const inner = this.value();
      this.expect('}');
      return inner;
    }
    if (this.isOp('${')) {
      this.take();
      const name = this.take();
      if (name.kind !== 'word') throw this.unexpectedAt(name);
      const close = this.expect('}');
      return { kind: 'reference', field: name.text, start: t.start, end: close.end };
    }
    if (t.kind !== 'word') throw this.unexpected();
    this.take();
    if (this.isOp('(')) return this.call(t);
    return { kind: 'word', text: t.text, start: t.start, end: t.end };
  }

  private unexpectedAt(t: Token): FilterError {
    this.at = this.tokens.indexOf(t);
    return this.unexpected();
  }

  private call(name: Token): SyntaxValue {
    this.take();
    const args: SyntaxValue[] = [];
    if (!this.isOp(')')) {
      args.push(this.value());
      while (this.isOp(',')) {
        this.take();
        args.push(this.value());
      }
    }
    const close = this.expect(')');
    return {
      kind: 'call',
      name: name.text,
      nameSpan: { start: name.start, end: name.end },
      args,
      start: name.start,
      end: close.end,
    };
  }

  /** Layer (#n, #[ranges]) and slices ([ranges]) after a value. */
  private postfix(of: SyntaxValue): SyntaxValue {
    let value = of;
    if (this.isOp('#')) {
      this.take();
      const t = this.take();
      if (t.kind !== 'word' && t.kind !== 'slice') throw this.unexpectedAt(t);
      value = { kind: 'layer', of: value, layers: sliceRanges(t), start: value.start, end: t.end };
    }
    while (this.peek.kind === 'slice') {
      const t = this.take();
      value = { kind: 'slice', of: value, ranges: sliceRanges(t), start: value.start, end: t.end };
    }
    return value;
  }
}

const INT = '(-?\\d+)';
const RANGE_FORMS: [RegExp, (a: number, b: number) => SliceRange][] = [
  [new RegExp(`^${INT}:${INT}$`), (a, b) => ({ start: a, length: b })],
  [new RegExp(`^${INT}-${INT}$`), (a, b) => ({ start: a, last: b })],
  [new RegExp(`^:${INT}$`), (b) => ({ start: 0, length: b })],
  [new RegExp(`^${INT}:$`), (a) => ({ start: a })],
  [new RegExp(`^${INT}$`), (a) => ({ start: a, length: 1 })],
];

/** The comma-separated ranges of a slice or layer token: [i:j] [i-j] [i] [:j] [i:]. */
function sliceRanges(t: Token): SliceRange[] {
  return t.text.split(',').map((piece) => {
    const s = piece.trim();
    for (const [pattern, make] of RANGE_FORMS) {
      const m = pattern.exec(s);
      if (m) return make(Number(m[1]), Number(m[2]));
    }
    throw new FilterError(`"${s}" is not a valid range.`, t.start, t.end - t.start, 'syntax');
  });
}
