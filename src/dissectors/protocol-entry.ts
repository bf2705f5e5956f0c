import type { FieldType } from '../fields/types';

/** One protocol Loupe dissects, as the protocol list shows it (`loupe protocols`, the app's Protocols view). */
export interface ProtocolEntry {
  /** Its filter name ("ldap"). */
  name: string;
  label: string;
  /** Decoded by the WebAssembly core (link, network, transport layers) rather than a TypeScript dissector. */
  core: boolean;
  /** Well-known ports that select its dissector, e.g. "tcp/389". */
  ports: string[];
  /** Heuristics that find it on any port (tshark's names, "http_tcp"), with whether each is on by default. */
  heuristics: { name: string; enabledByDefault: boolean }[];
  /** ALPN protocol ids that hand TLS's decrypted data to it. */
  alpn: string[];
  fields: { name: string; label: string; type: FieldType }[];
}

/** Entries whose name, label, port or field names contain `needle` (case-insensitive), for the list's search box. */
export function searchCatalog(entries: readonly ProtocolEntry[], needle: string): ProtocolEntry[] {
  const n = needle.trim().toLowerCase();
  if (!n) return [...entries];
  return entries.filter(
    (e) =>
      e.name.toLowerCase().includes(n) ||
      e.label.toLowerCase().includes(n) ||
      e.ports.some((p) => p.includes(n) || p.split('/')[1] === n) ||
      e.heuristics.some((h) => h.name.includes(n)) ||
      e.fields.some((f) => f.name.toLowerCase().includes(n)),
  );
}
