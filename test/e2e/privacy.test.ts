import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newContext, newPage, startHarness, status, type Harness } from './harness';

// Loupe's promise is that captures never leave the machine: while a capture is analysed, the page, its
// workers and its service worker fetch only the app's own files, and the Content-Security-Policy in
// index.html is never violated (a violation is either a foreign fetch the browser stopped or app code
// the policy was not written for).

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(() => h?.close());

interface Watch {
  requests: string[];
  consoleViolations: string[];
  pageErrors: string[];
  violations(): Promise<string[]>;
}

/** Records what a context's pages and workers ask the network for and what the policy refuses. */
async function watch(context: BrowserContext, page: Page): Promise<Watch> {
  const requests: string[] = [];
  const consoleViolations: string[] = [];
  const pageErrors: string[] = [];
  // The context sees requests of dedicated and service workers too; the page's own listener is kept
  // in case a request ever reaches one and not the other.
  context.on('request', (r) => requests.push(r.url()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) consoleViolations.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return {
    requests,
    consoleViolations,
    pageErrors,
    violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  };
}

/** Lets the service worker install, so its precache fetches are among the recorded requests. */
async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
}

const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);

/** Selects a packet, follows its TCP stream, shows expert information, filters and opens the library. */
async function analyse(page: Page, filter: string): Promise<void> {
  await row(page, 1).click();
  await expect.poll(() => page.getByTestId('protocol-tree').textContent()).toContain('Frame 1:');
  await expect.poll(() => page.locator('[data-testid=hex-view] .line').count()).toBeGreaterThan(0);

  const box = page.getByLabel('Display filter');
  await box.fill(filter);
  await box.press('Enter');
  await expect.poll(() => page.getByTestId('displayed-count').textContent()).toMatch(/^Displayed: [1-9]/);

  const first = row(page, 1);
  await first.click();
  await first.click({ button: 'right' });
  await page.getByRole('menuitem', { name: /Follow TCP Stream/ }).click();
  await expect.poll(() => page.getByTestId('follow-body').locator('pre').count()).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Expert information' }).click();
  await expect.poll(() => page.getByTestId('expert-view').count()).toBe(1);

  await page.getByRole('button', { name: 'Library' }).click();
  await expect.poll(() => page.getByTestId('library').count()).toBe(1);
}

async function expectPrivate(w: Watch, origin: string): Promise<void> {
  expect(w.requests.length).toBeGreaterThan(0);
  // No blob: or data: allowance: the only object URL the app makes is the Follow view's "Save as"
  // download, which this test does not trigger, and the app loads nothing from data: URLs.
  expect(w.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(await w.violations()).toEqual([]);
  expect(w.consoleViolations).toEqual([]);
  expect(w.pageErrors).toEqual([]);
}

describe('privacy', () => {
  it('fetches only its own files and keeps to its Content-Security-Policy with the demo', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    const w = await watch(context, page);
    await page.goto(h.base + '?demo');
    await expect.poll(() => status(page).textContent()).toContain('demo.pcapng');
    await serviceWorkerReady(page);
    await analyse(page, 'tcp');
    await expectPrivate(w, new URL(h.base).origin);
    await context.close();
  });

  it.skipIf(!hasCorpus)(
    'fetches only its own files and keeps to its Content-Security-Policy with a dropped capture',
    async () => {
      const name = 'http_google.pcapng';
      const bytes = readFileSync(join(CORPUS, 'real', name));
      const context = await newContext(h);
      const page = await newPage(context);
      const w = await watch(context, page);
      await page.goto(h.base);
      await serviceWorkerReady(page);
      await page.evaluate(
        ({ name, bytes }) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], name));
          document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        },
        { name, bytes: [...bytes] },
      );
      await expect.poll(() => status(page).textContent()).toContain(name);
      await analyse(page, 'http');
      await expect
        .poll(() => page.getByTestId('library-entry').allTextContents())
        .toEqual([expect.stringContaining(name)]);
      await expectPrivate(w, new URL(h.base).origin);
      await context.close();
    },
  );
});
