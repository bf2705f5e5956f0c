import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { SHOTS, startHarness, type Harness } from './harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

// Needs the built app (dist/app). A corpus capture when the corpus is there, else the bundled demo.
const CAPTURE = hasCorpus
  ? join(CORPUS, 'real/http_google.pcapng')
  : new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;

let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  harness = await startHarness();
  browser = harness.browser;
});

afterAll(() => harness?.close());

/** Frame numbers `loupe fields -Y <filter> -e frame.number` prints ('' filter: every frame). */
async function cliFrames(filter: string): Promise<string[]> {
  let text = '';
  await printFields(
    await newCore(),
    new Blob([readFileSync(CAPTURE)]),
    ['frame.number'],
    (s) => (text += s),
    filter ? compileFilter(filter) : undefined,
  );
  return text.split('\n').filter(Boolean);
}

/** The numbers in the No. column of the rendered rows, in row order. */
async function shownNumbers(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=packet-list] [role=row][aria-rowindex]', (rows) =>
    rows
      .map((r) => ({ at: Number(r.getAttribute('aria-rowindex')), number: r.children[0]?.textContent ?? '' }))
      .sort((a, b) => a.at - b.at)
      .map((r) => r.number),
  );
}

describe('display filter bar', () => {
  it('shows only the frames loupe fields -Y selects, and explains a refused filter in place', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(harness.base);
    await page.getByLabel('Open capture').setInputFiles(CAPTURE);
    const all = await cliFrames('');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${all.length} of ${all.length}`);

    const box = page.getByLabel('Display filter');
    // Core-field filters the index decides, and tcp.len, which needs the decoding pass.
    for (const filter of [
      'tcp.port == 80',
      'udp || arp',
      'ip.addr == 172.16.0.0/12 && !tcp.analysis.flags',
      'tcp.len > 0 && frame.len > 100',
    ]) {
      const want = await cliFrames(filter);
      await box.fill(filter);
      expect(await box.getAttribute('data-state')).toBe('valid');
      await box.press('Enter');
      await expect
        .poll(() => page.getByTestId('displayed-count').textContent(), { timeout: 20_000 })
        .toBe(`Displayed: ${want.length} of ${all.length}`);
      await expect.poll(() => page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(want.length));
      await expect
        .poll(async () => {
          const shown = await shownNumbers(page);
          return shown.length > 0 && shown.every((n) => n !== '') ? shown : [];
        })
        .toEqual(want.slice(0, (await shownNumbers(page)).length));
    }
    await page.screenshot({ path: `${SHOTS}/filter-applied.png` });

    await box.fill('ip.src == "abc"');
    expect(await box.getAttribute('data-state')).toBe('invalid');
    const problem = page.getByTestId('filter-error');
    await expect.poll(() => problem.textContent()).toContain('ip.src is an IPv4 address; "abc" is not.');
    expect(await problem.locator('pre').textContent()).toBe('ip.src == "abc"\n          ^~~~~');
    await box.press('Enter');
    // Refused: the list keeps the last filter's frames.
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe(
      String((await cliFrames('tcp.len > 0 && frame.len > 100')).length),
    );
    await page.screenshot({ path: `${SHOTS}/filter-invalid.png` });

    await box.fill('IPv4.SourceAddress == 10.0.0.1');
    expect(await box.getAttribute('data-state')).toBe('alias');
    await box.fill('');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${all.length} of ${all.length}`);
    await context.close();
  });

  it('keeps filters as buttons of the filter bar, across reloads, and applies one with a click', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(harness.base);
    await page.getByLabel('Open capture').setInputFiles(CAPTURE);
    const all = await cliFrames('');
    const count = page.getByTestId('displayed-count');
    await expect.poll(() => count.textContent()).toBe(`Displayed: ${all.length} of ${all.length}`);
    const box = page.getByLabel('Display filter');
    await box.fill('tcp.len > 0');
    await page.getByRole('button', { name: 'Save filter as button' }).click();
    await page.getByLabel('Saved filter label').fill('Data');
    await page.getByLabel('Saved filter label').press('Enter');
    await box.fill('udp || arp');
    await page.getByRole('button', { name: 'Save filter as button' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click(); // no label: the filter names it
    const toolbar = page.getByRole('toolbar', { name: 'Saved filters' });
    expect(await toolbar.getByRole('button').allTextContents()).toEqual(['Data', '×', 'udp || arp', '×']);
    await page.screenshot({ path: `${SHOTS}/filter-saved-buttons.png` });

    await page.reload();
    await page.getByLabel('Open capture').setInputFiles(CAPTURE);
    await expect.poll(() => count.textContent()).toBe(`Displayed: ${all.length} of ${all.length}`);
    await toolbar.getByRole('button', { name: 'Data', exact: true }).click();
    expect(await box.inputValue()).toBe('tcp.len > 0');
    const want = await cliFrames('tcp.len > 0');
    await expect
      .poll(() => count.textContent(), { timeout: 20_000 })
      .toBe(`Displayed: ${want.length} of ${all.length}`);
    await toolbar.getByRole('button', { name: 'Remove saved filter Data' }).click();
    expect(await toolbar.getByRole('button').allTextContents()).toEqual(['udp || arp', '×']);
    await context.close();
  });
});
