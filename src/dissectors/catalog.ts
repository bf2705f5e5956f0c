import { allFields, fieldId, isCoreField } from '../fields/registry';
import type { FieldType } from '../fields/types';
import { registrations, type Transport } from './api';

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

/**
 * Every protocol with its registrations and fields, computed from the field registry and the dissector tables
 * (the protocol list as data: a new dissector shows here by registering, nothing to list by hand).
 */
export function protocolCatalog(): ProtocolEntry[] {
  const { ports, heuristics, alpn } = registrations();
  const protocols = allFields().filter(
    (f) => f.type === 'protocol' && !f.name.includes('.') && !f.name.startsWith('_'),
  );
  const fieldsOf = new Map<string, ProtocolEntry['fields']>(protocols.map((p) => [p.name, []]));
  for (const f of allFields()) {
    const owner = f.name.split('.')[0];
    if (f.name !== owner && fieldsOf.has(owner))
      fieldsOf.get(owner)!.push({ name: f.name, label: f.label, type: f.type });
  }
  const byTransport = (name: string, t: Transport) =>
    ports
      .filter((p) => p.dissector === name && p.transport === t)
      .map((p) => p.port)
      .sort((a, b) => a - b)
      .map((port) => `${t}/${port}`);
  return protocols
    .map((p) => ({
      name: p.name,
      label: p.label,
      core: isCoreField(fieldId(p.name)!),
      ports: [...byTransport(p.name, 'tcp'), ...byTransport(p.name, 'udp')],
      heuristics: heuristics
        .filter((h) => h.dissector === p.name)
        .map((h) => ({ name: h.name, enabledByDefault: h.enabledByDefault })),
      alpn: alpn.filter((a) => a.dissector === p.name).map((a) => a.id),
      fields: fieldsOf.get(p.name)!.sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
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
