import { ether } from '../fields/format';
import { etherValue, lookupPrefix, type VendorTable } from './table';
import { wellKnownAddress } from './well-known';

/**
 * Ethernet addresses as Wireshark resolves them: "Broadcast", "IPv4mcast_7f:ff:fa", "Apple_12:34:56",
 * "KoolPOS_02:34:56" (an MA-M block), else the address itself. The tables come from the generated modules
 * (load.ts); until they are loaded, vendor names are not known and addresses print plain.
 */
let vendors: VendorTable | undefined;
let organisations: VendorTable | undefined;

export function useVendorTables(tables: { vendors?: VendorTable; organisations?: VendorTable }): void {
  if (tables.vendors) vendors = tables.vendors;
  if (tables.organisations) organisations = tables.organisations;
}

export const vendorNamesLoaded = () => vendors !== undefined;
export const organisationsLoaded = () => organisations !== undefined;

const h2 = (b: number) => b.toString(16).padStart(2, '0');

/**
 * The part of the address a name does not cover: an OUI's three bytes in full; after any other prefix, its
 * remaining value in as few bytes as it needs ("IPv6mcast_fb", "OpenRBco_02:34").
 */
function rest(address: number, bits: number): string {
  if (bits >= 48) return '';
  let value = address % 2 ** (48 - bits);
  const bytes: string[] = [];
  const count = bits === 24 ? 3 : 0;
  do {
    bytes.unshift(h2(value % 256));
    value = Math.floor(value / 256);
  } while (value > 0 || bytes.length < count);
  return '_' + bytes.join(':');
}

/** eth.src_resolved and friends: the name Wireshark shows for an address. */
export function resolveEther(hi: number, lo: number): string {
  const address = etherValue(hi, lo);
  const named = wellKnownAddress(address) ?? (vendors && lookupPrefix(vendors, address));
  return named ? named.name + rest(address, named.bits) : ether(hi, lo);
}

/** eth.src.oui_resolved: the organisation that holds the OUI (the MA-L registration), if any. */
export function organisationOf(oui: number): string | undefined {
  return organisations?.byLength[0]?.names.get(oui);
}
