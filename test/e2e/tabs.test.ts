import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { fieldsOf, newCore } from '../support/run';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import { DEMO, newContext, newPage, packets, SHOTS, startHarness, status, storeCounts, type Harness } from './harness';

// Needs the built app (dist/app). The demo beside two captures of TCP with HTTP: from the corpus, else fixtures.
let h: Harness;
const files = hasCorpus
  ? [join(CORPUS, 'real/http_google.pcapng'), join(CORPUS, 'real/tcp_handshake.pcapng')].map((path) => ({
      name: path.slice(path.lastIndexOf('/') + 1),
      bytes: readFileSync(path),
    }))
  : ['http-objects.pcap', 'pop3.pcap'].map((name) => ({
      name,
      bytes: readFileSync(new URL(`../fixtures/${name}`, import.meta.url)),
    }));
let demoFrames: number;
let frames: number[];

beforeAll(async () => {
  h = await startHarness();
  demoFrames = (await fieldsOf(DEMO, ['frame.number'])).result.frames;
  frames = await Promise.all(files.map(async (f) => (await fieldsOf(f.bytes, ['frame.number'])).result.frames));
});
afterAll(() => h?.close());

/** How many frames of a capture a display filter keeps, as `loupe fields -Y` says. */
async function matchingFrames(bytes: Buffer, filter: string): Promise<number> {
  let text = '';
  await printFields(
    await newCore(),
    new Blob([bytes as BlobPart]),
    ['frame.number'],
    (s) => (text += s),
    compileFilter(filter),
  );
  return text.split('\n').filter(Boolean).length;
}

const strip = (page: Page) => page.getByRole('tablist', { name: 'Capture tabs' });
const tab = (page: Page, name: string) =>
  strip(page).getByRole('tab', { name: new RegExp(`^${name.replace('.', '\\.')} `) });
const tabNames = (page: Page) => strip(page).locator('[role=tab] .name').allTextContents();
const shownTab = (page: Page) => strip(page).locator('[role=tab][aria-selected=true] .name').textContent();
const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);
const selectedRow = (page: Page) =>
  page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex');
const displayed = (page: Page) => page.getByTestId('displayed-count').textContent();
const scrollTop = (page: Page) => page.$eval('[data-testid=packet-list] .scroller', (el) => Math.round(el.scrollTop));

describe('capture tabs', () => {
  it('opens captures side by side, each keeping its own filter, selection and scroll position, and closes them', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.goto(h.base);
    expect(await strip(page).count()).toBe(0);

    await page.getByRole('button', { name: 'Demo capture', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toContain(packets(demoFrames));
    // Two files picked at once: two more tabs, the last one shown.
    await page
      .getByLabel('Open capture')
      .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.bytes })));
    await expect.poll(() => tabNames(page)).toEqual(['demo.pcapng', files[0].name, files[1].name]);
    await expect.poll(() => shownTab(page)).toBe(files[1].name);
    await expect.poll(() => status(page).textContent()).toContain(packets(frames[1]));
    await expect.poll(() => tab(page, files[0].name).textContent()).toContain(packets(frames[0]));
    await expect.poll(() => tab(page, 'demo.pcapng').textContent()).toContain(packets(demoFrames));

    // The first file's tab: a filter and a selected packet.
    await tab(page, files[0].name).click();
    await expect.poll(() => displayed(page)).toBe(`Displayed: ${frames[0]} of ${frames[0]}`);
    const filter = 'http';
    const matching = await matchingFrames(files[0].bytes, filter);
    await page.getByLabel('Display filter').fill(filter);
    await page.getByLabel('Display filter').press('Enter');
    await expect.poll(() => displayed(page)).toBe(`Displayed: ${matching} of ${frames[0]}`);
    await row(page, 2).click();
    await expect.poll(() => page.getByTestId('protocol-tree').textContent()).toMatch(/Frame \d+:/);
    const firstTree = (await page.getByTestId('protocol-tree').textContent())!.match(/Frame \d+:/)![0];

    // The demo's tab: no filter, its own selection, scrolled down.
    await tab(page, 'demo.pcapng').click();
    await expect.poll(() => displayed(page)).toBe(`Displayed: ${demoFrames} of ${demoFrames}`);
    expect(await page.getByLabel('Display filter').inputValue()).toBe('');
    await row(page, 5).click();
    await expect.poll(() => page.getByTestId('protocol-tree').textContent()).toContain('Frame 5:');
    await page.$eval('[data-testid=packet-list] .scroller', (el) => (el.scrollTop = 1000));
    await expect.poll(() => scrollTop(page)).toBe(1000);
    // Only the shown capture is on the page: one grid, one filter box (a combobox: it suggests), as before tabs.
    expect(await page.getByRole('grid').count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Display filter' }).count()).toBe(1);
    expect(await page.getByRole('tabpanel', { name: 'demo.pcapng' }).count()).toBe(1);

    // The keyboard: Ctrl+Tab and Ctrl+PageDown go right (wrapping), Ctrl+Shift+Tab and Ctrl+PageUp left.
    await page.keyboard.press('Control+Tab');
    await expect.poll(() => shownTab(page)).toBe(files[0].name);
    await page.keyboard.press('Control+PageDown');
    await expect.poll(() => shownTab(page)).toBe(files[1].name);
    await page.keyboard.press('Control+Tab');
    await expect.poll(() => shownTab(page)).toBe('demo.pcapng');
    await page.keyboard.press('Control+Shift+Tab');
    await expect.poll(() => shownTab(page)).toBe(files[1].name);
    await page.keyboard.press('Control+PageUp');
    await expect.poll(() => shownTab(page)).toBe(files[0].name);

    // Back on the first file's tab: its filter, its selection and its tree as they were.
    expect(await page.getByLabel('Display filter').inputValue()).toBe(filter);
    await expect.poll(() => displayed(page)).toBe(`Displayed: ${matching} of ${frames[0]}`);
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(matching));
    await expect.poll(() => selectedRow(page)).toBe('2');
    expect(await page.getByTestId('protocol-tree').textContent()).toContain(firstTree);
    await strip(page).screenshot({ path: `${SHOTS}/tabs-strip.png` });

    // And the demo's, scrolled where it was left.
    await tab(page, 'demo.pcapng').click();
    await expect.poll(() => scrollTop(page)).toBe(1000);
    expect(await page.getByTestId('protocol-tree').textContent()).toContain('Frame 5:');
    // Row 5 is scrolled out of view, and still the selected one.
    await page.$eval('[data-testid=packet-list] .scroller', (el) => (el.scrollTop = 0));
    await expect.poll(() => selectedRow(page)).toBe('5');
    await page.screenshot({ path: `${SHOTS}/tabs-demo.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await strip(page).screenshot({ path: `${SHOTS}/tabs-strip-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });

    // Closing a tab ends its worker: one fewer worker each time.
    const workers = page.workers().length;
    expect(workers).toBeGreaterThanOrEqual(3);
    await strip(page)
      .getByRole('button', { name: `Close ${files[1].name}` })
      .click();
    await expect.poll(() => tabNames(page)).toEqual(['demo.pcapng', files[0].name]);
    await expect.poll(() => page.workers().length).toBe(workers - 1);
    expect(await shownTab(page)).toBe('demo.pcapng');

    // A middle click closes the tab under it; Ctrl+W closes the shown one.
    await tab(page, files[0].name).click({ button: 'middle' });
    await expect.poll(() => tabNames(page)).toEqual(['demo.pcapng']);
    await expect.poll(() => page.workers().length).toBe(workers - 2);
    await page.keyboard.press('Control+KeyW');
    await expect.poll(() => strip(page).count()).toBe(0);
    await expect.poll(() => page.workers().length).toBe(workers - 3);
    expect(await status(page).textContent()).toContain('No capture open');
    expect(await page.getByRole('button', { name: 'Open the demo capture' }).count()).toBe(1);
    await context.close();
  });

  it('keeps each tab’s tool views as they were left: Follow’s format and search, the statistics’ tab and layer', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.goto(h.base);
    await page.getByRole('button', { name: 'Demo capture', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toContain(packets(demoFrames));
    await page
      .getByLabel('Open capture')
      .setInputFiles([{ name: files[0].name, mimeType: 'application/octet-stream', buffer: files[0].bytes }]);
    await expect.poll(() => tabNames(page)).toEqual(['demo.pcapng', files[0].name]);

    await tab(page, 'demo.pcapng').click();
    const tcpRow = page.locator('[data-testid=packet-list] [role=row]', { hasText: 'TCP' }).first();
    await tcpRow.click();
    await tcpRow.click({ button: 'right' });
    await page.getByRole('menuitem', { name: /Follow TCP Stream/ }).click();
    await page.getByLabel('Show data as').selectOption('hexdump');
    await page.getByLabel('Find in stream').fill('HTTP');
    await page.getByRole('button', { name: 'Statistics' }).click();
    const stats = page.getByTestId('statistics-view');
    await stats.getByRole('tab', { name: 'Endpoints' }).click();
    await stats.getByLabel('Layer').selectOption('tcp');
    await expect.poll(() => stats.getByRole('table', { name: 'TCP endpoints' }).count()).toBe(1);

    // Away to the other capture and back: both views as they were, each time one of them is shown again.
    await tab(page, files[0].name).click();
    await expect.poll(() => shownTab(page)).toBe(files[0].name);
    await tab(page, 'demo.pcapng').click();
    await expect.poll(() => stats.getByRole('tab', { name: 'Endpoints' }).getAttribute('aria-selected')).toBe('true');
    expect(await stats.getByLabel('Layer').inputValue()).toBe('tcp');
    await page
      .getByRole('complementary', { name: 'Tools' })
      .getByRole('tab', { name: /Follow/ })
      .click();
    await expect.poll(() => page.getByLabel('Show data as').inputValue()).toBe('hexdump');
    expect(await page.getByLabel('Find in stream').inputValue()).toBe('HTTP');
    await context.close();
  });

  it('opens dropped files in tabs and shows a stored capture that is open in its tab, not a second one', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.goto(h.base);
    await page.evaluate(
      (list) => {
        const data = new DataTransfer();
        for (const f of list) data.items.add(new File([new Uint8Array(f.bytes)], f.name));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      files.map((f) => ({ name: f.name, bytes: [...f.bytes] })),
    );
    await expect.poll(() => tabNames(page)).toEqual(files.map((f) => f.name));
    await expect.poll(() => tab(page, files[0].name).textContent()).toContain(packets(frames[0]));
    await expect.poll(() => tab(page, files[1].name).textContent()).toContain(packets(frames[1]));

    // Both are kept in the library; the first one, picked there, is the tab already open.
    await page.getByRole('button', { name: 'Library' }).click();
    const entry = page.locator('[data-testid=library-entry] button.open', { hasText: files[0].name });
    await expect.poll(() => entry.count()).toBe(1);
    await entry.click();
    await expect.poll(() => shownTab(page)).toBe(files[0].name);
    expect(await tabNames(page)).toEqual(files.map((f) => f.name));

    // Deleted from the library while open, it stays open, and what is done to it is no longer written there.
    await page
      .getByTestId('library')
      .getByRole('button', { name: `Delete ${files[0].name}` })
      .click();
    await expect.poll(() => storeCounts(page)).toMatchObject({ captures: 1 });
    const before = await storeCounts(page);
    await row(page, 1).click();
    await page.keyboard.press('Control+KeyM');
    await expect.poll(() => row(page, 1).getAttribute('class')).toContain('marked');
    await page.waitForTimeout(500);
    expect(await storeCounts(page)).toEqual(before);
    expect(await tabNames(page)).toEqual(files.map((f) => f.name));

    // Reloaded, nothing is open; picked in the library, it opens in a tab again.
    await page.reload();
    expect(await strip(page).count()).toBe(0);
    await page.locator('[data-testid=library-entry] button.open', { hasText: files[1].name }).click();
    await expect.poll(() => tabNames(page)).toEqual([files[1].name]);
    await expect.poll(() => status(page).textContent()).toContain(packets(frames[1]));
    await context.close();
  });
});
