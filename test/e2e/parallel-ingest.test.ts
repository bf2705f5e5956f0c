import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIssueCapture } from '../../bench/make-issue-capture';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import { newCore } from '../support/run';
import { newContext, newPage, startHarness, type Harness } from './harness';

// Needs the built app (dist/app). A capture large enough that the capture worker reads it in pieces with Web
// Workers of its own (src/worker/parallel/): its index must select what one pass's does.
let h: Harness;
let dir: string;
let path: string;

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'loupe-parallel-'));
  path = join(dir, 'issue.pcap');
  await makeIssueCapture(path, 40 << 20);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return h?.close();
});

/** How many frames one pass's index lets `loupe fields -Y filter` print. */
async function onePass(filter: string): Promise<number> {
  let lines = 0;
  await printFields(
    await newCore(),
    new Blob([readFileSync(path)]),
    ['frame.number'],
    (s) => (lines += s.split('\n').length - 1),
    filter ? compileFilter(filter) : undefined,
  );
  return lines;
}

describe('parallel ingest in the app', () => {
  it('filters a capture read in pieces as one pass indexes it', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(h.base);
    await page.getByTestId('file-input').setInputFiles(path);
    const all = await onePass('');
    const count = page.getByTestId('displayed-count');
    await expect.poll(() => count.textContent(), { timeout: 120_000 }).toBe(`Displayed: ${all} of ${all}`);
    // The pieces were read by workers of their own (not one pass, which would pass too).
    expect(workers.some((url) => url.includes('piece-worker'))).toBe(true);
    const box = page.getByLabel('Display filter');
    for (const filter of [
      'tcp.analysis.retransmission',
      'tcp.stream == 17',
      'udp.stream == 40',
      'tcp.analysis.flags',
    ]) {
      const want = await onePass(filter);
      await box.fill(filter);
      await box.press('Enter');
      await expect.poll(() => count.textContent(), { timeout: 60_000 }).toBe(`Displayed: ${want} of ${all}`);
    }
    await context.close();
  }, 300_000);
});
