import { CORE_FIELDS } from './core';
import type { FieldDef } from './types';

/**
 * The one field registry: the CLI, the protocol tree, the filter engine and autocomplete all look fields up
 * here. Core fields carry the numeric ids the WebAssembly core emits (their 1-based position in CORE_FIELDS).
 */
const byId: FieldDef[] = [{ name: '', label: '', type: 'protocol' }, ...CORE_FIELDS];
const byName = new Map<string, number>(byId.map((f, id) => [f.name, id]));
byName.delete('');

export function fieldById(id: number): FieldDef | undefined {
  return id > 0 ? byId[id] : undefined;
}

export function fieldId(name: string): number | undefined {
  return byName.get(name);
}

export function allFields(): readonly FieldDef[] {
  return byId.slice(1);
}
