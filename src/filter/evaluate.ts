import { ether, ipv4, ipv6 } from '../fields/format';
import type { Network, Operand, Relation, Test, Value } from './compiled';
import { latin1Bytes } from './literals';
import type { FrameFieldSource } from './source';
import type { SliceRange } from './syntax';

/** Whether one frame passes a checked filter. */
export function evaluate(test: Test, frame: FrameFieldSource): boolean {
  switch (test.kind) {
    case 'and':
      return evaluate(test.left, frame) && evaluate(test.right, frame);
    case 'or':
      return evaluate(test.left, frame) || evaluate(test.right, frame);
    case 'not':
      return !evaluate(test.of, frame);
    case 'exists':
      return valuesOf(test.operand, frame).length > 0;
    case 'nonzero':
      return valuesOf(test.operand, frame).some((v) =>
        v instanceof Uint8Array ? v.some((b) => b !== 0) : v !== 0 && v !== 0n,
      );
    case 'compare':
      return compareAll(test.relation, test.quantifier, valuesOf(test.left, frame), valuesOf(test.right, frame));
    case 'contains': {
      const needles = valuesOf(test.right, frame);
      return valuesOf(test.left, frame).some((h) => needles.some((n) => contains(h, n)));
    }
    case 'matches':
      return valuesOf(test.left, frame).some((v) => test.regex.test(asText(v)));
    case 'in': {
      const values = valuesOf(test.left, frame);
      return test.members.some((m) => {
        const from = valuesOf(m.value, frame);
        if (!m.to) return values.some((v) => from.some((f) => equal(v, f)));
        const to = valuesOf(m.to, frame);
        return values.some((v) => from.some((lo) => to.some((hi) => order(v, lo) >= 0 && order(v, hi) <= 0)));
      });
    }
  }
}

/** Any: some pair satisfies the relation. All: there are pairs and every one does (tshark's ===, != and `all`). */
function compareAll(
  relation: Relation,
  quantifier: 'any' | 'all',
  left: readonly Value[],
  right: readonly Value[],
): boolean {
  if (quantifier === 'any') return left.some((a) => right.some((b) => holds(relation, a, b)));
  return left.length > 0 && right.length > 0 && left.every((a) => right.every((b) => holds(relation, a, b)));
}

function holds(relation: Relation, a: Value, b: Value): boolean {
  switch (relation) {
    case 'eq':
      return equal(a, b);
    case 'ne':
      return !equal(a, b);
    case 'gt':
      return order(a, b) > 0;
    case 'lt':
      return order(a, b) < 0;
    case 'ge':
      return order(a, b) >= 0;
    case 'le':
      return order(a, b) <= 0;
  }
}

function isNetwork(v: Value): v is Network {
  return typeof v === 'object' && !(v instanceof Uint8Array);
}

/** Equality; against a network constant, equality within its prefix (CIDR). */
function equal(a: Value, b: Value): boolean {
  if (isNetwork(b)) return inNetwork(a, b);
  if (isNetwork(a)) return inNetwork(b, a);
  return order(a, b) === 0;
}

function inNetwork(v: Value, net: Network): boolean {
  if (typeof net.address === 'number') {
    const mask = net.bits === 0 ? 0 : (~0 << (32 - net.bits)) >>> 0;
    return typeof v === 'number' && (v & mask) >>> 0 === (net.address & mask) >>> 0;
  }
  if (!(v instanceof Uint8Array)) return false;
  for (let bit = 0; bit < net.bits; bit += 8) {
    const mask = net.bits - bit >= 8 ? 0xff : (0xff << (8 - (net.bits - bit))) & 0xff;
    if ((v[bit >> 3] & mask) !== (net.address[bit >> 3] & mask)) return false;
  }
  return true;
}

/** Ordering: numbers and times arithmetically, addresses and bytes lexicographically; a network by its address. */
function order(a: Value, b: Value): number {
  if (isNetwork(a)) return order(a.address, b);
  if (isNetwork(b)) return order(a, b.address);
  if (a instanceof Uint8Array || b instanceof Uint8Array) return compareBytes(asBytes(a), asBytes(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function contains(haystack: Value, needle: Value): boolean {
  if (typeof haystack === 'string' && typeof needle === 'string') return haystack.includes(needle);
  const h = asBytes(haystack);
  const n = asBytes(needle);
  outer: for (let i = 0; i + n.length <= h.length; i++) {
    for (let j = 0; j < n.length; j++) if (h[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

/** A value's bytes: what slices and byte comparisons see. Strings are byte strings; IPv4 is four bytes. */
function asBytes(v: Value): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return latin1Bytes(v);
  if (typeof v === 'number') return Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  if (isNetwork(v)) return asBytes(v.address);
  return new Uint8Array(0);
}

/** Bytes read as a byte string, for regular expressions. */
function asText(v: Value): string {
  if (typeof v === 'string') return v;
  let s = '';
  for (const b of asBytes(v)) s += String.fromCharCode(b);
  return s;
}

function valuesOf(operand: Operand, frame: FrameFieldSource): readonly Value[] {
  switch (operand.kind) {
    case 'field': {
      const values = frame.values(operand.id);
      if (!operand.layers || values.length === 0) return values;
      const layers = frame.layers(operand.id);
      const top = layers.length ? Math.max(...layers) : 0;
      return values.filter((_, i) => operand.layers!.some((r) => inRange(layers[i], r, top)));
    }
    case 'constant':
      return [operand.value];
    case 'reference':
      return [];
    case 'slice':
      return valuesOf(operand.of, frame).flatMap((v) => {
        const s = slice(asBytes(v), operand.ranges);
        return s ? [s] : [];
      });
    case 'negate':
      return valuesOf(operand.of, frame).map((v) => (typeof v === 'bigint' ? -v : -(v as number)));
    case 'arith': {
      const right = valuesOf(operand.right, frame);
      return valuesOf(operand.left, frame).flatMap((a) => right.flatMap((b) => arith(operand.op, a, b)));
    }
    case 'call':
      return call(operand, frame);
  }
}

/** A layer number within a #[range]; negative bounds count from the last layer. */
function inRange(layer: number, r: SliceRange, top: number): boolean {
  const at = (n: number) => (n < 0 ? top + 1 + n : n);
  const first = at(r.start);
  const last = r.last !== undefined ? at(r.last) : r.length !== undefined ? first + r.length - 1 : Infinity;
  return layer >= first && layer <= last;
}

function arith(op: string, x: Value, y: Value): Value[] {
  const a = isNetwork(x) ? x.address : x;
  const b = isNetwork(y) ? y.address : y;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return [bytesAnd(a as Uint8Array, b as Uint8Array)];
  return numberArith(op, a as number, b as number);
}

/** Bytes & bytes: as long as the shorter operand (tshark: "frame[0:3] & 00:ff == 00:05"). */
function bytesAnd(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = a[i] & b[i];
  return out;
}

function numberArith(op: string, a: number, b: number): number[] {
  switch (op) {
    case '+':
      return [a + b];
    case '-':
      return [a - b];
    case '*':
      return [a * b];
    // Division by zero gives no value rather than a match on Infinity.
    case '/':
      return b === 0 ? [] : [Math.trunc(a / b)];
    case '%':
      return b === 0 ? [] : [a % b];
    default:
      return [Number(BigInt(a) & BigInt(b))];
  }
}

/** The bytes a slice selects; undefined when a piece lies outside the value (the slice does not exist). */
export function slice(bytes: Uint8Array, ranges: readonly SliceRange[]): Uint8Array | undefined {
  const pieces: Uint8Array[] = [];
  for (const r of ranges) {
    const start = r.start < 0 ? bytes.length + r.start : r.start;
    const end =
      r.last !== undefined
        ? (r.last < 0 ? bytes.length + r.last : r.last) + 1
        : r.length !== undefined
          ? start + r.length
          : bytes.length;
    if (
      start < 0 ||
      end > bytes.length ||
      end < start ||
      (r.length === undefined && r.last === undefined && start >= bytes.length)
    )
      return undefined;
    pieces.push(bytes.subarray(start, end));
  }
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function call(operand: Operand & { kind: 'call' }, frame: FrameFieldSource): Value[] {
  const arg = operand.args[0];
  switch (operand.fn) {
    case 'len':
      // A number's length is its size in the packet; a label has none; everything else is measured by its bytes.
      if (arg.valueKind === 'none') return [];
      if (arg.kind === 'field' && arg.valueKind === 'number') return [...frame.lengths(arg.id)];
      return valuesOf(arg, frame).map((v) => (typeof v === 'string' ? v.length : asBytes(v).length));
    case 'count': {
      const n = valuesOf(arg, frame).length;
      return n > 0 ? [n] : [];
    }
    case 'upper':
      return valuesOf(arg, frame).map((v) => (v as string).replace(/[a-z]+/g, (s) => s.toUpperCase()));
    case 'lower':
      return valuesOf(arg, frame).map((v) => (v as string).replace(/[A-Z]+/g, (s) => s.toLowerCase()));
    case 'string':
      return valuesOf(arg, frame).map((v) => asString(v, arg.valueKind));
    case 'abs':
      return valuesOf(arg, frame).map((v) => (typeof v === 'bigint' ? (v < 0n ? -v : v) : Math.abs(v as number)));
    case 'max':
    case 'min': {
      const all = operand.args.flatMap((a) => valuesOf(a, frame).map((v) => (isNetwork(v) ? v.address : v)));
      if (all.length === 0) return [];
      const sign = operand.fn === 'max' ? 1 : -1;
      return [all.reduce((best, v) => (order(v, best) * sign > 0 ? v : best))];
    }
  }
}

function asString(v: Value, kind: string): string {
  if (kind === 'ipv4') return ipv4(v as number);
  if (kind === 'ipv6')
    return ipv6(
      Array.from({ length: 4 }, (_, i) =>
        new DataView((v as Uint8Array).buffer, (v as Uint8Array).byteOffset).getUint32(4 * i),
      ),
    );
  if (kind === 'ether') {
    const b = v as Uint8Array;
    return ether(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0, (b[4] << 8) | b[5]);
  }
  return String(v);
}
