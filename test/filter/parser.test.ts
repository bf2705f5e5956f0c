import { describe, expect, it } from 'vitest';
import { parse } from '../../src/filter/parser';
import { tokenize } from '../../src/filter/lexer';
import { FilterError, caretLines } from '../../src/filter/errors';

// Expected outcomes come from tshark 4.0.17 (`tshark -Y <filter>`), run on these very strings.

function syntaxError(text: string): FilterError {
  try {
    parse(text);
  } catch (e) {
    return e as FilterError;
  }
  throw new Error(`parsed: ${text}`);
}

describe('lexer', () => {
  it('keeps "-" and "/" inside words but splits ".." ranges', () => {
    expect(tokenize('5-1 10.0.0.0/8 80..90').map((t) => t.text)).toEqual(['5-1', '10.0.0.0/8', '80', '..', '90', '']);
  });

  it('normalises operator words (lowercase only)', () => {
    expect(
      tokenize('a eq b and not c any_ne d all_eq e')
        .filter((t) => t.kind === 'op')
        .map((t) => t.text),
    ).toEqual(['==', '&&', '!', '!==', '===']);
    expect(tokenize('a EQ b')[1].kind).toBe('word');
  });

  it('resolves string escapes to bytes; raw strings keep backslashes', () => {
    expect(tokenize(String.raw`"\x48EAD\110\"\\"`)[0].text).toBe('HEADH"\\');
    expect(tokenize(String.raw`r"\\S\d"`)[0].text).toBe(String.raw`\\S\d`);
    expect(tokenize('"é"')[0].text).toBe('\xc3\xa9');
    expect(tokenize(String.raw`'\n'`)[0].code).toBe(10);
  });
});

describe('parser', () => {
  it('gives not > and > or precedence', () => {
    const t = parse('a || b && !c');
    expect(t.kind).toBe('or');
    if (t.kind !== 'or') return;
    expect(t.right.kind).toBe('and');
  });

  it('reads slices in all five forms, and layers', () => {
    const t = parse('eth.src#1[0:3,1-2,4,:2,3:] == 0');
    expect(t.kind).toBe('compare');
  });

  it('reads sets with ranges and commas', () => {
    const t = parse('tcp.port in {80, 443, 8000..8999}');
    expect(t.kind === 'in' && t.members.length).toBe(3);
  });

  it('reads arithmetic with braces, and "A -B" as subtraction', () => {
    const t = parse('{frame.number + 1} * 2 == 8');
    expect(t.kind === 'compare' && t.left.kind === 'arith' && t.left.op).toBe('*');
    const u = parse('frame.number == 5 -1');
    expect(u.kind === 'compare' && u.right.kind).toBe('arith');
  });

  it.each([
    ['tcp.port in {25 80 443}', '"80" was unexpected in this context.', 16],
    ['frame.number <= 10 ^^ tcp', '"^" was unexpected in this context.', 19],
    ['frame.number <= 10 xor tcp', '"xor" was unexpected in this context.', 19],
    ['ip.addr ==', 'Unexpected end of filter expression.', 10],
    ['http.request.method == POST &&', 'Unexpected end of filter expression.', 30],
    ['tcp)', '")" was unexpected in this context.', 3],
    ['(tcp', 'Unexpected end of filter expression.', 4],
    ['tcp.port == 80 80', '"80" was unexpected in this context.', 15],
    ['== 80', '"==" was unexpected in this context.', 0],
    ['tcp.port in {}', '"}" was unexpected in this context.', 13],
    ['tcp.port in {80..}', '"}" was unexpected in this context.', 17],
    ['tcp AND tcp', '"AND" was unexpected in this context.', 4],
  ])('refuses %s', (text, message, start) => {
    const e = syntaxError(text);
    expect(e.message).toBe(message);
    expect(e.start).toBe(start);
    expect(e.reason).toBe('syntax');
  });

  it('draws a caret under the offending text', () => {
    const e = syntaxError('tcp.port in {25 80 443}');
    expect(caretLines('tcp.port in {25 80 443}', e)).toBe('tcp.port in {25 80 443}\n                ^~');
  });
});
