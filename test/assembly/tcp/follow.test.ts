import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newCore } from '../../support/run';
import { tcpCapture } from '../../support/tcp-script';
import { printFollow, type FollowFormat } from '../../../src/cli/follow-command';
import { SCENARIOS } from './scenarios';

async function follow(capture: Uint8Array, stream: number, format: FollowFormat): Promise<string> {
  let text = '';
  await printFollow(await newCore(), new Blob([capture as BlobPart]), 'tcp', stream, format, (s) => (text += s));
  return text;
}

/** Golden file suffix per format (regenerate.sh). */
const SUFFIX: Record<FollowFormat, string> = { raw: '', ascii: '.ascii', hex: '.hex' };

describe('Follow TCP stream, as tshark 4.0 follows crafted conversations', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    for (const stream of [0, 1]) {
      for (const format of ['raw', 'ascii', 'hex'] as const) {
        it(`${name} stream ${stream} ${format}`, async () => {
          const want = readFileSync(
            new URL(`./tshark/${name}.follow-${stream}${SUFFIX[format]}.txt`, import.meta.url),
            'utf8',
          );
          expect(await follow(tcpCapture(scenario.segments, scenario.options), stream, format)).toBe(want);
        });
      }
    }
  }
});
