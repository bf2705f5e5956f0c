import type { FieldType } from '../fields/types';
import type { SliceRange, Span } from './syntax';

/**
 * The checked filter: every field resolved to its registry id, every literal converted to a typed constant.
 * It is plain data on purpose: the evaluator interprets it frame by frame, and a column store can recognise the
 * simple shapes (a `compare`/`in` of a bare core `field` against `constant`s) and run them vectorised.
 */

/** How values of an operand are represented and compared at run time. */
export type ValueKind =
  | 'number' // uint, int, hex, bool fields; lengths, counts, arithmetic: a JS number
  | 'ipv4' // a u32 number
  | 'ipv6' // 16 bytes
  | 'ether' // 6 bytes
  | 'time' // nanoseconds as a bigint (absolute and relative times alike, as tshark compares them)
  | 'bytes' // byte fields, protocols and slices: a Uint8Array
  | 'string' // a byte string (one char per byte)
  | 'none'; // Wireshark's FT_NONE (a label): it is there or not, and has no value to compare

/** An IPv4 or IPv6 constant with its CIDR prefix length (32 or 128 when written without one). */
export interface Network {
  address: number | Uint8Array;
  bits: number;
}

/** One value: what fields yield and what constants hold. Networks only appear in constants. */
export type Value = number | bigint | Uint8Array | string | Network;

export type Operand = Span &
  (
    | { kind: 'field'; id: number; name: string; type: FieldType; layers?: SliceRange[] }
    | { kind: 'constant'; value: Value }
    | { kind: 'slice'; of: Operand; ranges: SliceRange[] }
    | { kind: 'call'; fn: FunctionName; args: Operand[] }
    | { kind: 'arith'; op: '+' | '-' | '*' | '/' | '%' | '&'; left: Operand; right: Operand }
    | { kind: 'negate'; of: Operand }
    | { kind: 'reference' } // ${field}: the GUI's selected frame; there is none here, so it has no value
  ) & { valueKind: ValueKind };

export type FunctionName = 'len' | 'count' | 'upper' | 'lower' | 'string' | 'max' | 'min' | 'abs';

/** A comparison: `relation` on pairs of values; `any` needs one pair, `all` every pair (and at least one). */
export type Relation = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le';

export type Test =
  | { kind: 'and' | 'or'; left: Test; right: Test }
  | { kind: 'not'; of: Test }
  | { kind: 'exists'; operand: Operand } // a field, protocol or slice is there
  | { kind: 'nonzero'; operand: Operand } // `tcp.flags & 0x02`: some value is not zero
  | { kind: 'compare'; relation: Relation; quantifier: 'any' | 'all'; left: Operand; right: Operand }
  | { kind: 'contains'; left: Operand; right: Operand }
  | { kind: 'matches'; left: Operand; regex: RegExp }
  | { kind: 'in'; left: Operand; members: { value: Operand; to?: Operand }[] };
