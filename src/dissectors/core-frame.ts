import { RECORD_WORDS } from '../core/core';
import { fieldId } from '../fields/registry';

/** One frame's core field records with the bytes they point into (what `loupe fields` gets per frame). */
export interface FrameInput {
  records: Uint32Array;
  start: number;
  end: number;
  frameBytes?: Uint8Array;
  /** The IP-reassembled payload completed by this frame (records with source 1). */
  reassembled?: Uint8Array;
}

const EMPTY = new Uint8Array(0);
const NONE = -1;

/**
 * Where each field id's records lie in the frame indexed last, shared by every CoreFrame so that indexing a
 * frame allocates nothing (it runs for every frame of a capture): per id, the word position of its first and
 * last record, stamped with the frame's generation (a stale stamp means "absent"), and per record the position
 * of the next one with the same id. A CoreFrame asked after another frame was indexed indexes itself again.
 */
let generation = 0;
let stamps = new Uint32Array(1024);
let firsts = new Int32Array(1024);
let lasts = new Int32Array(1024);
/** By record ordinal within the frame: the next record's word position with the same id, or NONE. */
let nexts = new Int32Array(256);

function growIds(id: number): void {
  const size = Math.max(id + 1, stamps.length * 2);
  const grown = (old: Int32Array) => {
    const a = new Int32Array(size);
    a.set(old);
    return a;
  };
  const s = new Uint32Array(size);
  s.set(stamps);
  stamps = s;
  firsts = grown(firsts);
  lasts = grown(lasts);
}

/**
 * Read access to a frame's core records by field name or id: the first value, every value, or where a protocol
 * header lies. Built once per frame (one pass over its records).
 */
export class CoreFrame {
  /** The generation it was indexed in (-1, no generation's: not yet; it is indexed when first asked). */
  private gen = -1;

  /** Records [skipFrom, skipTo) are left out (the outer headers of a tunnelled packet, see innermost()). */
  constructor(
    readonly input: FrameInput,
    private readonly skipFrom = 0,
    private readonly skipTo = 0,
  ) {}

  /**
   * The packet a tunnel carries, as its own frame: the frame's records from the innermost Ethernet or IP header
   * on (the outer headers left out), so "the" TCP or UDP header, addresses and ports are the inner packet's, as
   * tshark's columns and application dissectors see them. The frame itself when nothing is tunnelled.
   */
  innermost(): CoreFrame {
    const { records, start, end } = this.input;
    let first = NONE;
    let last = NONE;
    for (let i = start; i < end; i += RECORD_WORDS) {
      if ((records[i + 1] & 0xff) !== 0) continue;
      if (first === NONE && records[i] !== FRAME) first = i;
      // What an ICMP error quotes is no tunnelled packet: the packet ends at ICMP.
      if (QUOTING.has(records[i])) break;
      if (PACKET_STARTS.has(records[i])) last = i;
    }
    if (first === NONE || last <= first) return this;
    return new CoreFrame(this.input, first, last);
  }

  private index(): void {
    const { records, start, end } = this.input;
    const gen = (this.gen = generation = (generation + 1) >>> 0 || 1);
    const count = (end - start) / RECORD_WORDS;
    if (count > nexts.length) nexts = new Int32Array(Math.max(count, nexts.length * 2));
    const { skipFrom, skipTo } = this;
    for (let i = start, k = 0; i < end; i += RECORD_WORDS, k++) {
      if (i >= skipFrom && i < skipTo) {
        nexts[k] = NONE;
        continue;
      }
      const id = records[i];
      if (id >= stamps.length) growIds(id);
      nexts[k] = NONE;
      if (stamps[id] !== gen) {
        stamps[id] = gen;
        firsts[id] = i;
      } else {
        nexts[(lasts[id] - start) / RECORD_WORDS] = i;
      }
      lasts[id] = i;
    }
  }

  /** Word position of the first record of field `id`, or -1. */
  firstAt(id: number): number {
    if (this.gen !== generation) this.index();
    return id < stamps.length && stamps[id] === this.gen ? firsts[id] : NONE;
  }

  /** Word position of the record after the one at `at` with the same id, or -1 (valid right after firstAt). */
  nextAt(at: number): number {
    return nexts[(at - this.input.start) / RECORD_WORDS];
  }

  /** Position of the nth (0-based) record of field `id`, or -1. */
  private nthAt(id: number, nth: number): number {
    let at = this.firstAt(id);
    for (; nth > 0 && at !== NONE; nth--) at = this.nextAt(at);
    return at;
  }

  get number(): number {
    return this.valueOf(FRAME_NUMBER) ?? 0;
  }

  has(name: string): boolean {
    return this.hasId(idOf(name));
  }

  hasId(id: number): boolean {
    return this.firstAt(id) !== NONE;
  }

  /** v0 of the first occurrence (or of the nth, 0-based). */
  value(name: string, nth = 0): number | undefined {
    return this.valueOf(idOf(name), nth);
  }

  valueOf(id: number, nth = 0): number | undefined {
    const at = nth === 0 ? this.firstAt(id) : this.nthAt(id, nth);
    return at === NONE ? undefined : this.input.records[at + 4];
  }

  /** Every occurrence's v0. */
  values(name: string): number[] {
    const values: number[] = [];
    for (let at = this.firstAt(idOf(name)); at !== NONE; at = this.nextAt(at)) values.push(this.input.records[at + 4]);
    return values;
  }

  /** All four value words of the first occurrence (IPv6 addresses, Ethernet addresses). */
  words(name: string): number[] | undefined {
    const at = this.firstAt(idOf(name));
    return at === NONE ? undefined : Array.from(this.input.records.subarray(at + 4, at + 8));
  }

  /** The bytes and offset where the first occurrence of a field or protocol lies. */
  range(name: string, nth = 0): { data: Uint8Array; start: number; length: number } | undefined {
    return this.rangeOf(idOf(name), nth);
  }

  rangeOf(id: number, nth = 0): { data: Uint8Array; start: number; length: number } | undefined {
    const at = this.nthAt(id, nth);
    if (at === NONE) return undefined;
    const r = this.input.records;
    const data = ((r[at + 1] >>> 8) & 0xff) === 0 ? this.input.frameBytes : this.input.reassembled;
    return { data: data ?? EMPTY, start: r[at + 2], length: r[at + 3] };
  }

  count(name: string): number {
    let n = 0;
    for (let at = this.firstAt(idOf(name)); at !== NONE; at = this.nextAt(at)) n++;
    return n;
  }
}

/** A name no field has maps to id 0, which no record carries. */
const idOf = (name: string) => fieldId(name) ?? 0;
const FRAME_NUMBER = idOf('frame.number');
const FRAME = idOf('frame');
/** Headers that start a packet of their own when a tunnel carries them. */
const PACKET_STARTS = new Set(['eth', 'ip', 'ipv6'].map(idOf));
const QUOTING = new Set(['icmp', 'icmpv6'].map(idOf));
