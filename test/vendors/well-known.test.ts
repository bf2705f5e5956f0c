import { describe, expect, it } from 'vitest';
import { wellKnownAddress } from '../../src/vendors/well-known';

const at = (hex: string) => wellKnownAddress(parseInt(hex, 16));

describe('wellKnownAddress', () => {
  it('names exact addresses before the ranges that hold them', () => {
    expect(at('ffffffffffff')).toEqual({ name: 'Broadcast', bits: 48 });
    expect(at('333300000000')).toEqual({ name: 'IPv6-Neighbor-Discovery', bits: 48 });
    expect(at('3333000000fb')).toEqual({ name: 'IPv6mcast', bits: 16 });
    expect(at('0180c200000e')).toEqual({ name: 'LLDP_Multicast', bits: 48 });
    expect(at('0180c2000000')).toEqual({ name: 'Spanning-tree-(for-bridges)', bits: 44 });
  });

  it('covers a range by its prefix bits only', () => {
    expect(at('01005e7ffffa')?.name).toBe('IPv4mcast');
    expect(at('01005e800000')).toBeUndefined();
    expect(at('00000c07ac01')?.name).toBe('All-HSRP-routers');
    expect(at('001122334455')).toBeUndefined();
  });
});
