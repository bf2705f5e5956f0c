import { fieldId } from '../../src/fields/registry';

/** Builds field records the way the core emits them: [name, depth, start, length, v0..v3]. */
export function records(
  ...rows: [name: string, depth: number, start: number, length: number, ...values: number[]][]
): Uint32Array {
  const out = new Uint32Array(rows.length * 8);
  rows.forEach(([name, depth, start, length, ...values], r) => {
    const id = fieldId(name);
    if (id === undefined) throw new Error(`no field ${name}`);
    out.set([id, depth, start, length, ...values], r * 8);
  });
  return out;
}

export const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
