import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('LDAP dissector', () => {
  // dissectors/ldap.pcap: OpenLDAP 2.5's ldapsearch/ldapadd/ldapmodify/ldapcompare/ldapwhoami/ldapdelete against
  // slapd on 127.0.0.1:389 (anonymous and simple binds, a wrong password, nested filters, a missing base).
  it('matches tshark on binds, searches, adds, modifies, compares, extended operations and deletes', async () => {
    expect(await goldenMismatches('dissectors/ldap.pcap')).toEqual([]);
  });
});

describe('CLDAP dissector', () => {
  // dissectors/cldap.pcap: cldap.py's client and server on 127.0.0.1:389/udp, a locator-style search answered by
  // an entry and its done in one datagram, a substring search answered with an error message.
  it('matches tshark on searches and several messages in a datagram', async () => {
    expect(await goldenMismatches('dissectors/cldap.pcap')).toEqual([]);
  });
});

describe('LDAP over TCP', () => {
  it('reassembles a message split over segments', async () => {
    // bindRequest(1) "cn=a" simple "pw": SEQUENCE { INTEGER 1, [APPLICATION 0] { 3, "cn=a", [0] "pw" } }
    const message = new Uint8Array([
      ...[0x30, 0x12, 2, 1, 1, 0x60, 0x0d, 2, 1, 3],
      ...[4, 4, 0x63, 0x6e, 0x3d, 0x61, 0x80, 2, 0x70, 0x77],
    ]);
    const rows = await fieldRows(
      [tcpFrame(message.subarray(0, 7), 40000, 389, 1), tcpFrame(message.subarray(7), 40000, 389, 8)],
      ['ldap.name', 'ldap.simple', '_ws.col.Protocol', '_ws.col.Info'],
    );
    expect(rows[1]).toEqual(['cn=a', 'pw', 'LDAP', 'bindRequest(1) "cn=a" simple ']);
  });
});
