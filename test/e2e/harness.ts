import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { expect } from 'vitest';

// Every browser test file serves a private copy of the built app (dist/app, `npm test` builds
// it), so a test may change the deployed files, as a new release would.
export const DEMO = readFileSync(new URL('../../public/demo/demo.pcapng', import.meta.url).pathname);
export const SHOTS = '/tmp/loupe-shots';

export interface Harness {
  base: string;
  root: string;
  browser: Browser;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};

export async function startHarness(): Promise<Harness> {
  mkdirSync(SHOTS, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'loupe-app-'));
  cpSync(new URL('../../dist/app', import.meta.url).pathname, root, { recursive: true });
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    build: { outDir: root },
    preview: { host: '127.0.0.1', port: await freePort(), strictPort: true },
  });
  const browser = await chromium.launch(LAUNCH);
  return {
    base: server.resolvedUrls!.local[0],
    root,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function newContext(h: Harness, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  return h.browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme });
}

/**
 * A context with a profile on disk, in a browser of its own. newContext's contexts are off the record, and
 * Chromium never offers to install an app from those.
 */
export async function newProfileContext(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'loupe-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...LAUNCH,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  return page;
}

export const status = (page: Page) => page.getByTestId('status-bar');
export const packets = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'packet' : 'packets'}`;
export const entries = (page: Page) => page.getByTestId('library-entry');
export const entryNames = (page: Page) => page.locator('[data-testid=library-entry] .name').allTextContents();

/** Opens bytes through the file input and waits until the capture is analysed. */
export async function openFile(page: Page, name: string, bytes: Buffer, frames: number): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await expect.poll(() => status(page).textContent()).toContain(name);
  await expect.poll(() => status(page).textContent()).toContain(packets(frames));
}

/** Record counts of the library's object stores, read with plain IndexedDB in the page. */
export async function storeCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('loupe-library');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const names = Array.from(db.objectStoreNames);
    const tx = db.transaction(names);
    const counts = await Promise.all(
      names.map(
        (n) =>
          new Promise<number>((resolve) => {
            const r = tx.objectStore(n).count();
            r.onsuccess = () => resolve(r.result);
          }),
      ),
    );
    db.close();
    return Object.fromEntries(names.map((n, i) => [n, counts[i]]));
  });
}

/** A pcap of `count` 14-byte frames, built in the page (megabytes through the DevTools protocol are slow). */
export async function dropGenerated(page: Page, name: string, count: number): Promise<void> {
  await page.evaluate(
    ({ name, count }) => {
      const frame = Uint8Array.from({ length: 14 }, (_, i) => (i < 12 ? 0xaa : i === 12 ? 0x88 : 0xb5));
      const file = new Uint8Array(24 + count * (16 + frame.length));
      const view = new DataView(file.buffer);
      view.setUint32(0, 0xa1b2c3d4, true);
      view.setUint16(4, 2, true);
      view.setUint16(6, 4, true);
      view.setUint32(16, 65535, true);
      view.setUint32(20, 1, true);
      for (let i = 0, at = 24; i < count; i++, at += 16 + frame.length) {
        view.setUint32(at, 1_700_000_000 + Math.floor(i / 1000), true);
        view.setUint32(at + 4, (i % 1000) * 1000, true);
        view.setUint32(at + 8, frame.length, true);
        view.setUint32(at + 12, frame.length, true);
        file.set(frame, at + 16);
      }
      const data = new DataTransfer();
      data.items.add(new File([file], name));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, count },
  );
}

/** Makes downloads land in window.saved (name and text) instead of the browser's folder. */
export async function catchDownloads(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { saved?: { name: string; text: Promise<string> } };
    const blobs = new Map<string, Blob>();
    const create = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      const url = create(blob);
      blobs.set(url, blob);
      return url;
    };
    HTMLAnchorElement.prototype.click = function () {
      w.saved = { name: this.download, text: blobs.get(this.href)!.text() };
    };
  });
}

export async function saved(page: Page): Promise<{ name: string; text: string }> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { saved?: unknown }).saved !== undefined))
    .toBe(true);
  return page.evaluate(async () => {
    const s = (window as unknown as { saved: { name: string; text: Promise<string> } }).saved;
    (window as unknown as { saved?: unknown }).saved = undefined;
    return { name: s.name, text: await s.text };
  });
}
