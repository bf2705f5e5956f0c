import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, newPage, openFile, SHOTS, startHarness, type Harness } from './harness';
import { CORPUS, hasCorpus } from '../support/corpus';

// Needs the built app (dist/app): `npm test` builds it first.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

describe.skipIf(!hasCorpus)('Grouping view', () => {
  it('nests packets by conversation and a field, and filters on exactly a group', async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'http_features.pcap', readFileSync(join(CORPUS, 'apps/http_features.pcap')), 53);
    await page.getByRole('button', { name: 'Grouping' }).click();
    const view = page.getByTestId('grouping-view');
    await view.getByLabel('Group by fields').fill('conversation, http.response.code');
    await view.getByRole('button', { name: 'Group', exact: true }).click();
    const table = view.getByRole('table', { name: 'Groups' });
    const top = table.locator('tr[data-depth="0"]');
    // Three TCP connections (tshark's conv,tcp), every packet in one of them.
    await expect.poll(() => top.count(), { timeout: 15_000 }).toBe(3);
    expect(await view.getByTestId('grouping-summary').textContent()).toBe('53 packets in 3 groups');
    const counts = (await top.locator('td:nth-child(2)').allTextContents()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(53);

    await view.getByRole('button', { name: 'Expand all' }).click();
    const codes = table.locator('tr[data-depth="1"]');
    await expect.poll(() => codes.count()).toBeGreaterThan(3);
    await page.screenshot({ path: `${SHOTS}/grouping-http.png` });

    // The 404 group of the first connection: one packet; its filter shows exactly it.
    const notFound = table.locator('tr[data-depth="1"]', { hasText: '404' });
    expect(await notFound.locator('td:nth-child(2)').textContent()).toBe('1');
    await notFound.getByRole('button', { name: 'Filter on group 404' }).click();
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe('Displayed: 1 of 53');
    // Regrouped over the displayed packets: that one packet.
    await expect.poll(() => view.getByTestId('grouping-summary').textContent()).toBe('1 packets in 1 groups');
    // Filter on this conversation, from a group under it: Message Analyzer's conversation filter.
    await view.getByRole('button', { name: 'Expand all' }).click();
    await table.getByRole('button', { name: 'Filter on the conversation of group 404' }).click();
    await expect.poll(() => page.getByTestId('filter-input').inputValue()).toMatch(/^conversation\.tcp == \d+$/);
    const connection = Number(await top.first().locator('td:nth-child(2)').textContent());
    await expect.poll(() => view.getByTestId('grouping-summary').textContent()).toMatch(/^\d+ packets in 1 groups$/);
    expect(connection).toBeGreaterThan(1);

    // A group of packets without the field: "(none)", also exact (the display filter applies first).
    await page.getByTestId('filter-input').fill('');
    await page.getByTestId('filter-input').press('Enter');
    await expect.poll(() => view.getByTestId('grouping-summary').textContent()).toBe('53 packets in 3 groups');
    await expect.poll(() => top.count()).toBe(3);
    const firstTop = top.first();
    const size = Number(await firstTop.locator('td:nth-child(2)').textContent());
    await firstTop.locator('button.value').click();
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: ${size} of 53`);

    // An unknown field says so.
    await view.getByLabel('Group by fields').fill('http.nonsense');
    await view.getByRole('button', { name: 'Group', exact: true }).click();
    await expect.poll(() => view.getByRole('alert').textContent()).toContain('http.nonsense');
    await context.close();
  });
});
