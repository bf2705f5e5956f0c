import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, newPage, openFile, SHOTS, startHarness, type Harness } from './harness';
import { CORPUS, hasCorpus } from '../support/corpus';

// Needs the built app (dist/app): `npm test` builds it first.
const FIXTURE = readFileSync(join(__dirname, '../fixtures/http-objects.pcap'));

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

describe('Export objects view', () => {
  it('lists HTTP objects, saves one decoded, and goes to its packet', async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'http-objects.pcap', FIXTURE, 118);
    await page.getByRole('button', { name: 'Export objects' }).click();
    const view = page.getByTestId('objects-view');
    await expect.poll(() => view.getByTestId('object-row').count()).toBe(19);
    const row = view.getByTestId('object-row').filter({ hasText: 'page.txt' }).first();
    expect(await row.locator('td').allTextContents()).toEqual([
      'Save',
      '43',
      '127.0.0.1:8000',
      'text/plain',
      '11.6 kB',
      'page.txt',
    ]);
    await page.screenshot({ path: `${SHOTS}/objects-http.png` });

    // What Save hands the browser: the blob behind the download link and the link's file name.
    await page.evaluate(() => {
      const w = window as unknown as { saved?: { name: string; blob: Blob } };
      const blobs = new Map<string, Blob>();
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob) => {
        const url = create(blob);
        blobs.set(url, blob);
        return url;
      };
      HTMLAnchorElement.prototype.click = function () {
        w.saved = { name: this.download, blob: blobs.get(this.href)! };
      };
    });
    await row.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { saved?: { name: string } }).saved?.name))
      .toBe('page.txt');
    const saved = await page.evaluate(() => (window as unknown as { saved: { blob: Blob } }).saved.blob.text());
    expect(saved.startsWith('line 00000 of some text body\n')).toBe(true);
    expect(saved.length).toBe(11600);

    // (A packet the list shows without scrolling.)
    await view.getByTestId('object-row').first().getByRole('button', { name: '8' }).click();
    await expect
      .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
      .toBe('8');

    await view.getByLabel('Filter objects').fill('cgi');
    await expect.poll(() => view.getByTestId('object-row').count()).toBe(2);
    await context.close();
  });

  it.skipIf(!hasCorpus)('lists the files an FTP session moved', async () => {
    const context = await newContext(harness, 'dark');
    const page = await newPage(context);
    await page.goto(harness.base);
    const capture = readFileSync(join(CORPUS, 'apps/ftp_passive.pcap'));
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'ftp_passive.pcap', mimeType: 'application/octet-stream', buffer: capture });
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toContain('ftp_passive.pcap');
    await page.getByRole('button', { name: 'Export objects' }).click();
    const view = page.getByTestId('objects-view');
    await expect.poll(() => view.locator('p').textContent()).toContain('No HTTP objects');
    await view.locator('select').selectOption('ftp-data');
    await expect.poll(() => view.getByTestId('object-row').count()).toBe(2);
    expect(await view.locator('.name').allTextContents()).toEqual(['report-2026.txt', 'notes.txt']);
    await page.screenshot({ path: `${SHOTS}/objects-ftp-dark.png` });
    await context.close();
  });
});
