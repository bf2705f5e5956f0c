import { allFields, fieldId, isCoreField } from '../fields/registry';
import { registrations, type Transport } from './api';
import type { ProtocolEntry } from './protocol-entry';

export { searchCatalog, type ProtocolEntry } from './protocol-entry';

/** Field prefixes that are no protocol of their own: Wireshark names them so inside another protocol. */
const FIELD_OWNERS: Record<string, string> = { mstp: 'stp', hsrp2: 'hsrp' };

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
    const prefix = f.name.split('.')[0];
    const owner = FIELD_OWNERS[prefix] ?? prefix;
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
