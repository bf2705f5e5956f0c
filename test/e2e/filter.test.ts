import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

// Needs the built app (dist/app). A corpus capture when the corpus is there, else the bundled demo.
const CAPTURE = hasCorpus ? join(CORPUS, 'real/http_google.pcapng') : new URL('../../public/demo/demo.pcap', import.meta.url).pathname;
const SHOTS = '/tmp/loupe-shots';

let server: PreviewServer;
let browser: Browser;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: await freePort(), strictPort: true } });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Frame numbers `loupe fields -Y <filter> -e frame.number` prints ('' filter: every frame). */
async function cliFrames(filter: string): Promise<string[]> {
  let text = '';
  await printFields(await newCore(), new Blob([readFileSync(CAPTURE)]), ['frame.number'], (s) => (text += s), filter ? compileFilter(filter) : undefined);
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
    await page.goto(server.resolvedUrls!.local[0]);
    await page.getByLabel('Open capture').setInputFiles(CAPTURE);
    const all = await cliFrames('');
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: ${all.length} of ${all.length}`);

    const box = page.getByLabel('Display filter');
    // Core-field filters the index decides, and tcp.len, which needs the decoding pass.
    for (const filter of ['tcp.port == 80', 'udp || arp', 'ip.addr == 172.16.0.0/12 && !tcp.analysis.flags', 'tcp.len > 0 && frame.len > 100']) {
      const want = await cliFrames(filter);
      await box.fill(filter);
      expect(await box.getAttribute('data-state')).toBe('valid');
      await box.press('Enter');
      await expect.poll(() => page.getByTestId('displayed-count').textContent(), { timeout: 20_000 }).toBe(`Displayed: ${want.length} of ${all.length}`);
      await expect.poll(() => page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(want.length));
      await expect.poll(async () => {
        const shown = await shownNumbers(page);
        return shown.length > 0 && shown.every((n) => n !== '') ? shown : [];
      }).toEqual(want.slice(0, (await shownNumbers(page)).length));
    }
    await page.screenshot({ path: `${SHOTS}/filter-applied.png` });

    await box.fill('ip.src == "abc"');
    expect(await box.getAttribute('data-state')).toBe('invalid');
    const problem = page.getByTestId('filter-error');
    await expect.poll(() => problem.textContent()).toContain('ip.src is an IPv4 address; "abc" is not.');
    expect(await problem.locator('pre').textContent()).toBe('ip.src == "abc"\n          ^~~~~');
    await box.press('Enter');
    // Refused: the list keeps the last filter's frames.
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String((await cliFrames('tcp.len > 0 && frame.len > 100')).length));
    await page.screenshot({ path: `${SHOTS}/filter-invalid.png` });

    await box.fill('IPv4.SourceAddress == 10.0.0.1');
    expect(await box.getAttribute('data-state')).toBe('alias');
    await box.fill('');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: ${all.length} of ${all.length}`);
    await context.close();
  });
});
