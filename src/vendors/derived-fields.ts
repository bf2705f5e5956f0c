import { organisationOf, resolveEther } from './resolve';
import type { FieldDef } from '../fields/types';
import { computedValue } from '../fields/derived';

/**
 * A derived field's value at one of its source's records (an Ethernet address: v0 = first four bytes, v1 =
 * last two): the resolved name, the OUI as a number, or the OUI's organisation, which is undefined (the field
 * absent) when the OUI is not registered. Other derivations are src/fields/derived.ts's.
 */
export function derivedValue(def: FieldDef, rec: Uint32Array, at: number): string | number | undefined {
  const hi = rec[at + 4];
  switch (def.derived?.value) {
    case 'resolved':
      return resolveEther(hi, rec[at + 5]);
    case 'oui':
      return hi >>> 8;
    case 'oui-resolved':
      return organisationOf(hi >>> 8);
    default:
      return def.derived ? computedValue(def.derived.value, rec, at) : undefined;
  }
}
