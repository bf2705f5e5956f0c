import { describe, expect, it } from 'vitest';
import { etherValue, lookupPrefix, parseVendorTable, serializeVendorTable } from '../../src/vendors/table';

const ENTRIES: [number, number, string][] = [
  [24, 0x000c29, 'VMware'],
  [24, 0x0016ce, 'HonHaiPr'],
  [24, 0x0055da, 'IEEERegi'],
  [28, 0x0055da1, 'KoolPOS'],
  [36, 0x001bc5001, 'OpenRBco'],
  [24, 0xfcfbfb, 'Cisco'],
  [24, 0x00000c, 'Cisco'],
  [24, 0x123456, 'Quote"Back\\slash' + 'x'.repeat(60)],
];

describe('vendor table text', () => {
  it('reads back what it wrote, names shared and long names intact', () => {
    const table = parseVendorTable(serializeVendorTable(ENTRIES));
    for (const [bits, prefix, name] of ENTRIES) {
      expect(table.byLength.find((t) => t.bits === bits)?.names.get(prefix)).toBe(name);
    }
    expect(table.byLength.map((t) => t.bits)).toEqual([36, 28, 24]);
  });

  it('refuses a name holding a separator', () => {
    expect(() => serializeVendorTable([[24, 1, 'a|b']])).toThrow();
  });

  it('finds the longest registered prefix covering an address', () => {
    const table = parseVendorTable(serializeVendorTable(ENTRIES));
    expect(lookupPrefix(table, etherValue(0x0055da12, 0x3456))).toEqual({ name: 'KoolPOS', bits: 28 });
    expect(lookupPrefix(table, etherValue(0x0055da22, 0x3456))).toEqual({ name: 'IEEERegi', bits: 24 });
    expect(lookupPrefix(table, etherValue(0x001bc500, 0x1234))).toEqual({ name: 'OpenRBco', bits: 36 });
    expect(lookupPrefix(table, etherValue(0xfcfbfb01, 0x0203))).toEqual({ name: 'Cisco', bits: 24 });
    expect(lookupPrefix(table, etherValue(0x02000000, 0x0001))).toBeUndefined();
  });
});
