/** The filter as written, before any field is looked up: what the parser produces and the checker reads. */

/** A position in the filter text, for error carets. */
export interface Span {
  start: number;
  end: number;
}

export type CompareOp = '==' | '!=' | '===' | '!==' | '>' | '<' | '>=' | '<=';
export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&';

/**
 * One [i:j] (length), [i-j] (inclusive last), [i] (length 1), [:j] or [i:] (neither: to the end) piece of a
 * slice or layer range. Negative offsets count from the end.
 */
export interface SliceRange {
  start: number;
  length?: number;
  last?: number;
}

export type SyntaxValue = Span &
  (
    | { kind: 'word'; text: string } // a field name or an unquoted literal: decided by the checker
    | { kind: 'string'; text: string } // quoted, escapes resolved to a byte string
    | { kind: 'char'; code: number }
    | { kind: 'reference'; field: string } // ${field}: the selected frame's value
    | { kind: 'layer'; of: SyntaxValue; layers: SliceRange[] } // field#2, field#[1-3]
    | { kind: 'slice'; of: SyntaxValue; ranges: SliceRange[] }
    | { kind: 'call'; name: string; nameSpan: Span; args: SyntaxValue[] }
    | { kind: 'arith'; op: ArithOp; left: SyntaxValue; right: SyntaxValue }
    | { kind: 'negate'; of: SyntaxValue }
  );

export type SetMember = { value: SyntaxValue; to?: SyntaxValue };

export type SyntaxTest = Span &
  (
    | { kind: 'and' | 'or'; left: SyntaxTest; right: SyntaxTest }
    | { kind: 'not'; of: SyntaxTest }
    | { kind: 'value'; value: SyntaxValue } // existence of a field, or a non-zero bitwise/arithmetic result
    | {
        kind: 'compare';
        op: CompareOp;
        opSpan: Span;
        quantifier?: 'any' | 'all';
        left: SyntaxValue;
        right: SyntaxValue;
      }
    | { kind: 'contains' | 'matches'; opSpan: Span; left: SyntaxValue; right: SyntaxValue }
    | { kind: 'in'; opSpan: Span; left: SyntaxValue; members: SetMember[] }
  );
