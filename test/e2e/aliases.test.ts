import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, newContext, newPage, openFile, SHOTS, startHarness, status, type Harness } from './harness';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { printStats } from '../../src/cli/stats-command';

// Needs the built app (dist/app) and core (dist/core.wasm). The bundled demo capture: always there.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);
const source = (page: Page, n: number) => row(page, n).locator('[role=gridcell]').nth(2).textContent();

describe('Aliases', () => {
  it('names an address in a dialog, edits and removes it, and keeps it with the capture in the library', async () => {
    const frames = (await printStats(await newCore(), (await openCapture(new Blob([DEMO]))).blob, [], () => {})).frames;
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'demo.pcapng', DEMO, frames);
    const address = (await source(page, 1))!;
    expect(address).toMatch(/^[\d.:a-f]+$/);

    await row(page, 1).click({ button: 'right' });
    await page.getByRole('menuitem', { name: `Add Alias for ${address}…` }).click();
    const dialog = page.getByTestId('alias-dialog');
    await expect.poll(() => dialog.getByLabel('Address').inputValue()).toBe(address);
    // Nothing to save without a name, nothing to remove before there is an alias.
    expect(await dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Remove alias' }).count()).toBe(0);
    await dialog.getByLabel('Name').fill('My laptop');
    await page.screenshot({ path: `${SHOTS}/alias-dialog.png` });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => source(page, 1)).toBe('My laptop');

    // Opened again on the same address: its alias to edit, listed with the capture's aliases.
    await row(page, 1).click({ button: 'right' });
    await page.getByRole('menuitem', { name: `Add Alias for ${address}…` }).click();
    await expect.poll(() => dialog.getByLabel('Name').inputValue()).toBe('My laptop');
    expect(await dialog.getByRole('list', { name: 'Aliases of this capture' }).textContent()).toContain(address);
    await dialog.getByLabel('Name').fill('Workstation');
    await dialog.getByLabel('Name').press('Enter');
    await expect.poll(() => source(page, 1)).toBe('Workstation');
    await page.screenshot({ path: `${SHOTS}/alias-shown.png` });

    // Kept with the capture: after a reload, reopened from the library, the alias is there.
    await page.reload();
    await page.getByRole('button', { name: 'demo.pcapng', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toContain('demo.pcapng');
    await expect.poll(() => source(page, 1)).toBe('Workstation');

    // Removed in the dialog: the address again.
    await row(page, 1).click({ button: 'right' });
    await page.getByRole('menuitem', { name: `Add Alias for ${address}…` }).click();
    await dialog.getByRole('button', { name: 'Remove alias' }).click();
    await expect.poll(() => source(page, 1)).toBe(address);
    await context.close();
  });
});
