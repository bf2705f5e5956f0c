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

/**
 * Read access to a frame's core records by field name: the first value, every value, or where a protocol
 * header lies. Built once per frame (one pass over its records).
 */
export class CoreFrame {
  private readonly at = new Map<number, number[]>();

  constructor(readonly input: FrameInput) {
    const { records, start, end } = input;
    for (let i = start; i < end; i += RECORD_WORDS) {
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

  private positions(name: string): number[] {
    const id = fieldId(name);
    return (id !== undefined && this.at.get(id)) || [];
  }
}
