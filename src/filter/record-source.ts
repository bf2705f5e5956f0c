import { fieldById, fieldId } from '../fields/registry';
import { doubleOf, floatOf } from '../fields/format';
import type { FieldDef } from '../fields/types';
import type { Value } from './compiled';
import type { FrameFieldSource } from './source';
import { expertMessage } from '../fields/expert';
import { derivedValue } from '../vendors/derived-fields';

// Mirrors assembly/emit.ts: a record is [id, depth | source << 8, start, length, v0, v1, v2, v3].
const RECORD_WORDS = 8;

/** One frame's field records (words [start, end) of `records`) with the bytes their ranges point into. */
export interface FrameRecords {
  records: Uint32Array;
  start: number;
  end: number;
  /** The frame's own bytes (records with source 0). */
  frameBytes?: Uint8Array;
  /** The reassembled payload ending in this frame (records with source 1). */
  reassembled?: Uint8Array;
}

/**
 * A FrameFieldSource over field records. Nothing is decoded until a filter asks for a field; then that field's
 * occurrences are found in one pass and cached, so unreferenced fields cost nothing.
 */
export class RecordFieldSource implements FrameFieldSource {
  private readonly cache = new Map<number, { at: number[]; values?: Value[]; layers?: number[] }>();

  constructor(private readonly frame: FrameRecords) {}

  values(id: number): readonly Value[] {
    const entry = this.occurrences(id);
    if (!entry.values) {
      const def = fieldById(id)!;
      entry.values = entry.at.map((at) => this.decode(def, at));
    }
    return entry.values;
  }

  lengths(id: number): readonly number[] {
    return this.occurrences(id).at.map((at) => this.frame.records[at + 3]);
  }

  layers(id: number): readonly number[] {
    const entry = this.occurrences(id);
    if (!entry.layers) {
      // A field's layer is how many of its protocol's records precede it ("ip.src" belongs to "ip").
      const def = fieldById(id)!;
      const protocol = fieldId(def.name.split('.')[0]);
      const starts = protocol === undefined || protocol === id ? [] : this.occurrences(protocol).at;
      entry.layers = entry.at.map((at) => Math.max(1, starts.filter((s) => s <= at).length));
    }
    return entry.layers;
  }

  private occurrences(id: number) {
    let entry = this.cache.get(id);
    if (!entry) {
      const { records, start, end } = this.frame;
      const def = fieldById(id);
      // A derived field occurs at its source's records (where it has a value).
      const from = def?.derived ? fieldId(def.derived.from) : undefined;
      const at: number[] = [];
      for (let i = start; i < end; i += RECORD_WORDS) {
        if (
          from === undefined ? records[i] === id : records[i] === from && derivedValue(def!, records, i) !== undefined
        )
          at.push(i);
      }
      entry = { at };
      this.cache.set(id, entry);
    }
    return entry;
  }

  private decode(def: FieldDef, at: number): Value {
    const r = this.frame.records;
    if (def.derived) return latin1(derivedValue(def, r, at)!);
    const v0 = r[at + 4];
    switch (def.type) {
      case 'uint':
      case 'framenum':
      case 'hex8':
      case 'hex16':
      case 'hex24':
      case 'hex32':
      case 'ipv4':
        return v0 >>> 0;
      case 'none': // only its presence counts
        return 1;
      case 'reltime': {
        const magnitude = BigInt(v0 >>> 0) * 1_000_000_000n + BigInt(r[at + 5]);
        return r[at + 6] ? -magnitude : magnitude;
      }
      case 'expert': // a protocol in Wireshark, covering no bytes
        return new Uint8Array(0);
      case 'int':
        return v0 | 0;
      case 'uint64':
        return Number((BigInt(r[at + 5]) << 32n) | BigInt(v0));
      case 'float':
        return floatOf(v0);
      case 'double':
        return doubleOf(v0, r[at + 5]);
      case 'bool':
        return v0 ? 1 : 0;
      case 'ipv6': {
        const out = new Uint8Array(16);
        const view = new DataView(out.buffer);
        for (let i = 0; i < 4; i++) view.setUint32(4 * i, r[at + 4 + i]);
        return out;
      }
      case 'ether': {
        const v1 = r[at + 5];
        return Uint8Array.of(v0 >>> 24, (v0 >>> 16) & 255, (v0 >>> 8) & 255, v0 & 255, (v1 >>> 8) & 255, v1 & 255);
      }
      case 'epoch':
      case 'abstime':
        return (BigInt(r[at + 5]) * 2n ** 32n + BigInt(v0)) * 1_000_000_000n + BigInt(r[at + 6]);
      case 'expert-message':
        return expertMessage(v0, r[at + 7]);
      case 'string': {
        let s = '';
        for (const b of this.bytes(at)) {
          if (b === 0) break; // Wireshark's strings end at a NUL
          s += String.fromCharCode(b);
        }
        return s;
      }
      case 'bytes':
      case 'protocol':
        return this.bytes(at);
    }
  }

  private bytes(at: number): Uint8Array {
    const r = this.frame.records;
    const source = (r[at + 1] >>> 8) & 0xff;
    const bytes = source === 0 ? this.frame.frameBytes : this.frame.reassembled;
    return bytes ? bytes.subarray(r[at + 2], r[at + 2] + r[at + 3]) : new Uint8Array(0);
  }
}

/** The filter engine keeps strings as byte strings (one UTF-8 byte per character); numbers stay numbers. */
function latin1(value: string | number): Value {
  if (typeof value === 'number') return value;
  let s = '';
  for (const b of new TextEncoder().encode(value)) s += String.fromCharCode(b);
  return s;
}
