import { describe, expect, it } from 'vitest';
import '../../src/dissectors';
import { protocolCatalog, searchCatalog } from '../../src/dissectors/catalog';

describe('protocol catalog', () => {
  const catalog = protocolCatalog();
  const entry = (name: string) => catalog.find((e) => e.name === name);

  it('lists each dissector with the ports, heuristics and ALPN ids it registered', () => {
    expect(entry('ldap')?.ports).toEqual(['tcp/389', 'tcp/3268']);
    expect(entry('snmp')?.ports).toEqual(['udp/161', 'udp/162']);
    expect(entry('http')?.heuristics).toContainEqual({ name: 'http_tcp', enabledByDefault: true });
    expect(entry('http2')?.alpn).toEqual(['h2']);
    expect(entry('tcp')).toMatchObject({ core: true, ports: [] });
  });

  it('gives each protocol its own fields', () => {
    const fields = entry('kerberos')!.fields.map((f) => f.name);
    expect(fields).toContain('kerberos.msg_type');
    expect(fields.every((f) => f.startsWith('kerberos.'))).toBe(true);
    expect(entry('radius')!.fields.find((f) => f.name === 'radius.code')?.type).toBe('uint');
  });

  it('is sorted by name and searchable by name, label, port and field', () => {
    expect(catalog.map((e) => e.name)).toEqual([...catalog.map((e) => e.name)].sort());
    expect(searchCatalog(catalog, '3389').map((e) => e.name)).toEqual(['tpkt']);
    expect(searchCatalog(catalog, 'directory access').map((e) => e.name)).toEqual(['cldap', 'ldap']);
    expect(searchCatalog(catalog, 'snmp.community').map((e) => e.name)).toEqual(['snmp']);
    expect(searchCatalog(catalog, '  ')).toHaveLength(catalog.length);
  });
});
