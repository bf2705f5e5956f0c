import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { organisationName, shortVendorName } from '../../src/vendors/short-name';

describe('shortVendorName', () => {
  it.each([
    ['Cisco Systems, Inc', 'Cisco'],
    ['Intel Corporate', 'IntelCor'],
    ['Hon Hai Precision Ind. Co.,Ltd.', 'HonHaiPr'],
    ['Hewlett Packard', 'HewlettP'],
    ['Raspberry Pi Foundation', 'Raspberr'],
    ['Apple, Inc.', 'Apple'],
    ['D-Link Corporation', 'D-Link'],
  ])('keeps the words that name the vendor: %s → %s', (name, short) => {
    expect(shortVendorName(name)).toBe(short);
  });

  it('puts a name in capitals only in title case, after any non-letter too, and keeps mixed case', () => {
    expect(shortVendorName('HUAWEI TECHNOLOGIES CO.,LTD')).toBe('HuaweiTe');
    expect(shortVendorName('TP-LINK TECHNOLOGIES CO.,LTD.')).toBe('Tp-LinkT');
    expect(shortVendorName('3COM EUROPE LTD')).toBe('3ComEuro');
    expect(shortVendorName('LIONS Taiwan Technology Inc.')).toBe('LIONSTai');
    expect(shortVendorName('BURG-WÄCHTER KG')).toBe('Burg-Wäc');
  });

  it('drops legal forms however they are written, but not look-alike words', () => {
    expect(shortVendorName('Genexis B.V.')).toBe('Genexis');
    expect(shortVendorName('Widex A/S')).toBe('Widex');
    expect(shortVendorName('ELTECO A.S.')).toBe('Elteco');
    expect(shortVendorName('CONNECT AS')).toBe('ConnectA');
    expect(shortVendorName('BUFFALO.INC')).toBe('Buffalo');
    expect(shortVendorName('iMCA-GmbH')).toBe('iMCA');
    expect(shortVendorName('The Boeing Company')).toBe('Boeing');
    expect(shortVendorName('Psitek (Pty) Ltd')).toBe('Psitek');
    expect(shortVendorName('DGT Sp. z o.o.')).toBe('DGTSp');
  });

  it('joins dotted initials, splits at slashes and keeps &, +, @ inside words', () => {
    expect(shortVendorName('S.D.E.L.')).toBe('SDEL');
    expect(shortVendorName('HIOKI E.E. CORPORATION')).toBe('HiokiEE');
    expect(shortVendorName('ITALTEL S.p.A/RF-UP-I')).toBe('ITALTELR');
    expect(shortVendorName('AT&T')).toBe('At&T');
    expect(shortVendorName('Bang & Olufsen A/S')).toBe('BangOluf');
    expect(shortVendorName('HUBER+SUHNER BKtel GmbH')).toBe('HUBER+SU');
  });
});

describe('organisationName', () => {
  it('title-cases a name in capitals only and keeps the rest as registered', () => {
    expect(organisationName('HUAWEI TECHNOLOGIES CO.,LTD')).toBe('Huawei Technologies Co.,Ltd');
    expect(organisationName('  Apple, Inc. ')).toBe('Apple, Inc.');
  });
});

// Agreement with Wireshark's own short names (its manuf file, installed with tshark; not part of the project),
// over every MA-L prefix both know. Some names differ because the registry changed since that manuf was made
// (ARRIS became Commscope): "same name" counts only prefixes whose organisation is still registered as manuf has it.
const MANUF = '/usr/share/wireshark/manuf';
const REGISTRY = resolve(__dirname, '../../node_modules/oui-data/index.json');
describe.skipIf(!existsSync(MANUF) || !existsSync(REGISTRY))("agreement with Wireshark's manuf", () => {
  it("gives Wireshark's short name to nearly every MA-L prefix", () => {
    const registry = JSON.parse(readFileSync(REGISTRY, 'utf8')) as Record<string, string>;
    let manufPrefixes = 0;
    const all = [0, 0];
    const sameName = [0, 0];
    for (const line of readFileSync(MANUF, 'utf8').split('\n')) {
      const [prefix, short, long] = line.split('\t');
      if (line.startsWith('#') || !short || prefix.length !== 8) continue;
      manufPrefixes++;
      const registered = registry[prefix.replace(/:/g, '')];
      if (registered === undefined) continue;
      const organisation = registered.split('\n')[0];
      const agrees = shortVendorName(organisation) === short ? 1 : 0;
      all[0] += agrees;
      all[1]++;
      if (!long || long.toLowerCase() === organisation.trim().toLowerCase()) {
        sameName[0] += agrees;
        sameName[1]++;
      }
    }
    const percent = ([a, b]: number[]) => ((a / b) * 100).toFixed(2);
    console.log(
      `short names identical to manuf: ${all[0]}/${all[1]} MA-L prefixes in both (${percent(all)}%; manuf has ${manufPrefixes}); ` +
        `where the organisation is registered under the same name: ${sameName[0]}/${sameName[1]} (${percent(sameName)}%)`,
    );
    expect(all[0] / all[1]).toBeGreaterThan(0.97);
    expect(sameName[0] / sameName[1]).toBeGreaterThan(0.995);
  }, 60_000);
});
