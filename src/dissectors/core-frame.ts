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
const FRAME = fieldId('frame')!;
/** Headers that start a packet of their own when a tunnel carries them. */
const PACKET_STARTS = new Set(['eth', 'ip', 'ipv6'].map((name) => fieldId(name)!));

/**
 * Read access to a frame's core records by field name: the first value, every value, or where a protocol
 * header lies. Built once per frame (one pass over its records).
 */
export class CoreFrame {
  private readonly at = new Map<number, number[]>();

  /** skip: records [from, to) left out (the outer headers of a tunnelled packet, see innermost()). */
  constructor(
    readonly input: FrameInput,
    skip?: [number, number],
  ) {
    const { records, start, end } = input;
    for (let i = start; i < end; i += RECORD_WORDS) {
      if (skip && i >= skip[0] && i < skip[1]) continue;
      const list = this.at.get(records[i]);
      if (list) list.push(i);
      else this.at.set(records[i], [i]);
    }
  }

  get number(): number {
    return this.value('frame.number') ?? 0;
  }

  has(name: string): boolean {
    return this.positions(name).length > 0;
  }

  /** v0 of the first occurrence (or of the nth, 0-based). */
  value(name: string, nth = 0): number | undefined {
    const at = this.positions(name)[nth];
    return at === undefined ? undefined : this.input.records[at + 4];
  }

  /** Every occurrence's v0. */
  values(name: string): number[] {
    return this.positions(name).map((at) => this.input.records[at + 4]);
  }

  /** All four value words of the first occurrence (IPv6 addresses, Ethernet addresses). */
  words(name: string): number[] | undefined {
    const at = this.positions(name)[0];
    return at === undefined ? undefined : Array.from(this.input.records.subarray(at + 4, at + 8));
  }

  /** The bytes and offset where the first occurrence of a field or protocol lies. */
  range(name: string, nth = 0): { data: Uint8Array; start: number; length: number } | undefined {
    const at = this.positions(name)[nth];
    if (at === undefined) return undefined;
    const r = this.input.records;
    const data = ((r[at + 1] >>> 8) & 0xff) === 0 ? this.input.frameBytes : this.input.reassembled;
    return { data: data ?? EMPTY, start: r[at + 2], length: r[at + 3] };
  }

  count(name: string): number {
    return this.positions(name).length;
  }

  /**
   * The packet a tunnel carries, as its own frame: the frame's records from the innermost Ethernet or IP header
   * on (the outer headers left out), so "the" TCP or UDP header, addresses and ports are the inner packet's, as
   * tshark's columns and application dissectors see them. The frame itself when nothing is tunnelled.
   */
  innermost(): CoreFrame {
    const { records, start, end } = this.input;
    let first = -1;
    let last = -1;
    for (let i = start; i < end; i += RECORD_WORDS) {
      if ((records[i + 1] & 0xff) !== 0) continue;
      if (first < 0 && records[i] !== FRAME) first = i;
      if (PACKET_STARTS.has(records[i])) last = i;
    }
    if (last <= first || first < 0) return this;
    return new CoreFrame(this.input, [first, last]);
  }

  private positions(name: string): number[] {
    const id = fieldId(name);
    return (id !== undefined && this.at.get(id)) || [];
  }
}
