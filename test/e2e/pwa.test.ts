import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf } from '../support/run';
import {
  DEMO,
  newContext,
  newPage,
  newProfileContext,
  openFile,
  packets,
  SHOTS,
  startHarness,
  status,
  type Harness,
} from './harness';

// The checks Lighthouse's PWA audit makes that Chromium can answer here (installability as Chromium itself
// judges it, a valid manifest, a service worker in control, offline start), and the update prompt.

let h: Harness;
let demoFrames: number;

beforeAll(async () => {
  h = await startHarness();
  demoFrames = (await fieldsOf(DEMO, ['frame.number'])).result.frames;
});
afterAll(() => h?.close());

/** Waits for the service worker to be installed and reloads until it controls the page (the first visit is not). */
async function controlledBy(page: Page): Promise<string> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller?.scriptURL ?? '';
  });
}

/** The machine is shared: starting the app, its workers and the core can take a while. */
const LOADING = { timeout: 20_000 };

const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);

/** Which deploy served the page: the marker a simulated release puts in index.html, null for the build as built. */
const release = (page: Page) =>
  page.evaluate(() => document.querySelector('meta[name=loupe-release]')?.getAttribute('content') ?? null);

/**
 * Deploys a new release over the served files, as a static host would: a changed index.html, and a service
 * worker whose precache manifest lists the new page's revision (what vite-plugin-pwa writes into sw.js).
 */
function deployRelease(root: string, name: string): void {
  const indexPath = join(root, 'index.html');
  const html = readFileSync(indexPath, 'utf8').replace(
    '</head>',
    `  <meta name="loupe-release" content="${name}" />\n  </head>`,
  );
  writeFileSync(indexPath, html);
  const swPath = join(root, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const revision = createHash('md5').update(html).digest('hex');
  const updated = sw.replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, `$1${revision}"`);
  expect(updated).not.toBe(sw);
  writeFileSync(swPath, updated);
}

describe('progressive web app', () => {
  it('is installable with a valid manifest, and a service worker controls the page', async () => {
    const profile = await newProfileContext();
    const context = profile.context;
    const page = await newPage(context);
    await page.goto(h.base);
    expect(await controlledBy(page)).toBe(new URL('sw.js', h.base).href);

    // Chromium's own verdicts, through the DevTools protocol: what the install button and Lighthouse rely on.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { url, errors, data } = await cdp.send('Page.getAppManifest');
    expect(url).toBe(new URL('manifest.webmanifest', h.base).href);
    expect(errors).toEqual([]);
    const manifest = JSON.parse(data!);
    expect(manifest).toMatchObject({ name: 'Loupe', short_name: 'Loupe', start_url: './', display: 'standalone' });
    const icons = manifest.icons as { src: string; sizes: string; purpose?: string }[];
    for (const size of ['192x192', '512x512']) {
      expect(
        icons.some((i) => i.sizes === size && (i.purpose ?? 'any') === 'any'),
        size,
      ).toBe(true);
      expect(
        icons.some((i) => i.sizes === size && i.purpose === 'maskable'),
        `maskable ${size}`,
      ).toBe(true);
    }
    // Every icon the manifest names is served as the image it claims to be.
    for (const icon of icons) {
      const response = await page.request.get(new URL(icon.src, url).href);
      expect(response.ok(), icon.src).toBe(true);
      if (icon.src.endsWith('.png')) {
        const png = await response.body();
        expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
      }
    }
    const extensions = (manifest.file_handlers as { accept: Record<string, string[]> }[]).flatMap((f) =>
      Object.values(f.accept).flat(),
    );
    expect(extensions.sort()).toEqual(['.cap', '.pcap', '.pcap.gz', '.pcapng', '.pcapng.gz']);
    await profile.close();
  });

  it('starts and analyses captures offline once visited', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.goto(h.base);
    await controlledBy(page);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      return (
        await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))
      ).flat();
    });
    expect(cached.some((u) => u.endsWith('.wasm'))).toBe(true);
    expect(cached.some((u) => new URL(u).pathname.endsWith('/demo/demo.pcapng'))).toBe(true);

    await context.setOffline(true);
    await page.goto(h.base + '?demo');
    await expect.poll(() => status(page).textContent(), LOADING).toContain(packets(demoFrames));
    await row(page, 2).click();
    await expect.poll(() => page.getByTestId('protocol-tree').textContent(), LOADING).toContain('Frame 2:');
    await openFile(page, 'offline.pcapng', DEMO, demoFrames);
    await page.getByRole('button', { name: 'Expert information' }).click();
    await expect
      .poll(() => page.getByTestId('expert-view').textContent(), LOADING)
      .toContain('Connection establish request (SYN)');
    await page.screenshot({ path: `${SHOTS}/30-pwa-offline.png` });
    await context.close();
  });

  it('offers a newly deployed version and switches to it when accepted', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.goto(h.base);
    await controlledBy(page);
    expect(await page.getByTestId('update-bar').count()).toBe(0);

    deployRelease(h.root, 'next');
    // A navigation makes the browser look for a new service worker; the page stays on the version it runs.
    await page.reload();
    await expect.poll(() => page.getByTestId('update-bar').count(), LOADING).toBe(1);
    expect(await page.getByTestId('update-bar').textContent()).toContain('A new version of Loupe is available.');
    expect(await release(page)).toBe(null);
    await page.screenshot({ path: `${SHOTS}/31-pwa-update.png` });

    // "Later" hides the prompt and changes nothing; the next start asks again.
    await page.getByTestId('update-bar').getByRole('button', { name: 'Later' }).click();
    expect(await page.getByTestId('update-bar').count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByTestId('update-bar').count(), LOADING).toBe(1);
    expect(await release(page)).toBe(null);

    // Accepting activates the waiting worker, which takes over and reloads the page into the new release.
    await page.getByTestId('update-bar').getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => release(page), LOADING).toBe('next');
    expect(await page.getByTestId('update-bar').count()).toBe(0);
    const workers = await page.evaluate(async () => {
      const registration = (await navigator.serviceWorker.getRegistration())!;
      return { waiting: Boolean(registration.waiting), controlled: Boolean(navigator.serviceWorker.controller) };
    });
    expect(workers).toEqual({ waiting: false, controlled: true });
    // The new release works: it opens the demo.
    await page.goto(h.base + '?demo');
    await expect.poll(() => status(page).textContent(), LOADING).toContain(packets(demoFrames));
    expect(await release(page)).toBe('next');
    await context.close();
  });
});
