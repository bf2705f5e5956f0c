import { FrameShape, NO_STREAM, TcpAnalysis, TopProtocol } from '../abi/core-constants';
import type { PacketIndex } from '../core/packet-index';
import { fieldId } from '../fields/registry';
import type { Network, Operand, Relation, Test, Value } from './compiled';

/**
 * The fast path: a checked filter evaluated over the packet index's columns, with no per-packet objects.
 * Every frame gets a verdict: NO, YES, or UNDECIDED when the columns cannot vouch for the fields the filter reads
 * (a field they do not hold, a frame whose shape they do not describe); only those go to the slow path, which
 * decodes the frame. Verdicts combine in three-valued logic, so `ip.addr == 10.0.0.0/8 && http` still rules out
 * every frame outside 10/8 without decoding it.
 */
export const NO = 0;
export const YES = 1;
export const UNDECIDED = 2;

/** The index columns read here (src/core/packet-index.ts; meanings in assembly/rows.ts). */
export interface FilterColumns {
  count: number;
  origLen: Uint32Array;
  capLen: Uint32Array;
  top: Uint8Array;
  stream: Uint32Array;
  analysis: Uint32Array;
  shape: Uint8Array;
  ipSrc: Uint32Array;
  ipDst: Uint32Array;
  ipProto: Uint8Array;
  srcPort: Uint16Array;
  dstPort: Uint16Array;
}

/** A packet index's columns, as the fast path reads them (views: valid until the index grows). */
export function indexColumns(index: PacketIndex): FilterColumns {
  return {
    count: index.count,
    origLen: index.column('origLen'),
    capLen: index.column('capLen'),
    top: index.column('top'),
    stream: index.column('stream'),
    analysis: index.column('analysis'),
    shape: index.column('shape'),
    ipSrc: index.column('ipSrc'),
    ipDst: index.column('ipDst'),
    ipProto: index.column('ipProto'),
    srcPort: index.column('srcPort'),
    dstPort: index.column('dstPort'),
  };
}

const { Ipv4: SHAPE_IPV4, Ipv6: SHAPE_IPV6, Ports: SHAPE_PORTS, Complex: SHAPE_COMPLEX } = FrameShape;
const { Udp: TOP_UDP, Tcp: TOP_TCP } = TopProtocol;
const A = TcpAnalysis;
const ANALYSIS_BITS: Record<string, number> = {
  'tcp.analysis.flags': Object.values(A).reduce((all: number, bit) => all | bit, 0),
  // Fast and spurious retransmissions are reported as retransmissions too.
  'tcp.analysis.retransmission': A.Retransmission | A.FastRetransmission | A.SpuriousRetransmission,
  'tcp.analysis.lost_segment': A.LostSegment,
  'tcp.analysis.ack_lost_segment': A.AckLostSegment,
  'tcp.analysis.keep_alive': A.KeepAlive,
  'tcp.analysis.duplicate_ack': A.DuplicateAck,
  'tcp.analysis.zero_window': A.ZeroWindow,
  'tcp.analysis.zero_window_probe': A.ZeroWindowProbe,
  'tcp.analysis.zero_window_probe_ack': A.ZeroWindowProbeAck,
  'tcp.analysis.keep_alive_ack': A.KeepAliveAck,
  'tcp.analysis.out_of_order': A.OutOfOrder,
  'tcp.analysis.fast_retransmission': A.FastRetransmission,
  'tcp.analysis.window_update': A.WindowUpdate,
  'tcp.analysis.window_full': A.WindowFull,
  'tcp.analysis.reused_ports': A.ReusedPorts,
  'tcp.analysis.spurious_retransmission': A.SpuriousRetransmission,
};

/** Whether a field is there, from a frame's shape and top layer; `refine` may then look at the frame's row. */
type Presence = (shape: number, top: number) => number;

/** Whether frames are plain TCP (or UDP) over one IP header: then their header fields are in the columns. */
const transport =
  (code: number): Presence =>
  (shape, top) =>
    shape & SHAPE_PORTS && top === code ? YES : NO;

/**
 * A field as the columns know it: whether a frame has it (NO/YES/UNDECIDED), and its values when it does: one,
 * or two for either-direction fields (ip.addr is ip.src and ip.dst).
 */
interface ColumnField {
  /** Presence for each (shape << 4 | top) pair. */
  table: Uint8Array;
  /**
   * Where the shape says YES, a row may still lack it: `bits` present when column & mask is non-zero (analysis
   * flags), `stream` undecided when the column holds no stream number.
   */
  refine?: { kind: 'bits'; column: Uint32Array; mask: number } | { kind: 'stream'; column: Uint32Array };
  values?: [ArrayLike<number>] | [ArrayLike<number>, ArrayLike<number>];
}

interface FieldSpec extends Omit<ColumnField, 'table'> {
  presence: Presence;
  /** Frame fields are there even in frames whose other fields the columns cannot vouch for. */
  frameLevel?: boolean;
}

function columnField(id: number, c: FilterColumns): ColumnField | undefined {
  const name = FIELD_NAMES.get(id);
  if (name === undefined) return undefined;
  const ipv4: Presence = (shape) => (shape & SHAPE_IPV4 ? YES : NO);
  // IPv6 addresses are not in the index (32 bytes a frame): an IPv6 frame's ipv6 fields go to the slow path.
  const ipv6Field: Presence = (shape) => (shape & SHAPE_IPV6 ? UNDECIDED : NO);
  const stream = { kind: 'stream', column: c.stream } as const;
  const frameField = (values?: ColumnField['values']): FieldSpec => ({ presence: () => YES, values, frameLevel: true });
  const analysisBits = ANALYSIS_BITS[name];
  const spec: FieldSpec | undefined =
    name === 'frame'
      ? frameField()
      : name === 'frame.number'
        ? frameField([frameNumbers(c.count)])
        : name === 'frame.len'
          ? frameField([c.origLen])
          : name === 'frame.cap_len'
            ? frameField([c.capLen])
            : name === 'ip'
              ? { presence: ipv4 }
              : name === 'ip.src'
                ? { presence: ipv4, values: [c.ipSrc] }
                : name === 'ip.dst'
                  ? { presence: ipv4, values: [c.ipDst] }
                  : name === 'ip.addr'
                    ? { presence: ipv4, values: [c.ipSrc, c.ipDst] }
                    : name === 'ip.proto'
                      ? { presence: ipv4, values: [c.ipProto] }
                      : name === 'ipv6'
                        ? { presence: (shape) => (shape & SHAPE_IPV6 ? YES : NO) }
                        : name.startsWith('ipv6.')
                          ? { presence: ipv6Field }
                          : name === 'tcp'
                            ? { presence: transport(TOP_TCP) }
                            : name === 'tcp.srcport'
                              ? { presence: transport(TOP_TCP), values: [c.srcPort] }
                              : name === 'tcp.dstport'
                                ? { presence: transport(TOP_TCP), values: [c.dstPort] }
                                : name === 'tcp.port'
                                  ? { presence: transport(TOP_TCP), values: [c.srcPort, c.dstPort] }
                                  : name === 'tcp.stream'
                                    ? { presence: transport(TOP_TCP), refine: stream, values: [c.stream] }
                                    : name === 'udp'
                                      ? { presence: transport(TOP_UDP) }
                                      : name === 'udp.srcport'
                                        ? { presence: transport(TOP_UDP), values: [c.srcPort] }
                                        : name === 'udp.dstport'
                                          ? { presence: transport(TOP_UDP), values: [c.dstPort] }
                                          : name === 'udp.port'
                                            ? { presence: transport(TOP_UDP), values: [c.srcPort, c.dstPort] }
                                            : name === 'udp.stream'
                                              ? { presence: transport(TOP_UDP), refine: stream, values: [c.stream] }
                                              : analysisBits !== undefined
                                                ? {
                                                    presence: transport(TOP_TCP),
                                                    refine: { kind: 'bits', column: c.analysis, mask: analysisBits },
                                                  }
                                                : undefined;
  if (!spec) return undefined;
  const table = new Uint8Array(256);
  for (let shape = 0; shape < 16; shape++) {
    for (let top = 0; top < 16; top++) {
      table[(shape << 4) | top] = shape & SHAPE_COMPLEX && !spec.frameLevel ? UNDECIDED : spec.presence(shape, top);
    }
  }
  return { table, refine: spec.refine, values: spec.values };
}

/**
 * Each frame's (shape << 4 | top): the key of every presence table, computed once per evaluation so each leaf
 * costs one lookup a row.
 */
function frameKinds(c: FilterColumns): Uint8Array {
  const { shape, top } = c;
  const out = new Uint8Array(c.count);
  for (let i = 0; i < out.length; i++) out[i] = ((shape[i] & 15) << 4) | (top[i] & 15);
  return out;
}

/** Presence in every frame: one table lookup a row (and a look at the refining column), in one pass. */
function presenceOf(field: ColumnField, kinds: Uint8Array): Uint8Array {
  const { table, refine } = field;
  const out = new Uint8Array(kinds.length);
  if (refine?.kind === 'bits') {
    const { column, mask } = refine;
    for (let i = 0; i < out.length; i++) {
      const p = table[kinds[i]];
      out[i] = p === YES && (column[i] & mask) === 0 ? NO : p;
    }
  } else if (refine?.kind === 'stream') {
    const { column } = refine;
    for (let i = 0; i < out.length; i++) {
      const p = table[kinds[i]];
      out[i] = p === YES && column[i] === NO_STREAM ? UNDECIDED : p;
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = table[kinds[i]];
  }
  return out;
}

const FIELD_NAMES = new Map<number, string>(
  [
    'frame',
    'frame.number',
    'frame.len',
    'frame.cap_len',
    'ip',
    'ip.src',
    'ip.dst',
    'ip.addr',
    'ip.proto',
    'ipv6',
    'tcp',
    'tcp.srcport',
    'tcp.dstport',
    'tcp.port',
    'tcp.stream',
    'udp',
    'udp.srcport',
    'udp.dstport',
    'udp.port',
    'udp.stream',
    ...Object.keys(ANALYSIS_BITS),
  ].map((name) => [fieldId(name)!, name]),
);
for (const name of [
  'ipv6.src',
  'ipv6.dst',
  'ipv6.addr',
  'ipv6.version',
  'ipv6.nxt',
  'ipv6.hlim',
  'ipv6.plen',
  'ipv6.flow',
  'ipv6.tclass',
]) {
  FIELD_NAMES.set(fieldId(name)!, name);
}

function frameNumbers(count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i + 1;
  return out;
}

/**
 * What a caller knows beyond the columns about a leaf test (a comparison, an existence test...): per frame, NO
 * where it knows the leaf is false (e.g. the leaf reads an application field the frame's conversation cannot
 * carry), anything else where it does not; undefined when it knows nothing of this leaf.
 */
export type LeafKnowledge = (leaf: Test) => Uint8Array | undefined;

/** Per frame (index i = frame i + 1): NO, YES or UNDECIDED. */
export function evaluateColumns(test: Test, columns: FilterColumns, knowledge?: LeafKnowledge): Uint8Array {
  return new ColumnEvaluator(columns, knowledge).test(test);
}

const AND = Uint8Array.of(NO, NO, NO, NO, YES, UNDECIDED, NO, UNDECIDED, UNDECIDED);
const OR = Uint8Array.of(NO, YES, UNDECIDED, YES, YES, YES, UNDECIDED, YES, UNDECIDED);

class ColumnEvaluator {
  private readonly fields = new Map<number, ColumnField | undefined>();
  private kindsCache?: Uint8Array;

  constructor(
    private readonly c: FilterColumns,
    private readonly knowledge?: LeafKnowledge,
  ) {}

  private kinds(): Uint8Array {
    return (this.kindsCache ??= frameKinds(this.c));
  }

  test(t: Test): Uint8Array {
    if (t.kind === 'and' || t.kind === 'or' || t.kind === 'not' || !this.knowledge) return this.columnTest(t);
    const known = this.knowledge(t);
    const out = this.columnTest(t);
    if (known) for (let i = 0; i < out.length; i++) if (known[i] === NO) out[i] = NO;
    return out;
  }

  private columnTest(t: Test): Uint8Array {
    switch (t.kind) {
      case 'and':
      case 'or': {
        const left = this.test(t.left);
        const right = this.test(t.right);
        const table = t.kind === 'and' ? AND : OR;
        for (let i = 0; i < left.length; i++) left[i] = table[left[i] * 3 + right[i]];
        return left;
      }
      case 'not': {
        const of = this.test(t.of);
        for (let i = 0; i < of.length; i++) if (of[i] !== UNDECIDED) of[i] ^= 1;
        return of;
      }
      case 'exists': {
        const field = this.field(t.operand);
        return field ? presenceOf(field, this.kinds()) : this.undecided();
      }
      case 'compare': {
        const field = this.field(t.left);
        const constant = constantOf(t.right);
        if (!field?.values || constant === undefined) return this.undecided();
        if (typeof constant !== 'number' && (t.relation === 'eq' || t.relation === 'ne')) {
          return this.networkLeaf(field, t.quantifier, constant, t.relation === 'eq');
        }
        return this.leaf(field, t.quantifier, (v) => holds(t.relation, v, constant));
      }
      case 'in': {
        const field = this.field(t.left);
        const members = t.members.map((m) => ({
          from: constantOf(m.value),
          to: m.to ? (constantOf(m.to) ?? null) : undefined,
        }));
        if (!field?.values || members.some((m) => m.from === undefined || m.to === null)) return this.undecided();
        const passes = (v: number) =>
          members.some(({ from, to }) => (to ? holds('ge', v, from!) && holds('le', v, to) : holds('eq', v, from!)));
        return this.leaf(field, 'any', passes);
      }
      default:
        return this.undecided();
    }
  }

  /**
   * A comparison with constants: `any` needs one value that passes, `all` needs every value to. Columns of up to
   * 16 bits are tested through a truth table of every possible value, so the pass over the rows calls nothing.
   */
  private leaf(field: ColumnField, quantifier: 'any' | 'all', passes: (v: number) => boolean): Uint8Array {
    const [a, b = a] = field.values!;
    const narrow = (x: ArrayLike<number>) => x instanceof Uint8Array || x instanceof Uint16Array;
    if (narrow(a) && narrow(b) && !field.refine) {
      // Presence and values in one pass: the commonest leaves (ports, protocol numbers) cost one read a row.
      const truth = new Uint8Array(1 << 16);
      for (let v = 0; v < truth.length; v++) truth[v] = passes(v) ? 1 : 0;
      const kinds = this.kinds();
      const { table } = field;
      const any = quantifier === 'any';
      const out = new Uint8Array(this.c.count);
      for (let i = 0; i < out.length; i++) {
        const p = table[kinds[i]];
        out[i] = p !== YES ? p : any ? truth[a[i]] | truth[b[i]] : truth[a[i]] & truth[b[i]];
      }
      return out;
    }
    const out = presenceOf(field, this.kinds());
    for (let i = 0; i < out.length; i++) {
      if (out[i] !== YES) continue;
      const first = passes(a[i]);
      out[i] = (quantifier === 'any' ? first || passes(b[i]) : first && passes(b[i])) ? YES : NO;
    }
    return out;
  }

  /** `ip.addr == 10.0.0.0/8` and the like, inlined: the commonest filter on the largest columns. */
  private networkLeaf(field: ColumnField, quantifier: 'any' | 'all', network: Network, inside: boolean): Uint8Array {
    const [a, b = a] = field.values!;
    const mask = network.bits === 0 ? 0 : (~0 << (32 - network.bits)) >>> 0;
    const want = ((network.address as number) & mask) >>> 0;
    const any = quantifier === 'any';
    // Presence and both comparisons in one pass when no column refines presence (addresses never need it).
    const out = field.refine ? presenceOf(field, this.kinds()) : new Uint8Array(this.c.count);
    const table = field.refine ? undefined : field.table;
    const kinds = this.kinds();
    for (let i = 0; i < out.length; i++) {
      const p = table ? table[kinds[i]] : out[i];
      if (p !== YES) {
        out[i] = p;
        continue;
      }
      const first = ((a[i] & mask) >>> 0 === want) === inside;
      const second = ((b[i] & mask) >>> 0 === want) === inside;
      out[i] = (any ? first || second : first && second) ? YES : NO;
    }
    return out;
  }

  private field(operand: Operand): ColumnField | undefined {
    if (operand.kind !== 'field' || operand.layers) return undefined;
    if (!this.fields.has(operand.id)) this.fields.set(operand.id, columnField(operand.id, this.c));
    return this.fields.get(operand.id);
  }

  private undecided(): Uint8Array {
    return new Uint8Array(this.c.count).fill(UNDECIDED);
  }
}

/** A constant the columns can compare with: a number, or an IPv4 address or network. */
function constantOf(operand: Operand): number | Network | undefined {
  if (operand.kind !== 'constant') return undefined;
  const v: Value = operand.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && !(v instanceof Uint8Array) && typeof v.address === 'number') return v;
  return undefined;
}

/** As the per-frame evaluator compares: equality within a network's prefix, order by its address. */
function holds(relation: Relation, v: number, constant: number | Network): boolean {
  if (typeof constant !== 'number') {
    if (relation === 'eq' || relation === 'ne') {
      const mask = constant.bits === 0 ? 0 : (~0 << (32 - constant.bits)) >>> 0;
      const inside = (v & mask) >>> 0 === ((constant.address as number) & mask) >>> 0;
      return relation === 'eq' ? inside : !inside;
    }
    constant = constant.address as number;
  }
  switch (relation) {
    case 'eq':
      return v === constant;
    case 'ne':
      return v !== constant;
    case 'gt':
      return v > constant;
    case 'lt':
      return v < constant;
    case 'ge':
      return v >= constant;
    case 'le':
      return v <= constant;
  }
}

/** Frame numbers (1-based) whose verdict is `verdict`. */
export function framesWith(verdicts: Uint8Array, verdict: number): Uint32Array {
  const out = new Uint32Array(verdicts.length);
  let k = 0;
  for (let i = 0; i < verdicts.length; i++) if (verdicts[i] === verdict) out[k++] = i + 1;
  return out.slice(0, k);
}
