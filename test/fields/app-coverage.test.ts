import { describe, expect, it } from 'vitest';
import { hasCorpus } from '../support/corpus';
import {
  appGroupAvailable,
  measureAppCoverage,
  readAppGolden,
  readAppRegistry,
  type AppCoverage,
} from '../support/app-field-coverage';
import { newCore } from '../support/run';

// Field coverage of the application protocols against tshark 4.0's registry (see bench/app-field-coverage.ts,
// whose -v lists the fields behind these figures). Floors: they may rise, never drop.
const KNOWN = 2039;
const IDENTICAL_ON_FIXTURES = 1448;
const IDENTICAL_WITH_CORPUS = 1578;
/** Per protocol, on the fixtures and the corpus: the ones users filter on most. */
const PROTOCOL_FLOORS: Record<string, number> = { http: 47, dns: 81, tls: 96, smb2: 33 };

const failing = (c: AppCoverage) =>
  c.protocols
    .filter((p) => p.differing.length)
    .map((p) => `${p.protocol}: ${p.differing.join(' ')}`)
    .join('\n');

describe('application field coverage against tshark', () => {
  const golden = readAppGolden();
  const registry = readAppRegistry();

  it('registers tshark value fields of the application protocols', async () => {
    const c = await measureAppCoverage(golden, registry, [], newCore);
    expect(c.total.known).toBeGreaterThanOrEqual(KNOWN);
  });

  it('prints the fields tshark fills on the fixtures identically', async () => {
    const c = await measureAppCoverage(golden, registry, ['fixtures'], newCore);
    expect(c.total.identical, `differing:\n${failing(c)}`).toBeGreaterThanOrEqual(IDENTICAL_ON_FIXTURES);
  }, 300_000);

  it.skipIf(!hasCorpus || !appGroupAvailable('corpus', golden))(
    'and on the shared corpus too, HTTP, DNS, TLS and SMB2 each above their floor',
    async () => {
      const c = await measureAppCoverage(golden, registry, ['fixtures', 'corpus'], newCore);
      expect(c.total.identical, `differing:\n${failing(c)}`).toBeGreaterThanOrEqual(IDENTICAL_WITH_CORPUS);
      for (const [protocol, floor] of Object.entries(PROTOCOL_FLOORS))
        expect(c.protocols.find((p) => p.protocol === protocol)?.identical, protocol).toBeGreaterThanOrEqual(floor);
    },
    300_000,
  );
});
