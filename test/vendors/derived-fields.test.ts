import { beforeAll, describe, expect, it } from 'vitest';
import { derivedValue } from '../../src/vendors/derived-fields';
import { fieldById, fieldId } from '../../src/fields/registry';
import { compileFilter, RecordFieldSource } from '../../src/filter';
import { fieldTexts } from '../../src/present/field-texts';
import { loadOrganisations, loadVendorNames } from '../../src/vendors/load';
import { records } from '../support/records';

const frame = records(
  ['eth', 0, 0, 14],
  ['eth.dst', 1, 0, 6, 0xffffffff, 0xffff],
  ['eth.src', 1, 6, 6, 0x0016ce6e, 0x8b24],
  ['eth.addr', 1, 0, 6, 0xffffffff, 0xffff],
  ['eth.addr', 1, 6, 6, 0x0016ce6e, 0x8b24],
);
const input = { records: frame, start: 0, end: frame.length };
const def = (name: string) => fieldById(fieldId(name)!)!;

describe('fields derived from Ethernet addresses', () => {
  beforeAll(() => Promise.all([loadVendorNames(), loadOrganisations()]), 60_000);

  it('reads the resolved name, the OUI and its organisation off the address record', () => {
    expect(derivedValue(def('eth.src_resolved'), frame, 16)).toBe('HonHaiPr_6e:8b:24');
    expect(derivedValue(def('eth.src.oui'), frame, 16)).toBe(0x0016ce);
    expect(derivedValue(def('eth.src.oui_resolved'), frame, 16)).toBe('Hon Hai Precision Ind. Co.,Ltd.');
    expect(derivedValue(def('eth.dst.oui_resolved'), frame, 8)).toBeUndefined();
  });

  it('prints every occurrence as tshark -T fields does, absent where the OUI is unregistered', () => {
    const names = ['eth.addr_resolved', 'eth.dst.oui', 'eth.addr.oui_resolved', 'eth.dst.oui_resolved'];
    const texts = fieldTexts(
      { input, app: { items: [] } as never },
      names.map((n) => fieldId(n)!),
    );
    expect(texts).toEqual([['Broadcast', 'HonHaiPr_6e:8b:24'], ['16777215'], ['Hon Hai Precision Ind. Co.,Ltd.'], []]);
  });

  it('answers display filters', () => {
    const source = new RecordFieldSource(input);
    const matches = (text: string) => compileFilter(text).matches(source);
    expect(matches('eth.src_resolved contains "HonHai"')).toBe(true);
    expect(matches('eth.dst_resolved == "Broadcast"')).toBe(true);
    expect(matches('eth.src.oui == 0x0016ce')).toBe(true);
    expect(matches('eth.dst.oui_resolved')).toBe(false);
    expect(matches('eth.addr.oui_resolved contains "Hon Hai"')).toBe(true);
  });
});
