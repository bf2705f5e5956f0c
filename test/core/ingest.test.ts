import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECORD_WORDS } from '../../src/core/core';
import { ingest } from '../../src/core/ingest';
import { fieldId } from '../../src/fields/registry';
import { newCore } from '../support/run';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;

/** Every field record of a capture, as arrays of words. */
async function records(keepFields?: readonly number[]): Promise<number[][]> {
  const out: number[][] = [];
  await ingest(
    await newCore(),
    new Blob([readFileSync(DEMO)]),
    true,
    {
      onFields(r) {
        for (let at = 0; at < r.length; at += RECORD_WORDS) out.push(Array.from(r.subarray(at, at + RECORD_WORDS)));
      },
    },
    { keepFields },
  );
  return out;
}

describe('field mode keeping some fields only', () => {
  it("emits those fields' records and every protocol's own, as a full pass emits them", async () => {
    const kept = ['tcp.srcport', 'tcp.analysis.bytes_in_flight', 'ip.ttl', 'frame.number'].map((n) => fieldId(n)!);
    const all = await records();
    const some = await records(kept);
    expect(some).toEqual(all.filter((r) => (r[1] & 0xff) === 0 || kept.includes(r[0])));
    // Nested ones too (tcp.analysis.bytes_in_flight sits under tcp.analysis, which is left out).
    expect(some.some((r) => r[0] === kept[1] && (r[1] & 0xff) === 2)).toBe(true);
  });

  it('keeps every record again in the next pass without the option', async () => {
    const core = await newCore();
    const count = async (keepFields?: readonly number[]) => {
      let n = 0;
      await ingest(
        core,
        new Blob([readFileSync(DEMO)]),
        true,
        { onFields: (r) => void (n += r.length) },
        { keepFields },
      );
      return n;
    };
    const full = await count();
    expect(await count([fieldId('frame.number')!])).toBeLessThan(full / 5);
    expect(await count()).toBe(full);
  });
});
