import { beforeAll, describe, expect, it } from 'vitest';
import { organisationOf, resolveEther } from '../../src/vendors/resolve';
import { loadOrganisations, loadVendorNames } from '../../src/vendors/load';

const resolved = (text: string) => {
  const hex = text.replace(/:/g, '');
  return resolveEther(parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8), 16));
};

// Expected names as tshark 4.0 prints eth.dst_resolved for these addresses.
describe('resolveEther with the generated tables', () => {
  beforeAll(async () => {
    await loadVendorNames();
    await loadOrganisations();
  }, 60_000);

  it('names an MA-L address by its vendor and the last three bytes', () => {
    expect(resolved('00:16:ce:6e:8b:24')).toBe('HonHaiPr_6e:8b:24');
    expect(resolved('00:0c:29:aa:bb:cc')).toBe('VMware_aa:bb:cc');
    expect(resolved('00:05:85:00:00:00')).toBe('JuniperN_00:00:00');
  });

  it('names MA-M and MA-S blocks with only the bits they leave, in as few bytes as needed', () => {
    expect(resolved('00:55:da:12:34:56')).toBe('KoolPOS_02:34:56');
    expect(resolved('00:55:da:10:00:01')).toBe('KoolPOS_01');
    expect(resolved('00:1b:c5:00:12:34')).toBe('OpenRBco_02:34');
    expect(resolved('00:1b:c5:00:10:00')).toBe('OpenRBco_00');
  });

  it('names well-known addresses and ranges, and the irregular all-zero OUI', () => {
    expect(resolved('ff:ff:ff:ff:ff:ff')).toBe('Broadcast');
    expect(resolved('01:00:5e:7f:ff:fa')).toBe('IPv4mcast_7f:ff:fa');
    expect(resolved('33:33:00:00:00:fb')).toBe('IPv6mcast_fb');
    expect(resolved('33:33:ff:00:00:01')).toBe('IPv6mcast_ff:00:00:01');
    expect(resolved('01:80:c2:00:00:00')).toBe('Spanning-tree-(for-bridges)_00');
    expect(resolved('00:00:0c:07:ac:01')).toBe('All-HSRP-routers_01');
    expect(resolved('00:00:00:00:00:00')).toBe('00:00:00_00:00:00');
    expect(resolved('00:00:00:12:34:56')).toBe('00:00:00_12:34:56');
  });

  it('prints an address nobody registered as it is', () => {
    expect(resolved('02:00:00:00:00:01')).toBe('02:00:00:00:00:01');
    expect(resolved('fc:ff:ff:ff:ff:ff')).toBe('fc:ff:ff:ff:ff:ff');
  });

  it("gives the OUI's organisation as registered, title-cased when registered in capitals", () => {
    expect(organisationOf(0x0016ce)).toBe('Hon Hai Precision Ind. Co.,Ltd.');
    expect(organisationOf(0x0055da)).toBe('IEEE Registration Authority');
    expect(organisationOf(0x000000)).toBe('Officially Xerox, but 0:0:0:0:0:0 is more common');
    expect(organisationOf(0xffffff)).toBeUndefined();
  });
});
