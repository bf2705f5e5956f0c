import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, newPage, openFile, SHOTS, startHarness, type Harness } from './harness';
import { CORPUS, hasCorpus } from '../support/corpus';

// Needs the built app (dist/app). Expected values are tshark's (test/fixtures/graphs/tcp_dupack.tcp.tsv).
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const selectedRow = (page: Page) =>
  page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex');
const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);

describe.skipIf(!hasCorpus)('Graph views', () => {
  it('TCP stream graphs: the selected stream, SACK blocks, every kind of graph, click to a packet, export', async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'tcp_dupack.pcapng', readFileSync(join(CORPUS, 'real/tcp_dupack.pcapng')), 9);
    await row(page, 3).click();
    await page.getByRole('button', { name: 'TCP graphs' }).click();
    const view = page.getByTestId('tcp-graphs-view');
    const chart = view.getByTestId('tcp-graph').getByRole('img');
    // The server sent the data (frames 2, 4, 6, 8); the client's four duplicate ACKs carry SACK blocks.
    await expect
      .poll(() => chart.getAttribute('aria-label'))
      .toBe(
        'Time / Sequence (Stevens) of TCP stream 0, 195.81.202.68:80 to 172.31.136.85:38760: 9 segments, ' +
          '4 sent this way, 5 SACK blocks',
      );
    await page.screenshot({ path: `${SHOTS}/tcp-graph-stevens.png` });
    // A click near the plot's left edge selects the earliest packet, near its right edge the last.
    const over = view.locator('.u-over');
    const box = (await over.boundingBox())!;
    await over.click({ position: { x: 1, y: box.height / 2 } });
    await expect.poll(() => selectedRow(page)).toBe('1');
    await over.click({ position: { x: box.width - 1, y: box.height / 2 } });
    await expect.poll(() => selectedRow(page)).toBe('9');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Save CSV' }).click(),
    ]);
    const lines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('Frame,Time (s),Segments,Retransmissions,ACK,Receive window,SACK left edge,SACK right edge');
    // Frame 8 is the fast retransmission of seq 1; frame 9 acknowledges it, its window 361 (tcp.window_size).
    expect(lines[8].split(',').slice(0, 1).concat(lines[8].split(',').slice(2, 4))).toEqual(['8', '1', '1']);
    expect(lines[9].split(',')[4]).toBe('1369');
    expect(lines[9].split(',')[5]).toBe(String(1369 + 361));
    expect(lines[9].split(',').slice(6)).toEqual(['5473', '15049']);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Save PNG' }).click(),
    ]);
    const pngBytes = readFileSync((await png.path())!);
    expect([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');

    for (const [label, shot] of [
      ['Time / Sequence (tcptrace)', 'tcp-graph-tcptrace'],
      ['Throughput', 'tcp-graph-throughput'],
      ['Round Trip Time', 'tcp-graph-rtt'],
      ['Window Scaling', 'tcp-graph-window'],
    ]) {
      await view.getByLabel('Graph').selectOption({ label });
      await expect.poll(() => chart.getAttribute('aria-label')).toContain(`${label} of TCP stream 0`);
      await page.screenshot({ path: `${SHOTS}/${shot}.png` });
    }
    await view.getByRole('button', { name: 'Switch direction' }).click();
    await expect
      .poll(() => view.getByTestId('tcp-graph-direction').textContent())
      .toBe('172.31.136.85:38760 → 195.81.202.68:80');
    await context.close();
  });

  it('flow diagram: hosts as columns, arrows with flags and numbers, click to a packet, scrolls far', async () => {
    const context = await newContext(harness, 'dark');
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'msnp15_group_chat.pcap', readFileSync(join(CORPUS, 'msn/msnp15_group_chat.pcap')), 321);
    await page.getByRole('button', { name: 'Flow', exact: true }).click();
    const view = page.getByTestId('flow-view');
    await expect.poll(() => view.getByTestId('flow-count').textContent()).toMatch(/^321 packets between \d+ hosts$/);
    // Virtualised: a few dozen rows exist, not 321.
    expect(await view.locator('[role=row]').count()).toBeLessThan(80);
    const first = view.locator('[role=row][aria-rowindex="1"]');
    await expect.poll(() => first.textContent()).toContain('SYN');
    await page.screenshot({ path: `${SHOTS}/flow-displayed-dark.png` });
    await view.locator('[role=row][aria-rowindex="2"]').click();
    await expect.poll(() => selectedRow(page)).toBe('2');
    // Far down: scrolled there, the arrow of packet 300 is drawn and selects it.
    await view.getByRole('grid').evaluate((el) => (el.scrollTop = 299 * 36));
    const far = view.locator('[role=row][aria-rowindex="300"]');
    await expect.poll(() => far.count()).toBe(1);
    await far.click();
    await expect.poll(() => selectedRow(page)).toBe('300');
    // Limited to the selected packet's conversation.
    await view.getByRole('radio', { name: /stream/ }).check();
    await expect.poll(() => view.getByTestId('flow-count').textContent()).toMatch(/packets between 2 hosts$/);
    await page.screenshot({ path: `${SHOTS}/flow-stream-dark.png` });
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Save CSV' }).click(),
    ]);
    expect(readFileSync((await csv.path())!, 'utf8').split('\n')[0]).toBe(
      'Frame,Time (s),Source,Source port,Destination,Destination port,Protocol,Flags,Comment',
    );
    await context.close();
  });

  it('names: an alias from the list menu shows in Source/Destination and in the tree', async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'dns_query_response.pcapng', readFileSync(join(CORPUS, 'real/dns_query_response.pcapng')), 2);
    await row(page, 1).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Add Alias for 192.168.0.114…' }).click();
    await page.getByTestId('alias-dialog').getByLabel('Name').fill('My laptop');
    await page.getByTestId('alias-dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row(page, 1).locator('[role=gridcell]').nth(2).textContent()).toBe('My laptop');
    await expect.poll(() => row(page, 2).locator('[role=gridcell]').nth(3).textContent()).toBe('My laptop');
    await page
      .getByRole('treeitem', { name: /Internet Protocol Version 4/ })
      .locator('button')
      .first()
      .click();
    await expect.poll(() => page.getByText('[Source Host: My laptop]').count()).toBe(1);
    await page.getByLabel('Captured names').check();
    await page.screenshot({ path: `${SHOTS}/names-alias.png` });
    await context.close();
  });
});
