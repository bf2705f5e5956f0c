import { fieldById, fieldId } from '../fields/registry';
import type { FieldType } from '../fields/types';
import { aliasTarget } from './aliases';
import type { FunctionName, Operand, Relation, Test, Value, ValueKind } from './compiled';
import { FilterError } from './errors';
import { convertLiteral, describeKind, type Literal, type Target } from './literals';
import { compileRegex } from './regex';
import { closestFieldName } from './suggest';
import type { CompareOp, Span, SyntaxTest, SyntaxValue } from './syntax';

export interface Checked {
  test: Test;
  /** Every field the filter reads, so a frame source can prepare just those. */
  fieldIds: number[];
  /** The filter with aliases replaced by Wireshark names. */
  canonical: string;
}

const RELATIONS: Record<CompareOp, [Relation, 'any' | 'all']> = {
  '==': ['eq', 'any'],
  '!=': ['ne', 'all'],
  '===': ['eq', 'all'],
  '!==': ['ne', 'any'],
  '>': ['gt', 'any'],
  '<': ['lt', 'any'],
  '>=': ['ge', 'any'],
  '<=': ['le', 'any'],
};

export function kindOfFieldType(type: FieldType): ValueKind {
  switch (type) {
    case 'ipv4':
    case 'ipv6':
    case 'ether':
    case 'bytes':
    case 'string':
      return type;
    case 'expert-message':
      return 'string';
    case 'epoch':
    case 'abstime':
    case 'reltime':
      return 'time';
    case 'none':
      return 'none';
    case 'protocol':
    case 'expert': // _ws.expert is a protocol in Wireshark: its items cover no bytes
      return 'bytes';
    default:
      return 'number';
  }
}

/** Resolves fields through the registry (and aliases) and types every literal against what it is compared with. */
export function check(syntax: SyntaxTest, text: string): Checked {
  const checker = new Checker(text);
  const test = checker.test(syntax);
  return { test, fieldIds: [...checker.fields], canonical: checker.canonical() };
}

class Checker {
  readonly fields = new Set<number>();
  private readonly renames: { start: number; end: number; name: string }[] = [];

  constructor(private readonly text: string) {}

  canonical(): string {
    let out = this.text;
    for (const r of [...this.renames].sort((a, b) => b.start - a.start))
      out = out.slice(0, r.start) + r.name + out.slice(r.end);
    return out;
  }

  private source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  test(t: SyntaxTest): Test {
    switch (t.kind) {
      case 'and':
      case 'or':
        return { kind: t.kind, left: this.test(t.left), right: this.test(t.right) };
      case 'not':
        return { kind: 'not', of: this.test(t.of) };
      case 'value': {
        const operand = this.operand(t.value);
        if (!operand) throw this.notAField(t.value);
        // A bitwise or arithmetic result, or a number-valued function, is tested for being non-zero.
        const numeric =
          operand.kind === 'arith' ||
          operand.kind === 'negate' ||
          (operand.kind === 'call' && operand.valueKind === 'number');
        return { kind: numeric ? 'nonzero' : 'exists', operand };
      }
      case 'compare': {
        const left = this.leftOperand(t.left, t.op);
        const right = this.rightOperand(t.right, left);
        const [relation, quantifier] = RELATIONS[t.op];
        return { kind: 'compare', relation, quantifier: t.quantifier ?? quantifier, left, right };
      }
      case 'contains': {
        const left = this.leftOperand(t.left, 'contains');
        if (left.valueKind !== 'bytes' && left.valueKind !== 'string' && left.valueKind !== 'ether')
          throw this.cannot(left, 'contains');
        const asBytes: Operand = left.valueKind === 'ether' ? { ...left, valueKind: 'bytes' } : left;
        return { kind: 'contains', left, right: this.rightOperand(t.right, asBytes) };
      }
      case 'matches': {
        const left = this.leftOperand(t.left, 'matches');
        if (left.valueKind !== 'bytes' && left.valueKind !== 'string') throw this.cannot(left, 'matches');
        if (t.right.kind !== 'string')
          throw new FilterError(
            'The right side of "matches" must be a quoted string (a regular expression).',
            t.right.start,
            t.right.end - t.right.start,
          );
        return { kind: 'matches', left, regex: compileRegex(t.right.text, t.right) };
      }
      case 'in': {
        const left = this.leftOperand(t.left, 'in');
        const members = t.members.map((m) => ({
          value: this.rightOperand(m.value, left),
          to: m.to && this.rightOperand(m.to, left),
        }));
        return { kind: 'in', left, members };
      }
    }
  }

  private leftOperand(v: SyntaxValue, op: string): Operand {
    const operand = this.operand(v);
    if (operand?.valueKind === 'none') throw this.label(operand, op);
    if (operand && operand.kind !== 'constant') return operand;
    const reason = looksLikeFieldName(v) ? 'unknown-field' : 'invalid';
    throw new FilterError(
      `Left side of "${op}" expression must be a field or function, not ${this.source(v)}.${this.didYouMean(v)}`,
      v.start,
      v.end - v.start,
      reason,
    );
  }

  /** The right side of a comparison: a field or function of a compatible type, or a literal of the left's type. */
  private rightOperand(v: SyntaxValue, left: Operand): Operand {
    const target = this.targetOf(left);
    const operand = this.operand(v, target);
    if (!operand) throw this.notAField(v);
    if (operand.kind !== 'constant' && operand.valueKind !== left.valueKind) {
      throw new FilterError(
        `${target.name} is ${describeKind(target)}; ${this.source(v)} is ${describeKind(this.targetOf(operand))}.`,
        v.start,
        v.end - v.start,
      );
    }
    return operand;
  }

  private targetOf(operand: Operand): Target {
    const field = operand.kind === 'field' ? fieldById(operand.id) : undefined;
    return { kind: operand.valueKind, field, name: operand.kind === 'field' ? operand.name : this.source(operand) };
  }

  /**
   * A value: a field when the word names one, else (given a target) a literal converted to the target's kind;
   * undefined for a literal with nothing to give it a type.
   */
  private operand(v: SyntaxValue, target?: Target): Operand | undefined {
    const span = { start: v.start, end: v.end };
    switch (v.kind) {
      case 'word': {
        const field = this.resolve(v.text, v, !target || v.text.includes('.'));
        if (field) return field;
        return target ? this.constant(v, target) : undefined;
      }
      case 'string':
      case 'char':
        return target ? this.constant(v, target) : undefined;
      case 'reference': {
        const field = this.resolve(v.field, v, true);
        if (!field) throw this.notAField({ kind: 'word', text: v.field, ...span });
        return { kind: 'reference', valueKind: field.valueKind, ...span };
      }
      case 'layer': {
        const of = v.of.kind === 'word' ? this.resolve(v.of.text, v.of, true) : undefined;
        if (!of || of.kind !== 'field')
          throw new FilterError(
            `Only a field can have a layer (#): ${this.source(v.of)} is not one.`,
            v.of.start,
            v.of.end - v.of.start,
          );
        return { ...of, layers: v.layers, ...span };
      }
      case 'slice': {
        const of = this.operand(v.of);
        if (!of) throw this.notAField(v.of);
        if (of.valueKind === 'number' || of.valueKind === 'time' || of.valueKind === 'none') {
          throw new FilterError(
            `${this.source(v.of)} is ${describeKind(this.targetOf(of))} and cannot be sliced into a sequence of bytes.`,
            v.of.start,
            v.of.end - v.of.start,
          );
        }
        return { kind: 'slice', of, ranges: v.ranges, valueKind: 'bytes', ...span };
      }
      case 'call':
        return this.call(v);
      case 'arith': {
        let left = this.operand(v.left, target && { ...target, field: undefined });
        const right = this.operand(v.right, left ? this.numericTarget(left) : target);
        if (!right) throw this.notAField(v.right);
        left ??= this.operand(v.left, this.numericTarget(right));
        if (!left) throw this.notAField(v.left);
        if (left.kind === 'constant' && right.kind === 'constant') {
          throw new FilterError(
            `Constant arithmetic expression on the left side is not supported: ${this.source(v)}.`,
            v.start,
            v.end - v.start,
          );
        }
        // Bitwise and also masks addresses and byte strings ("eth.dst & 01:00:00:00:00:00", "ip.src & 255.0.0.0").
        const bitwise = v.op === '&' && BITWISE_KINDS.has(left.valueKind);
        for (const side of [left, right]) {
          const ok = bitwise ? side.valueKind === left.valueKind : side.valueKind === 'number';
          if (!ok) throw this.cannot(side, v.op === '&' ? 'bitwise and (&)' : `arithmetic (${v.op})`);
        }
        return { kind: 'arith', op: v.op, left, right, valueKind: left.valueKind, ...span };
      }
      case 'negate': {
        const of = this.operand(v.of, target && { ...target, field: undefined });
        if (!of) return undefined;
        if (of.kind === 'constant') return { ...of, value: negateConstant(of.value, v, target), ...span };
        if (of.valueKind !== 'number' && of.valueKind !== 'time') throw this.cannot(of, 'negation');
        return { kind: 'negate', of, valueKind: of.valueKind, ...span };
      }
    }
  }

  private numericTarget(operand: Operand): Target {
    return { ...this.targetOf(operand), field: undefined };
  }

  private constant(v: Literal, target: Target): Operand {
    return { kind: 'constant', value: convertLiteral(v, target), valueKind: target.kind, start: v.start, end: v.end };
  }

  private resolve(name: string, span: Span, allowAlias: boolean): (Operand & { kind: 'field' }) | undefined {
    let id = fieldId(name);
    if (id === undefined && allowAlias) {
      const target = aliasTarget(name, allowAlias);
      if (target !== undefined) {
        id = fieldId(target)!;
        this.renames.push({ start: span.start, end: span.end, name: target });
      }
    }
    if (id === undefined) return undefined;
    const def = fieldById(id)!;
    this.fields.add(id);
    return {
      kind: 'field',
      id,
      name: def.name,
      type: def.type,
      valueKind: kindOfFieldType(def.type),
      start: span.start,
      end: span.end,
    };
  }

  private call(v: SyntaxValue & { kind: 'call' }): Operand {
    const fn = v.name as FunctionName;
    const span = { start: v.start, end: v.end };
    const arity = ARITY[fn];
    if (!arity)
      throw new FilterError(
        `The function "${v.name}" does not exist.`,
        v.nameSpan.start,
        v.nameSpan.end - v.nameSpan.start,
      );
    const [min, max] = arity;
    if (v.args.length < min || v.args.length > max) {
      throw new FilterError(
        `${fn}() takes ${min === max ? min : `at least ${min}`} argument${min === 1 && max === 1 ? '' : 's'}, not ${v.args.length}.`,
        v.start,
        v.end - v.start,
      );
    }
    if (fn === 'max' || fn === 'min') return this.extremum(fn, v);
    const arg = this.operand(v.args[0]);
    if (!arg && looksLikeFieldName(v.args[0])) throw this.notAField(v.args[0]);
    if (!arg || arg.kind === 'constant')
      throw new FilterError(
        `The argument of ${fn}() must be a field or function, not ${this.source(v.args[0])}.`,
        v.args[0].start,
        v.args[0].end - v.args[0].start,
      );
    const argType = arg.kind === 'field' ? arg.type : undefined;
    const needs = (ok: boolean, what: string) => {
      if (!ok)
        throw new FilterError(
          `${fn}() needs ${what}; ${this.source(v.args[0])} is ${describeKind(this.targetOf(arg))}.`,
          arg.start,
          arg.end - arg.start,
        );
    };
    switch (fn) {
      case 'len':
        return { kind: 'call', fn, args: [arg], valueKind: 'number', ...span };
      case 'count':
        needs(arg.kind === 'field', 'a field');
        return { kind: 'call', fn, args: [arg], valueKind: 'number', ...span };
      case 'upper':
      case 'lower':
        needs(arg.valueKind === 'string', 'a character string');
        return { kind: 'call', fn, args: [arg], valueKind: 'string', ...span };
      case 'string':
        needs(
          ['number', 'ipv4', 'ipv6', 'ether'].includes(arg.valueKind) && argType !== 'bool',
          'a number or an address',
        );
        return { kind: 'call', fn, args: [arg], valueKind: 'string', ...span };
      default: // abs
        needs(arg.valueKind === 'number' || arg.valueKind === 'time', 'a number');
        return { kind: 'call', fn, args: [arg], valueKind: arg.valueKind, ...span };
    }
  }

  /** max() and min(): every argument of one kind; literals take the kind of the first field among them. */
  private extremum(fn: 'max' | 'min', v: SyntaxValue & { kind: 'call' }): Operand {
    const typed = v.args.map((a) => this.operand(a));
    const first = typed.find((a) => a && a.kind !== 'constant');
    if (!first)
      throw new FilterError(`${fn}() needs at least one field or function argument.`, v.start, v.end - v.start);
    const args = v.args.map((a, i) => typed[i] ?? this.operand(a, this.numericTarget(first))!);
    for (const [i, a] of args.entries()) {
      if (
        a.valueKind !== first.valueKind ||
        a.valueKind === 'bytes' ||
        a.valueKind === 'string' ||
        a.valueKind === 'none'
      ) {
        throw new FilterError(
          `Arguments to ${fn}() must all be numbers, addresses or times of one kind; ${this.source(v.args[i])} is ${describeKind(this.targetOf(a))}.`,
          a.start,
          a.end - a.start,
        );
      }
    }
    return { kind: 'call', fn, args, valueKind: first.valueKind, start: v.start, end: v.end };
  }

  /** tshark's refusal of a label (FT_NONE) anywhere but alone or in count(). */
  private label(operand: Operand, op: string): FilterError {
    return new FilterError(
      `${this.source(operand)} (type=Label) cannot participate in ${op} comparison.`,
      operand.start,
      operand.end - operand.start,
    );
  }

  private cannot(operand: Operand, what: string): FilterError {
    return new FilterError(
      `${this.source(operand)} is ${describeKind(this.targetOf(operand))} and cannot be used with ${what}.`,
      operand.start,
      operand.end - operand.start,
    );
  }

  private didYouMean(v: SyntaxValue): string {
    if (v.kind !== 'word' || !/[a-z]/i.test(v.text)) return '';
    const suggestion = closestFieldName(v.text);
    return suggestion ? ` Did you mean ${suggestion}?` : '';
  }

  private notAField(v: SyntaxValue): FilterError {
    const shown = v.kind === 'string' ? `"${v.text}"` : this.source(v);
    const reason = looksLikeFieldName(v) ? 'unknown-field' : 'invalid';
    return new FilterError(
      `${shown} is neither a field nor a protocol name.${this.didYouMean(v)}`,
      v.start,
      v.end - v.start,
      reason,
    );
  }
}

/** A word spelled like a field name (dns, tcp.analysis.flags), as opposed to a literal such as 80 or 00:16:ce. */
function looksLikeFieldName(v: SyntaxValue): boolean {
  return v.kind === 'word' && /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i.test(v.text);
}

const BITWISE_KINDS = new Set<ValueKind>(['number', 'ipv4', 'ipv6', 'ether', 'bytes']);

const ARITY: Record<string, [number, number]> = {
  len: [1, 1],
  count: [1, 1],
  upper: [1, 1],
  lower: [1, 1],
  string: [1, 1],
  abs: [1, 1],
  max: [1, Infinity],
  min: [1, Infinity],
};

/**
 * -literal. Against an unsigned field a negative number wraps as tshark's 64-bit conversion does, so it is
 * larger than every value (`tcp.port > -1` matches nothing).
 */
function negateConstant(value: Value, span: Span, target: Target | undefined): Value {
  if (typeof value === 'number') {
    const unsigned =
      target?.field && ['uint', 'framenum', 'hex8', 'hex16', 'hex24', 'hex32'].includes(target.field.type);
    return unsigned && value > 0 ? 2 ** 64 - value : -value;
  }
  if (typeof value === 'bigint') return -value;
  throw new FilterError('Only numbers and times can be negative.', span.start, span.end - span.start);
}
