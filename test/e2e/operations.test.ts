import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { catchDownloads, newContext, newPage, openFile, saved, SHOTS, startHarness, type Harness } from './harness';
import { CORPUS, hasCorpus } from '../support/corpus';

// Needs the built app (dist/app): `npm test` builds it first. The pairs are tshark's (test/fixtures/operations).
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const selectedRow = (page: Page) =>
  page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex');

describe.skipIf(!hasCorpus)('Operations view', () => {
  it('pairs HTTP requests by conversation, marks failures, selects packets, filters on a row and exports', async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'http_features.pcap', readFileSync(join(CORPUS, 'apps/http_features.pcap')), 53);
    await catchDownloads(page);
    await page.getByRole('button', { name: 'Operations' }).click();
    const view = page.getByTestId('operations-view');
    const table = view.getByRole('table', { name: 'Operations' });
    const rows = table.locator('tbody tr[data-request]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);
    expect(await table.locator('tbody[data-conversation]').count()).toBe(3);
    expect(await view.getByTestId('operations-summary').textContent()).toContain('7 operations, 1 failed');

    // The 404 is failed, the 302 a redirect; tshark pairs 18 with 19 (http.request_in).
    const missing = table.locator('tr[data-request="18"]');
    expect(await missing.getAttribute('class')).toContain('failed');
    expect(await missing.textContent()).toContain('404 Not Found');
    expect(await table.locator('tr[data-request="14"]').getAttribute('class')).toContain('redirect');
    await page.screenshot({ path: `${SHOTS}/operations-http.png` });

    // A row selects its request packet; its response link the response.
    await missing.click();
    await expect.poll(() => selectedRow(page)).toBe('18');
    await missing.getByRole('button', { name: 'Go to response 19' }).click();
    await expect.poll(() => selectedRow(page)).toBe('19');

    // Sorting by response time, slowest first, in each conversation.
    await table.getByRole('button', { name: 'Response time', exact: true }).click();
    const first = table.locator('tbody[data-conversation="tcp 0"] tr[data-request]').first();
    expect(await first.getAttribute('data-request')).toBe('4');

    // Failed and slow only, then a slow threshold that makes every operation slow.
    await view.getByLabel('Failed and slow only').check();
    await expect.poll(() => rows.count()).toBe(1);
    await view.getByLabel('Slow at (ms)').fill('0');
    await expect.poll(() => rows.count()).toBe(7);
    await view.getByLabel('Failed and slow only').uncheck();
    await view.getByLabel('Slow at (ms)').fill('1000');

    // Export: every operation as CSV, then JSON.
    await view.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await saved(page);
    expect(csv.name).toBe('operations.csv');
    expect(csv.text.trim().split('\r\n')).toHaveLength(8);
    expect(csv.text).toContain(',18,19,');
    await view.getByRole('button', { name: 'Export JSON' }).click();
    const json = JSON.parse((await saved(page)).text);
    expect(json.operations).toHaveLength(7);

    // Apply as filter from a row: the request and its response.
    await missing.getByRole('button', { name: 'Filter on operation 18' }).click();
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe('Displayed: 2 of 53');
    await view.getByLabel('Limit to display filter').check();
    await expect.poll(() => rows.count()).toBe(1);
    await context.close();
  });

  it('shows SMB2 errors and DNS NXDOMAIN, filters on a conversation and opens from the keyboard', async () => {
    const context = await newContext(harness, 'dark');
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'dns.pcap', readFileSync(join(CORPUS, 'apps/dns.pcap')), 34);
    // The shortcut works once the capture is ready (as the button is enabled).
    await expect.poll(() => page.getByRole('button', { name: 'Operations' }).isEnabled()).toBe(true);
    await page.keyboard.press('Control+Alt+Shift+O');
    const view = page.getByTestId('operations-view');
    const table = view.getByRole('table', { name: 'Operations' });
    await expect.poll(() => table.locator('tbody tr[data-request]').count(), { timeout: 15_000 }).toBe(9);
    const nx = table.locator('tr.failed');
    expect(await nx.count()).toBe(1);
    expect(await nx.textContent()).toContain('NXDOMAIN');
    await page.screenshot({ path: `${SHOTS}/operations-dns-dark.png` });
    await view.getByLabel('Find operations').fill('tcp');
    await expect.poll(() => table.locator('tbody tr[data-request]').count()).toBe(2);
    await table
      .getByRole('button', { name: /^Filter on conversation TCP/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toMatch(/^Displayed: \d+ of 34$/);
    // Message Analyzer's conversation filter, also from an operation's own row.
    const onConversation = await page.getByTestId('filter-input').inputValue();
    expect(onConversation).toMatch(/^conversation\.tcp == \d+$/);
    await page.getByTestId('filter-input').fill('');
    await page.getByTestId('filter-input').press('Enter');
    await table
      .getByRole('button', { name: /^Filter on the conversation of operation/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('filter-input').inputValue()).toBe(onConversation);

    await openFile(page, 'smb_guest.pcap', readFileSync(join(CORPUS, 'apps/smb_guest.pcap')), 175);
    await page.getByRole('button', { name: 'Operations' }).click();
    await view.getByLabel('Find operations').fill('');
    await expect.poll(() => table.locator('tr.failed').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await table.locator('tr.failed').first().textContent()).toContain('STATUS_');
    await page.screenshot({ path: `${SHOTS}/operations-smb2-dark.png` });
    await context.close();
  });
});
