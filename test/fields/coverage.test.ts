import { describe, expect, it } from 'vitest';
import { hasCorpus } from '../support/corpus';
import { groupAvailable, measureCoverage, readGolden } from '../support/field-coverage';
import { newCore } from '../support/run';

// Field coverage against tshark 4.0's registry for eth, arp, ip, ipv6, tcp, udp, icmp and icmpv6 (see
// bench/field-coverage.ts, whose -v lists the fields behind these figures). Floors: they may rise, never drop.
const KNOWN = 283;
const IDENTICAL_ON_FIXTURES = 258;
const IDENTICAL_WITH_CORPUS = 258;

describe('field coverage against tshark', () => {
  const golden = readGolden();

  it('registers tshark value fields', async () => {
    const c = await measureCoverage(golden, [], newCore);
    expect(c.known).toBeGreaterThanOrEqual(KNOWN);
  });

  it('prints the fields tshark fills on the fixtures identically', async () => {
    const c = await measureCoverage(golden, ['fixtures'], newCore);
    expect(c.identical, `differing: ${c.differing.join(' ')}`).toBeGreaterThanOrEqual(IDENTICAL_ON_FIXTURES);
  }, 120_000);

  it.skipIf(!hasCorpus || !groupAvailable('corpus', golden))(
    'and on the shared corpus too',
    async () => {
      const c = await measureCoverage(golden, ['fixtures', 'corpus'], newCore);
      expect(c.identical, `differing: ${c.differing.join(' ')}`).toBeGreaterThanOrEqual(IDENTICAL_WITH_CORPUS);
    },
    120_000,
  );
});
