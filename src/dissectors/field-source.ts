import { fieldById, fieldId, isCoreField } from '../fields/registry';
import { RecordFieldSource, type FrameFieldSource, type Value } from '../filter';
import type { FrameInput } from './core-frame';
import type { FrameDissection } from './session';
import type { FieldItem } from './tree';

const encoder = new TextEncoder();

/**
 * What the filter engine reads from a dissected frame: core fields from its records, application fields from
 * the dissection (a field both produce, like _ws.expert, answers with the core's occurrences first).
 */
export class DissectedFrameSource implements FrameFieldSource {
  private readonly core: RecordFieldSource;

  constructor(
    input: FrameInput,
    private readonly app: FrameDissection,
  ) {
    this.core = new RecordFieldSource(input);
  }

  values(id: number): readonly Value[] {
    const own = this.items(id).map(value);
    return isCoreField(id) ? [...this.core.values(id), ...own] : own;
  }

  lengths(id: number): readonly number[] {
    const own = this.items(id).map((i) => i.length);
    return isCoreField(id) ? [...this.core.lengths(id), ...own] : own;
  }

  layers(id: number): readonly number[] {
    // An application field's layer is how many of its protocol's items precede it.
    const protocol = fieldId(fieldById(id)!.name.split('.')[0]);
    const own = this.app.items.flatMap((item, index) => {
      if (item.id !== id) return [];
      const before = this.app.items.slice(0, index + 1).filter((i) => i.id === protocol).length;
      return [Math.max(1, before)];
    });
    return isCoreField(id) ? [...this.core.layers(id), ...own] : own;
  }

  private items(id: number): FieldItem[] {
    return this.app.items.filter((i) => i.id === id);
  }
}

/** The filter engine's representation of an item's value (see filter/compiled.ts ValueKind). */
function value(item: FieldItem): Value {
  const v = item.value;
  const def = fieldById(item.id)!;
  if (typeof v === 'number') {
    if (def.type === 'reltime') return BigInt(Math.round(v)); // the filter engine keeps times in nanoseconds
    return def.type === 'bool' ? (v ? 1 : 0) : v;
  }
  if (typeof v === 'string') {
    let s = '';
    for (const b of encoder.encode(v)) s += String.fromCharCode(b);
    return s;
  }
  if (v instanceof Uint8Array || typeof v === 'bigint') return v;
  return item.data.subarray(item.start, item.start + item.length);
}
