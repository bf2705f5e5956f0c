import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, newPage, openFile, SHOTS, startHarness, type Harness } from './harness';
import { CORPUS, hasCorpus } from '../support/corpus';

// Needs the built app (dist/app): `npm test` builds it first. Expected numbers come from tshark's goldens
// (test/fixtures/stats, scripts/stats-goldens.sh).
const CAPTURE = 'msn/msnp15_group_chat.pcap';
const FIXTURES = new URL('../fixtures/stats/', import.meta.url).pathname;
const golden = (statistic: string) => {
  const line = readFileSync(join(FIXTURES, 'CASES.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .find((c) => c[1] === CAPTURE && c[2] === statistic)!;
  return readFileSync(join(FIXTURES, line[0]), 'utf8');
};
const rowsOf = (text: string) => text.split('\n').filter((l) => l.includes('<->'));

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

describe.skipIf(!hasCorpus)('Statistics view', () => {
  it('shows conversations, endpoints, the protocol hierarchy and the IO graph, and filters on a conversation', async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'msnp15_group_chat.pcap', readFileSync(join(CORPUS, CAPTURE)), 321);
    await page.getByRole('button', { name: 'Statistics' }).click();
    const view = page.getByTestId('statistics-view');

    // Conversations: as many TCP ones as tshark counts, each row's numbers as tshark's.
    await view.getByRole('tab', { name: 'Conversations' }).click();
    await view.getByLabel('Layer').selectOption('tcp');
    const table = view.getByRole('table', { name: 'TCP conversations' });
    const expected = rowsOf(golden('conv,tcp'));
    await expect.poll(() => table.locator('tbody tr').count()).toBe(expected.length);
    const first = table.locator('tbody tr').first();
    const cells = (await first.locator('td').allTextContents()).slice(1); // after the Filter button
    // tshark's row for this conversation: "a:port <-> b:port  <-frames bytes  ->frames bytes  total ...".
    const tsharkRow = expected.find((l) => l.startsWith(`${cells[0]}:${cells[1]} `))!;
    expect(tsharkRow).toBeDefined();
    const total = Number(tsharkRow.split('<->')[1].trim().split(/\s+/)[7]);
    expect(Number(cells[4])).toBe(total);
    await page.screenshot({ path: `${SHOTS}/statistics-conversations.png` });

    // Apply it as a filter: the list shows that conversation's packets.
    await first.getByRole('button', { name: /^Filter on conversation\.tcp == \d+$/ }).click();
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: ${total} of 321`);
    await view.getByLabel('Limit to display filter').check();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await view.getByLabel('Limit to display filter').uncheck();

    // Sorting by a column header, largest first.
    await table.getByRole('button', { name: 'Bytes', exact: true }).click();
    const bytes = (await table.locator('tbody tr td:nth-child(7)').allTextContents()).map(Number);
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));

    // Endpoints: as many IPv4 ones as tshark counts.
    await view.getByRole('tab', { name: 'Endpoints' }).click();
    await view.getByLabel('Layer').selectOption('ip');
    const endpoints = golden('endpoints,ip')
      .split('\n')
      .filter((l) => /^\d+\.\d+\.\d+\.\d+ /.test(l));
    await expect
      .poll(() => view.getByRole('table', { name: 'IPv4 endpoints' }).locator('tbody tr').count())
      .toBe(endpoints.length);
    await page.screenshot({ path: `${SHOTS}/statistics-endpoints.png` });

    // Protocol hierarchy: every frame is Ethernet.
    await view.getByRole('tab', { name: 'Protocol Hierarchy' }).click();
    const eth = view.locator('tr[data-path="eth"] td');
    await expect.poll(() => eth.nth(2).textContent()).toBe('321');
    await expect.poll(() => view.locator('tr[data-path="eth:ip:tcp:msnms"]').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/statistics-hierarchy.png` });

    // IO graph: 1 s intervals over the capture, every packet counted.
    await view.getByRole('tab', { name: 'IO Graph' }).click();
    const graph = view.getByTestId('io-graph').getByRole('img');
    const rows = golden('io,stat,1')
      .split('\n')
      .filter((l) => /^\|\s+\d+ <> /.test(l));
    await expect.poll(() => graph.getAttribute('aria-label')).toContain(`over ${rows.length} intervals`);
    expect(await graph.getAttribute('aria-label')).toContain('total 321');
    await page.screenshot({ path: `${SHOTS}/statistics-io-graph.png` });
    // A second series: the bytes of MSNP; each series its own line, the chart exported as PNG and CSV.
    await view.getByRole('button', { name: 'Add series' }).click();
    await view.getByLabel('Graph filter').nth(1).fill('msnms');
    await view.getByLabel('Count').nth(1).selectOption('bytes');
    await view.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => graph.getAttribute('aria-label')).toContain('Bytes of msnms');
    await page.screenshot({ path: `${SHOTS}/statistics-io-graph-two-series.png` });
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Save PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('io-graph.png');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Save CSV' }).click(),
    ]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.split('\n')[0]).toBe('Interval start (s),Packets,Bytes of msnms');
    expect(csvText.trim().split('\n').length).toBe(rows.length + 1);
    // A click on the plot goes to the first packet of that interval.
    const plot = view.getByTestId('io-graph').locator('.u-over');
    const box = (await plot.boundingBox())!;
    await plot.click({ position: { x: 2, y: box.height - 4 } });
    await expect
      .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
      .toBe('1');
    await view.getByRole('button', { name: 'Remove series 2' }).click();
    await view.getByLabel('Graph filter').fill('msnms');
    await view.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => graph.getAttribute('aria-label')).not.toContain('total 321');
    await view.getByLabel('Graph filter').fill('tcp.port ==');
    await view.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => view.getByRole('alert').count()).toBe(1);
    await context.close();
  });

  it('is readable in the dark theme and reachable from the keyboard', async () => {
    const context = await newContext(harness, 'dark');
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'msnp15_group_chat.pcap', readFileSync(join(CORPUS, CAPTURE)), 321);
    await page.getByRole('button', { name: 'Statistics' }).focus();
    await page.keyboard.press('Enter');
    const view = page.getByTestId('statistics-view');
    await view.getByRole('tab', { name: 'Conversations' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => view.getByRole('tab', { name: 'Endpoints' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => view.getByRole('tab', { name: 'Protocol Hierarchy' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => view.locator('tr[data-path="eth"]').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/statistics-hierarchy-dark.png` });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => view.getByTestId('io-graph').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/statistics-io-graph-dark.png` });
    await context.close();
  });
});
