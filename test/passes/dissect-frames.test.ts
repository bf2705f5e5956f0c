import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const captures = [DEMO, ...(hasCorpus ? [join(CORPUS, 'real/http_google.pcapng')] : [])];

/** Each frame's core records, copied out: by frame number. */
async function coreRecords(path: string, fieldFrames?: Uint32Array): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  await dissectFrames(
    await newCore(),
    new Blob([readFileSync(path)]),
    ({ number, input }) => {
      out.set(number, Array.from(input.records.subarray(input.start, input.end)));
    },
    { dissect: false, fieldFrames },
  );
  return out;
}

describe('field records for some frames only', () => {
  for (const path of captures) {
    it(`gives a frame the records a full pass gives it, TCP analysis included (${path.slice(path.lastIndexOf('/') + 1)})`, async () => {
      const full = await coreRecords(path);
      for (const n of [1, 7, Math.floor(full.size / 2), full.size]) {
        const some = await coreRecords(path, Uint32Array.of(n, n + 1));
        expect([...some.keys()]).toEqual(n < full.size ? [n, n + 1] : [n]);
        expect(some.get(n), `frame ${n}`).toEqual(full.get(n));
      }
    }, 60_000);
  }
});

describe('a pass that gives way', () => {
  it('waits before each read while asked to, and goes on when let go', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let asked = 0;
    let frames = 0;
    const pass = dissectFrames(await newCore(), new Blob([readFileSync(DEMO)]), () => void frames++, {
      dissect: false,
      pause: () => (asked++ === 0 ? held : undefined),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect([asked, frames]).toEqual([1, 0]);
    release();
    await pass;
    expect(frames).toBeGreaterThan(0);
  });
});

describe('a background pass (small chunks, columns only)', () => {
  it('gives every frame the bytes, Protocol and Info the CLI-sized pass gives it', async () => {
    const blob = new Blob([readFileSync(DEMO)]);
    const seen = (options: { chunkBytes?: number; columnsOnly?: boolean }) => async () => {
      const frames: [number, number[], string, string][] = [];
      await dissectFrames(
        await newCore(),
        blob,
        ({ number, input, app }) => {
          frames.push([number, Array.from(input.frameBytes ?? []), app.protocol, app.info]);
        },
        options,
      );
      return frames;
    };
    const full = await seen({})();
    // 4 KB chunks: the frames' bytes are views into each batch's one copy of side data.
    expect(await seen({ chunkBytes: 4096, columnsOnly: true })()).toEqual(full);
  }, 60_000);
});
