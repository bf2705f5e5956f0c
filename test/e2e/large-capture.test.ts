import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCapture } from '../../bench/make-capture';
import { newContext, newPage, packets, SHOTS, startHarness, status, type Harness } from './harness';

// Needs the built app (dist/app). Generated captures big enough that the app's work on them takes seconds: many
// short transfers (the background dissection), and one long transfer (a tree late in it depends on all of it).
let h: Harness;
let dir: string;
/** Files on disk (the browser reads them from there: they are larger than a test may hand over in memory). */
let capture: { path: string; packets: number };
let transfer: { path: string; packets: number };

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'loupe-large-'));
  const made = async (profile: 'mixed' | 'large-window', packets: number) => {
    const path = join(dir, `${profile}.pcap`);
    const result = await makeCapture(path, Infinity, profile, 100, packets);
    return { path, packets: result.packets };
  };
  capture = await made('mixed', 100_000);
  transfer = await made('large-window', 60_000);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return h?.close();
});

/** A fresh page with the capture open and indexed. */
async function opened(file: { path: string; packets: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(h);
  const page = await newPage(context);
  await page.goto(h.base);
  await page.getByTestId('file-input').setInputFiles(file.path);
  await expect.poll(() => status(page).textContent(), { timeout: 60_000 }).toContain(packets(file.packets));
  return { context, page };
}

describe('large captures', () => {
  it('says how far the background dissection is while rows are still guessed, and nothing once it is done', async () => {
    const { context, page } = await opened(capture);
    const dissecting = page.getByTestId('dissecting');
    await expect.poll(() => dissecting.textContent()).toMatch(/^\s*dissecting \d+%\s*$/);
    await status(page).screenshot({ path: `${SHOTS}/status-dissecting.png` });
    await expect.poll(() => dissecting.count(), { timeout: 120_000 }).toBe(0);
    expect(await status(page).textContent()).not.toContain('dissecting');
    await context.close();
  });

  it('says a tree is being dissected while it is, the previous one dimmed, then shows it', async () => {
    const { context, page } = await opened(transfer);
    const list = page.getByTestId('packet-list');
    await list.locator('[aria-rowindex="1"]').click();
    await expect.poll(() => page.getByTestId('protocol-tree').textContent()).toContain('Frame 1:');
    // The last packet's tree depends on the whole transfer before it.
    await list.focus();
    await page.keyboard.press('End');
    await expect
      .poll(() => page.getByTestId('tree-pending').textContent(), { timeout: 10_000 })
      .toContain(`Dissecting packet ${transfer.packets}`);
    await page.screenshot({ path: `${SHOTS}/tree-pending.png` });
    await expect
      .poll(() => page.getByTestId('protocol-tree').textContent(), { timeout: 120_000 })
      .toContain(`Frame ${transfer.packets}:`);
    expect(await page.getByTestId('tree-pending').count()).toBe(0);
    await context.close();
  });
});
