import type { FieldDef, FieldType } from './types';

/** What a field declaration may add to its name, label and type. */
export type FieldExtras = Partial<Pick<FieldDef, 'values' | 'bits' | 'bitmask' | 'base' | 'boolLabels'>>;

/**
 * One field as `tshark -G fields` lists it (name, label, type, and values, width, mask or base where it has them).
 * A boolean reads "Not set"/"Set", Wireshark's default, unless it names its own labels.
 */
export function field(name: string, label: string, type: FieldType, extra: FieldExtras = {}): FieldDef {
  const def: FieldDef = { name, label, type, ...extra };
  if (type === 'bool' && !def.boolLabels) def.boolLabels = ['Not set', 'Set'];
  return def;
}

/** A field's bits within a value `width` bits wide. */
export const mask = (m: number, width: number): Pick<FieldDef, 'bitmask'> => ({ bitmask: { mask: m, width } });
