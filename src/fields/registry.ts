import { CORE_FIELDS } from './core';
import type { FieldDef } from './types';

/**
 * The one field registry: the CLI, the protocol tree, the filter engine and autocomplete all look fields up
 * here. Core fields carry the numeric ids the WebAssembly core emits (their 1-based position in CORE_FIELDS).
 */
const byId: FieldDef[] = [{ name: '', label: '', type: 'protocol' }, ...CORE_FIELDS];
const byName = new Map<string, number>(byId.map((f, id) => [f.name, id]));
byName.delete('');

/**
 * Adds fields declared outside the core (application dissectors, src/dissectors/). They are numbered after
 * the core fields, whose ids never move; a name already registered keeps its first declaration.
 */
export function registerFields(defs: readonly FieldDef[]): void {
  for (const def of defs) {
    if (byName.has(def.name)) continue;
    byName.set(def.name, byId.length);
    byId.push(def);
  }
}

/** Whether the WebAssembly core emits this field (application fields are produced in TypeScript). */
export function isCoreField(id: number): boolean {
  return id > 0 && id <= CORE_FIELDS.length;
}

export function fieldById(id: number): FieldDef | undefined {
  return id > 0 ? byId[id] : undefined;
}

export function fieldId(name: string): number | undefined {
  return byName.get(name);
}

export function allFields(): readonly FieldDef[] {
  return byId.slice(1);
}
