import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('DHCPv6', () => {
  // Solicit/Advertise/Request/Reply with the three DUID types, IA_NA, IA_TA and IA_PD with addresses, prefixes and
  // status codes, ORO, elapsed time, DNS servers, domain list, client FQDN, vendor class, relayed messages nested
  // in Relay-forw/Relay-reply, a short IA address and an option cut short.
  it('matches tshark field for field on a loopback capture', async () => {
    expect(await goldenMismatches('names/dhcpv6.pcap')).toEqual([]);
  });
});
