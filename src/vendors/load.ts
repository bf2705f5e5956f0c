import { fieldById } from '../fields/registry';
import { parseVendorTable } from './table';
import { organisationsLoaded, useVendorTables, vendorNamesLoaded } from './resolve';

/**
 * Loads the generated tables on first need. They are modules of their own (scripts/gen-oui.mjs), so the app's
 * bundler makes each a separate chunk fetched only when asked for; the organisation names (long, used only by
 * eth.*.oui_resolved) are apart from the short vendor names every Ethernet line uses.
 */
export async function loadVendorNames(): Promise<void> {
  if (vendorNamesLoaded()) return;
  const { default: text } = await import('./generated/vendor-names');
  useVendorTables({ vendors: parseVendorTable(text) });
}

export async function loadOrganisations(): Promise<void> {
  if (organisationsLoaded()) return;
  const { default: text } = await import('./generated/organisations');
  useVendorTables({ organisations: parseVendorTable(text) });
}

/** Loads what the given fields need: vendor names for eth.*_resolved, organisations for eth.*.oui_resolved. */
export async function loadTablesForFields(ids: readonly number[]): Promise<void> {
  const needs = new Set(ids.map((id) => fieldById(id)?.derived?.value));
  await Promise.all([
    needs.has('resolved') ? loadVendorNames() : undefined,
    needs.has('oui-resolved') ? loadOrganisations() : undefined,
  ]);
}
