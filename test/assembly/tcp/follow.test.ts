import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newCore } from '../../support/run';
import { tcpCapture } from '../../support/tcp-script';
import { printFollow } from '../../../src/cli/follow-command';
import { SCENARIOS } from './scenarios';

async function follow(capture: Uint8Array, stream: number): Promise<string> {
  let text = '';
  await printFollow(await newCore(), new Blob([capture as BlobPart]), 'tcp', stream, 'raw', (s) => (text += s));
  return text;
}

describe('Follow TCP stream, as tshark 4.0 follows crafted conversations', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    for (const stream of [0, 1]) {
      it(`${name} stream ${stream}`, async () => {
        const want = readFileSync(new URL(`./tshark/${name}.follow-${stream}.txt`, import.meta.url), 'utf8');
        expect(await follow(tcpCapture(scenario.segments, scenario.options), stream)).toBe(want);
      });
    }
  }
});
