import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newContext, newPage, openFile, SHOTS, startHarness, type Harness } from './harness';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { parseStat, printStats, type StatRequest } from '../../src/cli/stats-command';

// Needs the built app (dist/app) and core (dist/core.wasm). The expected numbers are what `loupe stats` prints for
// the same capture, computed here by the CLI's own code: a corpus capture with HTTP when the corpus is there, else
// the bundled demo (real loopback DNS and HTTP).
const CAPTURE = hasCorpus
  ? join(CORPUS, 'apps/http_features.pcap')
  : new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const BYTES = readFileSync(CAPTURE);

/** What `loupe stats <capture> <spec>` prints, and the capture's frame count. */
async function cli(spec: string): Promise<{ text: string; frames: number }> {
  const source = await openCapture(new Blob([BYTES as BlobPart]));
  let text = '';
  const result = await printStats(await newCore(), source.blob, [parseStat(spec) as StatRequest], (s) => (text += s));
  return { text, frames: result.frames };
}

/** A `-z <name>,tree` text's rows: the name with its indentation, then its eight cells. */
function treeRows(text: string): string[][] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('Topic / Item'));
  const nameWidth = lines[header].indexOf('Count');
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.trim()) break;
    const cells = Array.from({ length: 8 }, (_, k) => line.slice(nameWidth + k * 14, nameWidth + (k + 1) * 14).trim());
    rows.push([line.slice(0, nameWidth).trimEnd(), ...cells]);
  }
  return rows;
}

/** The view's tree rows the same way: name indented a space per level, then the cells as shown. */
async function shownRows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const depth = Math.round((parseFloat((tr.querySelector('th') as HTMLElement).style.paddingLeft) - 4) / 16);
      const name = ' '.repeat(depth) + tr.querySelector('.name')!.textContent!.trim();
      return [name, ...Array.from(tr.querySelectorAll('td.num'), (td) => td.textContent!.trim())];
    }),
  );
}

const savedText = async (page: Page, click: () => Promise<void>) => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
};

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

describe('Statistics view: trees and expert items', () => {
  it('shows the numbers loupe stats prints, sorts, exports, filters from a row and goes to packets', async () => {
    const { frames } = await cli('plen,tree');
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, basename(CAPTURE), BYTES, frames);
    await page.getByRole('button', { name: 'Statistics' }).click();
    const view = page.getByTestId('statistics-view');

    // Every tree equals loupe stats's, row for row and cell for cell.
    const trees: [string, string, string | undefined, string][] = [
      ['plen,tree', 'Packet Lengths', undefined, 'Packet Lengths'],
      ['http,tree', 'HTTP', 'Packet Counter', 'HTTP/Packet Counter'],
      ['http_req,tree', 'HTTP', 'Requests', 'HTTP/Requests'],
      ['http_srv,tree', 'HTTP', 'Load Distribution', 'HTTP/Load Distribution'],
      ['dns,tree', 'DNS', undefined, 'DNS'],
    ];
    for (const [spec, tab, choice, title] of trees) {
      await view.getByRole('tab', { name: tab, exact: true }).click();
      if (choice) await view.getByLabel('HTTP statistic').selectOption({ label: choice });
      const table = view.getByRole('table', { name: title });
      const expected = treeRows((await cli(spec)).text);
      await expect.poll(() => shownRows(table)).toEqual(expected);
      await page.screenshot({ path: `${SHOTS}/statistics-${spec.replace(',tree', '')}.png` });
    }

    // Packet lengths: sorted by count, largest first among the ranges; exported; a range applied as a filter shows
    // exactly the packets it counts.
    await view.getByRole('tab', { name: 'Packet Lengths' }).click();
    const plen = view.getByRole('table', { name: 'Packet Lengths' });
    const plenRows = treeRows((await cli('plen,tree')).text);
    await plen.getByRole('button', { name: 'Count', exact: true }).click();
    const counts = (await shownRows(plen)).slice(1).map((r) => Number(r[1]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const csv = await savedText(page, () => view.getByRole('button', { name: 'Save CSV' }).click());
    expect(csv.name).toBe('packet-lengths.csv');
    const csvLines = csv.text.trim().split('\n');
    expect(csvLines[0]).toBe('Topic / Item,Count,Average,Min Val,Max Val,Rate (ms),Percent,Burst Rate,Burst Start');
    expect(csvLines.slice(1).map((l) => l.split(','))).toEqual(plenRows);
    const json = await savedText(page, () => view.getByRole('button', { name: 'Save JSON' }).click());
    const tree = JSON.parse(json.text) as { title: string; nodes: { Count: string; children: unknown[] }[] };
    expect(tree.title).toBe('Packet Lengths');
    expect(tree.nodes[0].Count).toBe(String(frames));
    const busiest = plenRows.slice(1).reduce((a, b) => (Number(b[1]) > Number(a[1]) ? b : a));
    const [low, high] = busiest[0].trim().split('-');
    await plen
      .locator(`tr[data-path="Packet Lengths/${busiest[0].trim()}"]`)
      .getByRole('button', { name: `Filter on frame.len >= ${low} && frame.len <= ${high}` })
      .click();
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${busiest[1]} of ${frames}`);
    // Limited to the display filter, the tree counts those packets only.
    await view.getByLabel('Limit to display filter').check();
    await expect.poll(async () => (await shownRows(plen))[0][1]).toBe(busiest[1]);
    await view.getByLabel('Limit to display filter').uncheck();

    // Expert items: each kind with loupe stats's count; a click on a row goes to its first packet.
    await view.getByRole('tab', { name: 'Expert' }).click();
    const expert = view.getByRole('table', { name: 'Expert information' });
    const expertText = (await cli('expert')).text;
    const expected = expertText
      .split('\n')
      .filter((l) => /^\s+\d+\s/.test(l))
      .map((l) => [Number(l.slice(0, 12)), l.slice(44)] as const);
    await expect.poll(() => expert.locator('tbody tr').count()).toBe(expected.length);
    const shown = await expert
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [Number(tr.children[5].textContent), tr.children[2].textContent!.trim()] as const),
      );
    expect(shown).toEqual(expected);
    await page.screenshot({ path: `${SHOTS}/statistics-expert.png` });
    const last = expert.locator('tbody tr').last();
    const firstFrame = (await last.locator('td').last().textContent())!.trim();
    await page.getByTestId('filter-input').fill('');
    await page.getByTestId('filter-input').press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${frames} of ${frames}`);
    await last.locator('td').nth(2).click();
    await expect
      .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
      .toBe(firstFrame);
    const expertCsv = await savedText(page, () => view.getByRole('button', { name: 'Save CSV' }).click());
    expect(expertCsv.text.split('\n')[0]).toBe('Severity,Summary,Group,Protocol,Count,First packet');
    expect(expertCsv.text.trim().split('\n').length).toBe(expected.length + 1);

    // IO graph: a click on the first interval goes to its first packet and offers its filter, which shows as many
    // packets as loupe stats io,stat counts in it.
    await view.getByRole('tab', { name: 'IO Graph' }).click();
    await view.getByRole('button', { name: 'Pan left' }).waitFor();
    const io = (await cli('io,stat,1')).text.split('\n').find((l) => /^\|\s*0(\.0+)? <> /.test(l))!;
    const firstInterval = io.split('|')[2].trim();
    const over = view.getByTestId('io-graph').locator('.u-over');
    const box = (await over.boundingBox())!;
    await over.click({ position: { x: 2, y: box.height - 4 } });
    await expect
      .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
      .toBe('1');
    await view.getByRole('button', { name: 'Filter on this interval' }).click();
    await expect
      .poll(() => page.getByTestId('filter-input').inputValue())
      .toBe('frame.time_relative >= 0.000000 && frame.time_relative < 1.000000');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${firstInterval} of ${frames}`);
    await page.screenshot({ path: `${SHOTS}/statistics-io-interval-filter.png` });
    await context.close();
  });
});
