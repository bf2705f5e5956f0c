import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { readFileSync } from 'node:fs';
import { fieldsOf, newCore } from '../support/run';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import { DEFAULT_RULES } from '../../src/present/colouring';
import { SHOTS, startHarness, type Harness } from './harness';

// Needs the built app (dist/app). A capture of TCP with HTTP: from the corpus when it is there, else a fixture.
const CAPTURE = hasCorpus
  ? join(CORPUS, 'real/http_google.pcapng')
  : new URL('../fixtures/http-objects.pcap', import.meta.url).pathname;
const NAME = CAPTURE.slice(CAPTURE.lastIndexOf('/') + 1);

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

/** One line of `loupe fields` per frame, split into its columns. */
async function cli(fields: string[]): Promise<string[][]> {
  const { text } = await fieldsOf(CAPTURE, fields);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

async function context(colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const c = await harness.browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme });
  await c.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.base });
  return c;
}

async function openCapture(c: BrowserContext, frames: number): Promise<Page> {
  const page = await c.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(harness.base);
  await page.getByLabel('Open capture').setInputFiles(CAPTURE);
  await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: ${frames} of ${frames}`);
  // Every row final: Protocol and Info from the full pass (no provisional rows left on screen).
  await expect.poll(() => page.locator('[data-testid=packet-list] .provisional').count(), { timeout: 20_000 }).toBe(0);
  return page;
}

const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [role=row][aria-rowindex="${n}"]`);
const cell = (page: Page, n: number, column: number) => row(page, n).locator('[role=gridcell]').nth(column);

/** Visible rows' cells, in row order, once every visible row is loaded. */
async function shownRows(page: Page): Promise<string[][]> {
  let rows: string[][] = [];
  await expect
    .poll(async () => {
      rows = await page.$$eval('[data-testid=packet-list] [role=row][aria-rowindex]', (els) =>
        els
          .map((r) => ({
            at: Number(r.getAttribute('aria-rowindex')),
            cells: Array.from(r.children, (c) => c.textContent ?? ''),
          }))
          .sort((a, b) => a.at - b.at)
          .map((r) => r.cells),
      );
      return rows.length > 0 && rows.every((r) => r.length > 1);
    })
    .toBe(true);
  return rows;
}

const selectedRow = (page: Page) =>
  page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex');

/** Seconds and nanoseconds of tshark's frame.time_epoch text. */
const stamp = (epoch: string) => {
  const [sec, frac] = epoch.split('.');
  return BigInt(sec) * 1_000_000_000n + BigInt(frac.padEnd(9, '0'));
};
/** A duration in nanoseconds as the Time column prints it with 6 decimals. */
const seconds6 = (ns: bigint) => `${ns / 1_000_000_000n}.${String((ns % 1_000_000_000n) / 1000n).padStart(6, '0')}`;

describe('packet list', () => {
  it('sorts by any column in the worker, both ways, from the mouse and the keyboard', async () => {
    const lines = await cli(['frame.number', 'frame.len', '_ws.col.Protocol']);
    const c = await context();
    const page = await openCapture(c, lines.length);
    const header = (name: string) =>
      page.locator(`[data-testid=packet-list] [role=columnheader][data-column="${name}"]`);

    await header('length').locator('button').click();
    await expect.poll(() => header('length').getAttribute('aria-sort')).toBe('ascending');
    const ascending = [...lines].sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[0]) - Number(b[0]));
    const shown = await shownRows(page);
    await expect
      .poll(async () => (await shownRows(page)).map((r) => r[0]))
      .toEqual(ascending.slice(0, shown.length).map((l) => l[0]));
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(lines.length));

    await header('length').locator('button').click();
    await expect.poll(() => header('length').getAttribute('aria-sort')).toBe('descending');
    const descending = [...lines].sort((a, b) => Number(b[1]) - Number(a[1]) || Number(a[0]) - Number(b[0]));
    await expect
      .poll(async () => (await shownRows(page)).map((r) => r[0]))
      .toEqual(descending.slice(0, shown.length).map((l) => l[0]));
    await page.screenshot({ path: `${SHOTS}/list-sorted-length.png` });

    // The keyboard reaches the headers: Protocol, by its name.
    await header('protocol').locator('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => header('protocol').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('length').getAttribute('aria-sort')).toBe('none');
    const byProtocol = [...lines].sort(
      (a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || Number(a[0]) - Number(b[0]),
    );
    await expect
      .poll(async () => (await shownRows(page)).map((r) => r[0]))
      .toEqual(byProtocol.slice(0, shown.length).map((l) => l[0]));

    // A third click goes back to frame order; a selected packet stays selected through sorts.
    await header('protocol').locator('button').click();
    await header('protocol').locator('button').click();
    await expect.poll(() => header('protocol').getAttribute('aria-sort')).toBe('none');
    await expect.poll(async () => (await shownRows(page))[0][0]).toBe('1');
    await row(page, 4).click();
    await header('length').locator('button').click();
    const rowOf4 = ascending.findIndex((l) => l[0] === '4') + 1;
    await expect.poll(() => selectedRow(page)).toBe(String(rowOf4));
    await c.close();
  });

  it('shows time in every format, with time references counted as Wireshark does', async () => {
    const lines = await cli(['frame.number', 'frame.time_epoch']);
    const t = lines.map((l) => stamp(l[1]));
    const c = await context();
    const page = await openCapture(c, lines.length);
    const format = page.getByLabel('Time display format');
    const time = (n: number) => cell(page, n, 1).textContent();

    expect(await time(3)).toBe(seconds6(t[2] - t[0]));
    await format.selectOption('delta');
    await expect.poll(() => time(3)).toBe(seconds6(t[2] - t[1]));
    await format.selectOption('epoch');
    await expect.poll(() => time(2)).toBe(seconds6(t[1]));
    await format.selectOption('utc');
    const utc = new Date(Number(t[1] / 1_000_000n)).toISOString().slice(0, 19).replace('T', ' ');
    await expect.poll(() => time(2)).toBe(`${utc}.${String((t[1] % 1_000_000_000n) / 1000n).padStart(6, '0')}`);

    // Displayed-packet deltas follow the filter.
    await format.selectOption('delta-displayed');
    const box = page.getByLabel('Display filter');
    await box.fill('frame.number != 2');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${lines.length - 1} of ${lines.length}`);
    await expect.poll(() => time(2)).toBe(seconds6(t[2] - t[0]));
    await box.fill('');
    await box.press('Enter');

    // A time reference: *REF*, and later packets count from it; the format is a preference that survives a reload.
    await format.selectOption('relative');
    await row(page, 5).click();
    await page.keyboard.press('Control+Alt+KeyT');
    await expect.poll(() => time(5)).toBe('*REF*');
    expect(await time(4)).toBe(seconds6(t[3] - t[0]));
    expect(await time(7)).toBe(seconds6(t[6] - t[4]));
    await page.screenshot({ path: `${SHOTS}/list-time-reference.png` });
    await format.selectOption('delta');
    await page.reload();
    await expect.poll(() => page.getByLabel('Time display format').inputValue()).toBe('delta');
    await c.close();
  });

  it('marks, ignores and comments packets, jumps to marks and to a packet number', async () => {
    const lines = await cli(['frame.number', 'tcp.srcport']);
    const c = await context();
    const page = await openCapture(c, lines.length);
    const list = page.getByTestId('packet-list');

    await row(page, 3).click();
    await page.keyboard.press('Control+KeyM');
    await expect.poll(() => row(page, 3).getAttribute('class')).toContain('marked');
    await row(page, 7).click();
    await page.keyboard.press('Control+KeyM');
    await expect.poll(() => row(page, 7).getAttribute('class')).toContain('marked');
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+Shift+KeyN');
    await expect.poll(() => selectedRow(page)).toBe('3');
    await page.keyboard.press('Control+Shift+KeyN');
    await expect.poll(() => selectedRow(page)).toBe('7');
    await page.keyboard.press('Control+Shift+KeyB');
    await expect.poll(() => selectedRow(page)).toBe('3');
    // frame.marked is a filter field too.
    const box = page.getByLabel('Display filter');
    await box.fill('frame.marked == 1');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: 2 of ${lines.length}`);
    await box.fill('');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${lines.length} of ${lines.length}`);

    // Ignored: not dissected, so no protocol filter matches it any more.
    await row(page, 4).click();
    await page.keyboard.press('Control+KeyD');
    await expect.poll(() => cell(page, 4, 6).textContent()).toBe('<Ignored>');
    const tcp = lines.filter((l) => l[1] !== '').length;
    await box.fill('tcp');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${tcp - (lines[3][1] ? 1 : 0)} of ${lines.length}`);
    await box.fill('');
    await box.press('Enter');

    // A packet comment from the row menu: shown first in the tree, filterable as frame.comment.
    await row(page, 2).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Packet Comment…' }).click();
    await page.getByLabel('Comment on packet 2').fill('handshake looks slow');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => row(page, 2).getAttribute('class')).toContain('commented');
    const tree = page.getByTestId('protocol-tree');
    await expect.poll(() => tree.locator('[role=treeitem]').first().textContent()).toContain('Packet comments');
    await tree.getByText('Packet comments').click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tree.textContent()).toContain('handshake looks slow');
    await box.fill('frame.comment contains "slow"');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: 1 of ${lines.length}`);
    await page.screenshot({ path: `${SHOTS}/list-comment-filter.png` });
    await box.fill('');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${lines.length} of ${lines.length}`);
    await page.screenshot({ path: `${SHOTS}/list-marked-ignored.png` });

    // Go to packet: Ctrl+G, a number, Enter; out of range says so in place.
    await list.focus();
    await page.keyboard.press('Control+KeyG');
    const goTo = page.getByLabel('Go to packet');
    await goTo.fill(String(lines.length + 5));
    await goTo.press('Enter');
    await expect
      .poll(() => page.getByTestId('go-to').getByRole('alert').textContent())
      .toBe(`There is no packet ${lines.length + 5} (the capture has ${lines.length})`);
    await page.screenshot({ path: `${SHOTS}/list-go-to-error.png` });
    await goTo.fill('10');
    await goTo.press('Enter');
    await expect.poll(() => selectedRow(page)).toBe('10');
    // Keyboard: End, Up, Enter gives the tree the focus.
    await page.keyboard.press('End');
    await expect.poll(() => selectedRow(page)).toBe(String(lines.length));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => selectedRow(page)).toBe(String(lines.length - 1));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('protocol-tree');
    await c.close();
  });

  it('builds filters and columns from tree fields, and keeps columns with the capture in the library', async () => {
    const lines = await cli(['frame.number', 'ip.src', 'tcp.flags.syn']);
    const c = await context();
    const page = await openCapture(c, lines.length);
    const tree = page.getByTestId('protocol-tree');
    const box = page.getByLabel('Display filter');

    await row(page, 1).click();
    await tree.getByText(/^Internet Protocol Version 4/).click();
    await page.keyboard.press('ArrowRight');
    const source = tree.locator('[role=treeitem] .text', { hasText: /^Source Address: / });
    await source.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy as Filter' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`ip.src == ${lines[0][1]}`);
    await source.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy Value' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(lines[0][1]);
    await source.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Prepare as Filter' }).click();
    expect(await box.inputValue()).toBe(`ip.src == ${lines[0][1]}`);
    expect(await page.getByTestId('displayed-count').textContent()).toBe(
      `Displayed: ${lines.length} of ${lines.length}`,
    );
    // The keyboard's context menu key opens the same menu on the selected field.
    await source.click();
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menuitem', { name: 'Apply as Filter' }).click();
    const fromSource = lines.filter((l) => l[1] === lines[0][1]).length;
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${fromSource} of ${lines.length}`);
    await box.fill('');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${lines.length} of ${lines.length}`);

    // A boolean flag: tcp.flags.syn == 1.
    await row(page, 1).click();
    await tree.getByText(/^Transmission Control Protocol/).click();
    await page.keyboard.press('ArrowRight');
    await tree
      .locator('[role=treeitem] .text', { hasText: /^Flags: / })
      .last()
      .click();
    await page.keyboard.press('ArrowRight');
    await tree.locator('[role=treeitem] .text', { hasText: /= Syn: / }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Apply as Filter' }).click();
    expect(await box.inputValue()).toBe('tcp.flags.syn == 1');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${lines.filter((l) => l[2] === '1').length} of ${lines.length}`);
    await box.fill('');
    await box.press('Enter');

    // Apply as column: the field's values, as tshark -T fields prints them, for the rows shown.
    await row(page, 1).click();
    await source.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Apply as Column' }).click();
    const header = page.locator('[data-testid=packet-list] [role=columnheader][data-column="field:ip.src"]');
    await expect.poll(() => header.textContent()).toContain('Source Address');
    await expect
      .poll(async () => (await shownRows(page)).map((r) => r[7]))
      .toEqual(lines.slice(0, (await shownRows(page)).length).map((l) => l[1]));
    // Sorting by it works too.
    await header.locator('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect
      .poll(async () => (await shownRows(page))[0][7])
      .toBe([...lines.map((l) => l[1])].sort((a, b) => ipValue(a) - ipValue(b))[0]);
    await page.screenshot({ path: `${SHOTS}/list-field-column.png` });

    // Renamed from its header's menu, kept with the capture: reopened from the library, it is still there.
    await header.locator('button').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Rename Column…' }).click();
    await page.getByLabel('Column title').fill('Client');
    await page.getByLabel('Column title').press('Enter');
    await expect.poll(() => header.textContent()).toContain('Client');
    // Row 3 of the sorted list is some other frame: the mark goes to that frame.
    await row(page, 3).click();
    const marked = Number(await cell(page, 3, 0).textContent());
    await page.keyboard.press('Control+KeyM');
    await expect.poll(() => row(page, 3).getAttribute('class')).toContain('marked');
    await expect
      .poll(() => storedAnnotations(page))
      .toMatchObject([{ marks: [marked], columns: [{ field: 'ip.src', title: 'Client' }] }]);
    await page.reload();
    await page.locator('[data-testid=library-entry] button.open', { hasText: NAME }).first().click();
    await expect.poll(() => header.textContent(), { timeout: 20_000 }).toContain('Client');
    await expect.poll(() => row(page, marked).getAttribute('class')).toContain('marked');
    await header.locator('button').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Remove Column' }).click();
    await expect.poll(() => header.count()).toBe(0);
    await c.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`colours rows by filter rules, editable in a dialog (${scheme})`, async () => {
      const lines = await cli(['frame.number', 'tcp.flags.syn']);
      // Each row's rule: the first default rule whose filter loupe fields -Y matches the frame.
      const expected: (string | null)[] = lines.map(() => null);
      for (const rule of DEFAULT_RULES) {
        for (const n of await cliFrames(rule.filter)) expected[n - 1] ??= rule.name;
      }
      const c = await context(scheme);
      const page = await openCapture(c, lines.length);
      const shown = (await shownRows(page)).length;
      await expect
        .poll(
          async () => {
            const colours = [];
            for (let n = 1; n <= shown; n++) colours.push(await row(page, n).getAttribute('data-colour'));
            return colours;
          },
          { timeout: 20_000 },
        )
        .toEqual(expected.slice(0, shown));
      await page.screenshot({ path: `${SHOTS}/list-colours-${scheme}.png` });

      // Without the HTTP rule (port 80 comes before SYN/FIN in Wireshark's order), a SYN is grey.
      const syn = lines.findIndex((l) => l[1] === '1') + 1;
      await page.getByRole('button', { name: 'Colouring rules…' }).click();
      const dialog = page.getByTestId('colouring-dialog');
      await dialog.getByLabel('Enable HTTP').uncheck();
      await dialog.getByLabel('Filter of TCP', { exact: true }).fill('tcp &&');
      await expect.poll(() => dialog.getByRole('alert').first().textContent()).toContain('TCP:');
      expect(await dialog.getByRole('button', { name: 'OK' }).isDisabled()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/list-colouring-dialog-${scheme}.png` });
      await dialog.getByLabel('Filter of TCP', { exact: true }).fill('tcp');
      await dialog.getByRole('button', { name: 'OK' }).click();
      const synRule = expected[syn - 1] === 'HTTP' ? 'TCP SYN/FIN' : expected[syn - 1];
      await expect.poll(() => row(page, syn).getAttribute('data-colour'), { timeout: 20_000 }).toBe(synRule);
      // Rules are preferences: a reload keeps them.
      await page.reload();
      await page.getByRole('button', { name: 'Colouring rules…' }).click();
      expect(await page.getByTestId('colouring-dialog').getByLabel('Enable HTTP').isChecked()).toBe(false);
      await page.getByTestId('colouring-dialog').getByRole('button', { name: 'Restore defaults' }).click();
      await page.getByTestId('colouring-dialog').getByRole('button', { name: 'OK' }).click();
      await c.close();
    });
  }
});

/** Frame numbers `loupe fields -Y <filter>` selects. */
async function cliFrames(filter: string): Promise<number[]> {
  let text = '';
  await printFields(
    await newCore(),
    new Blob([readFileSync(CAPTURE)]),
    ['frame.number'],
    (s) => (text += s),
    compileFilter(filter),
  );
  return text.split('\n').filter(Boolean).map(Number);
}

/** The library's annotation records, read with plain IndexedDB in the page. */
async function storedAnnotations(page: Page): Promise<unknown[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('loupe-library');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise<unknown[]>((resolve) => {
      const r = db.transaction('annotations').objectStore('annotations').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return all;
  });
}

function ipValue(s: string): number {
  return s.split('.').reduce((v, o) => v * 256 + Number(o), 0);
}
