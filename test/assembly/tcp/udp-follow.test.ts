import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newCore } from '../../support/run';
import { printFollow } from '../../../src/cli/follow-command';
import { UDP_CAPTURES } from './udp-captures';

describe('Follow UDP stream, as tshark 4.0 follows crafted exchanges', () => {
  for (const [name, capture] of Object.entries(UDP_CAPTURES)) {
    for (const format of ['raw', 'ascii', 'hex'] as const) {
      it(`${name} ${format}`, async () => {
        const want = readFileSync(new URL(`./tshark/${name}.follow-0.${format}.txt`, import.meta.url), 'utf8');
        let text = '';
        await printFollow(await newCore(), new Blob([capture() as BlobPart]), 'udp', 0, format, (s) => (text += s));
        expect(text).toBe(want);
      });
    }
  }
});
