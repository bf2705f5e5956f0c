import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCapture } from '../../bench/make-capture';
import { newContext, newPage, packets, SHOTS, startHarness, status, type Harness } from './harness';

// Needs the built app (dist/app). A capture big enough that its background dissection takes a few seconds.
let h: Harness;
let dir: string;
let capture: { bytes: Buffer; packets: number };

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'loupe-status-'));
  const path = join(dir, 'transfers.pcap');
  const made = await makeCapture(path, Infinity, 'mixed', 100, 100_000);
  capture = { bytes: readFileSync(path), packets: made.packets };
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return h?.close();
});

describe('status bar', () => {
  it('says how far the background dissection is while rows are still guessed, and nothing once it is done', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.goto(h.base);
    await page.getByTestId('file-input').setInputFiles({ name: 'transfers.pcap', mimeType: 'application/octet-stream', buffer: capture.bytes });
    await expect.poll(() => status(page).textContent(), { timeout: 60_000 }).toContain(packets(capture.packets));
    const dissecting = page.getByTestId('dissecting');
    await expect.poll(() => dissecting.textContent()).toMatch(/^\s*dissecting \d+%\s*$/);
    await status(page).screenshot({ path: `${SHOTS}/status-dissecting.png` });
    await expect.poll(() => dissecting.count(), { timeout: 120_000 }).toBe(0);
    expect(await status(page).textContent()).not.toContain('dissecting');
    await context.close();
  });
});
