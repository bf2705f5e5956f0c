import { FrameShape, NO_STREAM, Transport } from '../abi/core-constants';
import type { PacketIndex } from '../core/packet-index';
import type { Dissector } from '../dissectors/api';
import { DissectorChoice, type DissectionSettings } from '../dissectors/decode-as';
import { evaluateColumns, indexColumns, NO, UNDECIDED, YES, type LeafKnowledge } from '../filter/columns';
import type { Operand, Test } from '../filter/compiled';
import type { CompiledFilter } from '../filter/index';
import { ProtocolReach } from './protocol-reach';

/**
 * The query planner the CLI (`loupe fields`) and the app's display filter share. A query is a display filter (or
 * none) and the fields to print for the frames it matches. From the packet index alone it decides what it can
 * (src/filter/columns.ts: core fields, TCP analysis, streams, addresses, ports) and narrows the rest to the frames
 * that need decoding, and of those to the ones whose application layer must be dissected: only conversations whose
 * dissector (Decode As, port tables, heuristics, announcements) may add the protocols the query reads, each from
 * its first frame in order up to its last frame the query needs (dissectors keep state per conversation), plus the
 * conversations that may announce others. A frame of any other conversation cannot hold those protocols, so a
 * test on their fields is false there: most frames are decided without decoding.
 */
export interface QueryPlan {
  /**
   * Per frame (index i: frame i + 1): YES (matched), NO, or UNDECIDED: evaluate the filter on the decoded frame.
   * All YES without a filter.
   */
  verdicts: Uint8Array;
  /** Frames (ascending) the pass decodes with field records: undecided, printed (unless `fromIndex`), dissected. */
  recordFrames: Uint32Array;
  /** Per frame: 1 where the application layer must be dissected (its result read, or needed by a later frame). */
  dissect: Uint8Array;
  /** Whether no frame's application layer is dissected. */
  coreOnly: boolean;
}

export interface QueryOptions {
  filter?: CompiledFilter;
  /** Field ids printed for each matched frame (none in the app). */
  printed?: readonly number[];
  /** Whether printing needs the matched frames' field records (false when the index holds every printed field). */
  printFromRecords?: boolean;
  /** Decode As rules and protocol switches the dissection runs under. */
  settings?: DissectionSettings;
  /** Dissect every frame's application layer up to the last one needed (TLS keys to report on, for instance). */
  dissectAll?: boolean;
  /**
   * False when no TLS keys nor capture secrets are at hand: TLS then adds only its cleartext protocols, so a DNS
   * or HTTP filter need not dissect TLS conversations (default true: anything may be decrypted).
   */
  decrypts?: boolean;
}

const ALL_BITS = 0x7fffffff;

export function planQuery(index: PacketIndex, options: QueryOptions): QueryPlan {
  const { filter, printed = [] } = options;
  const count = index.count;
  const reach = new ProtocolReach(
    [...(filter?.fieldIds ?? []), ...printed],
    new DissectorChoice(options.settings),
    options.decrypts ?? true,
  );
  const selective = reach.selective && !options.dissectAll;
  const rows = selective ? rowReach(index, reach) : undefined;
  const knowledge = rows && filter ? leafKnowledge(reach, rows.mask) : undefined;
  const verdicts = filter
    ? evaluateColumns(filter.test, indexColumns(index), knowledge)
    : new Uint8Array(count).fill(YES);

  let printMask = 0;
  for (const id of printed) printMask |= reach.bitOf(id);
  const printRecords = options.printFromRecords ?? printed.length > 0;
  // A frame is wanted when the pass must look at it: to settle it, or to print what a match holds.
  const wanted = (i: number) => verdicts[i] === UNDECIDED || (verdicts[i] === YES && (printRecords || printMask !== 0));
  const dissect = new Uint8Array(count);
  if (!reach.wanted) {
    // Core fields only: no dissection.
  } else if (!rows) {
    let last = -1;
    for (let i = 0; i < count; i++) if (wanted(i)) last = i;
    dissect.fill(1, 0, last + 1);
  } else {
    markDissected(index, rows, verdicts, printMask, dissect);
  }
  let n = 0;
  const frames = new Uint32Array(count);
  let coreOnly = true;
  for (let i = 0; i < count; i++) {
    if (dissect[i]) coreOnly = false;
    if (dissect[i] || wanted(i)) frames[n++] = i + 1;
  }
  return { verdicts, recordFrames: frames.slice(0, n), dissect, coreOnly };
}

/** What the index tells of each frame's conversation: the wanted protocols its dissection may add. */
interface RowReach {
  /** Per frame: bits of the wanted protocols its dissection may add (0: none; no payload, no conversation). */
  mask: Uint32Array;
  /** Per frame: its conversation's key (stream * 2 + 1 for UDP), or -1. */
  key: Int32Array;
  /** Conversations whose dissector may announce others: dissected up to the last dissected frame. */
  announcers: Set<number>;
  /** Frames that are complex (several layers, fragments, damage) and have no stream of their own. */
  loose: Uint8Array;
}

function rowReach(index: PacketIndex, reach: ProtocolReach): RowReach {
  const count = index.count;
  const stream = index.column('stream');
  const transport = index.column('transport');
  const shape = index.column('shape');
  const payload = index.column('payloadLen');
  const srcPort = index.column('srcPort');
  const dstPort = index.column('dstPort');
  const convMask = new Map<number, number>();
  const announcers = new Set<number>();
  const announcing = new Set<Dissector>();
  const key = new Int32Array(count).fill(-1);
  const loose = new Uint8Array(count);
  let anyLoose = false;
  for (let i = 0; i < count; i++) {
    if (stream[i] === NO_STREAM) {
      if (shape[i] & FrameShape.Complex) {
        loose[i] = 1;
        anyLoose = true;
      }
      continue;
    }
    const udp = (transport[i] & Transport.Udp) !== 0;
    const k = stream[i] * 2 + (udp ? 1 : 0);
    key[i] = k;
    if (convMask.has(k)) continue;
    if (!(shape[i] & FrameShape.Ports)) {
      // Its ports are not in the columns: the first frame is complex; nothing can be ruled out.
      convMask.set(k, ALL_BITS);
      continue;
    }
    let mask = 0;
    for (const d of reach.candidates(udp ? 'udp' : 'tcp', stream[i], srcPort[i], dstPort[i])) {
      mask |= reach.yields(d);
      if (d?.announces) {
        announcers.add(k);
        announcing.add(d);
      }
    }
    convMask.set(k, mask);
  }
  // An announced conversation takes the dissector it was announced for, whatever its ports say.
  const announced = announcing.size ? ProtocolReach.announced(announcing) : [];
  let extra = 0;
  if (!announced) extra = ALL_BITS;
  else for (const d of announced) extra |= reach.yields(d);
  // The session files a frame whose transport has no stream number under stream 0 (an ICMP error's quoted header).
  if (anyLoose) {
    convMask.set(0, ALL_BITS);
    convMask.set(1, ALL_BITS);
  }
  const mask = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    if (loose[i] || (key[i] >= 0 && shape[i] & FrameShape.Complex)) mask[i] = ALL_BITS;
    else if (key[i] >= 0 && payload[i] > 0) mask[i] = convMask.get(key[i])! | extra;
  }
  return { mask, key, announcers, loose };
}

/**
 * Marks the frames to dissect: every frame the query needs whose dissection may add a wanted protocol, with the
 * frames of its conversation before it (those with a payload: the session ignores the others), and the frames
 * of announcing conversations and loose complex frames up to the last of them.
 */
function markDissected(
  index: PacketIndex,
  rows: RowReach,
  verdicts: Uint8Array,
  printMask: number,
  dissect: Uint8Array,
): void {
  const { mask, key, announcers, loose } = rows;
  const payload = index.column('payloadLen');
  const shape = index.column('shape');
  const lastOf = new Map<number, number>();
  let last = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    const needed = verdicts[i] === UNDECIDED || (verdicts[i] === YES && (mask[i] & printMask) !== 0);
    if (!needed) continue;
    last = i;
    if (key[i] >= 0) lastOf.set(key[i], i);
    if (loose[i]) {
      dissect[i] = 1;
      lastOf.set(0, i);
      lastOf.set(1, i);
    }
  }
  if (last < 0) return;
  const lastLoose = Math.max(lastOf.get(0) ?? -1, lastOf.get(1) ?? -1);
  for (let i = 0; i <= last; i++) {
    const k = key[i];
    if (k < 0) {
      if (loose[i] && i <= lastLoose) dissect[i] = 1;
      continue;
    }
    if (payload[i] === 0 && !(shape[i] & FrameShape.Complex)) continue;
    if (i <= (lastOf.get(k) ?? -1) || announcers.has(k)) dissect[i] = 1;
  }
}

/**
 * A leaf test that reads an application field is false on a frame whose dissection cannot add that field's
 * protocol: the field has no values there, and every test on no values is false (display filters have no test
 * that holds for an absent field except through `!`, which the evaluator's three-valued logic applies).
 */
function leafKnowledge(reach: ProtocolReach, rowMask: Uint32Array): LeafKnowledge {
  return (leaf) => {
    const bits = falsifyingFields(leaf)
      .map((id) => reach.bitOf(id))
      .filter((bit) => bit !== 0);
    if (bits.length === 0) return undefined;
    const out = new Uint8Array(rowMask.length).fill(UNDECIDED);
    for (let i = 0; i < out.length; i++) {
      const m = rowMask[i];
      for (const bit of bits) {
        if ((m & bit) === 0) {
          out[i] = NO;
          break;
        }
      }
    }
    return out;
  };
}

/** Fields whose absence makes the leaf false (an `in` list's members and max/min of several arguments do not). */
function falsifyingFields(leaf: Test): number[] {
  const out: number[] = [];
  switch (leaf.kind) {
    case 'exists':
    case 'nonzero':
      operandFields(leaf.operand, out);
      break;
    case 'compare':
    case 'contains':
      operandFields(leaf.left, out);
      operandFields(leaf.right, out);
      break;
    case 'matches':
    case 'in':
      operandFields(leaf.left, out);
      break;
  }
  return out;
}

function operandFields(operand: Operand, out: number[]): void {
  switch (operand.kind) {
    case 'field':
      out.push(operand.id);
      break;
    case 'slice':
    case 'negate':
      operandFields(operand.of, out);
      break;
    case 'arith':
      operandFields(operand.left, out);
      operandFields(operand.right, out);
      break;
    case 'call':
      // Of several arguments one may be there when another is not.
      if (operand.args.length === 1) operandFields(operand.args[0], out);
      break;
  }
}
