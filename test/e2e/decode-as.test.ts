import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, newPage, openFile, SHOTS, startHarness, status, packets, type Harness } from './harness';
import { oddPortHttp } from '../support/odd-port-http';

// Needs the built app (dist/app). HTTP on TCP port 8001, two conversations: frames 4-5 (stream 0), 9-10 (stream 1).
let h: Harness;
const CAPTURE = Buffer.from(oddPortHttp());

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);
/** The Protocol column of frames 4, 5, 9 and 10 (the list shows every frame). */
const protocols = async (page: Page) =>
  Promise.all([4, 5, 9, 10].map(async (n) => (await row(page, n).locator('span').nth(4).textContent())?.trim()));

describe('Decode As', () => {
  it('decodes a conversation or a port as another protocol, from the row menu and the keyboard, and keeps it with the capture', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.goto(h.base);
    await openFile(page, 'odd-port.pcap', CAPTURE, 10);
    // HTTP's heuristic finds it on its own, as tshark's does.
    await expect.poll(() => protocols(page)).toEqual(['HTTP', 'HTTP', 'HTTP', 'HTTP']);

    // Row menu on frame 4: its conversation left undissected.
    await row(page, 4).click({ button: 'right' });
    await page.getByRole('menuitem', { name: /Decode As…/ }).click();
    const dialog = page.getByTestId('decode-as');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Frame 4: TCP 40000 → 8001, stream 0');
    await dialog.getByLabel('What to decode').selectOption({ label: 'This TCP stream (0)' });
    await dialog.getByLabel('Protocol').selectOption('(none)');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    expect(await dialog.locator('.rules').textContent()).toContain('tcp.stream==0,(none)');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => protocols(page)).toEqual(['TCP', 'TCP', 'HTTP', 'HTTP']);

    // Keyboard on frame 9: its server port as Telnet.
    await row(page, 9).click();
    await page.keyboard.press('Control+Shift+U');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('What to decode').selectOption({ label: 'TCP port 8001' });
    await dialog.getByLabel('Protocol').selectOption('telnet');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await page.screenshot({ path: `${SHOTS}/decode-as-dialog.png` });
    await dialog.getByRole('button', { name: 'Apply' }).click();
    // The stream rule still wins for stream 0.
    await expect.poll(() => protocols(page)).toEqual(['TCP', 'TCP', 'TELNET', 'TELNET']);
    await row(page, 9).click();
    await expect.poll(() => page.getByTestId('protocol-tree').textContent()).toContain('Telnet');
    await page.screenshot({ path: `${SHOTS}/decode-as-applied.png` });

    // Display filters see the new dissection.
    const box = page.getByLabel('Display filter');
    await box.fill('telnet');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('displayed-count').textContent()).toBe('Displayed: 2 of 10');

    // Kept with the capture: reopened from the library, it is dissected the same way.
    await page.reload();
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'odd-port.pcap', exact: true }).first().click();
    await expect.poll(() => status(page).textContent()).toContain(packets(10));
    await expect.poll(() => protocols(page)).toEqual(['TCP', 'TCP', 'TELNET', 'TELNET']);
    await context.close();
  });

  it('brings a kept capture back exactly as it was left, however soon the page is reloaded', async () => {
    const context = await newContext(h);
    const page = await newPage(context);
    await page.addInitScript(watchStore);
    await page.goto(h.base);
    // Stored before it shows as opened: a reload at any moment after finds it.
    await openFile(page, 'soon.pcap', CAPTURE, 10);
    expect(await page.evaluate(() => (globalThis as unknown as Watched).storedWhenShown)).toEqual([
      { name: 'soon.pcap', dissection: 'default' },
    ]);
    await page.reload();
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'soon.pcap', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toContain(packets(10));
    await expect.poll(() => protocols(page)).toEqual(['HTTP', 'HTTP', 'HTTP', 'HTTP']);

    // Its Decode As rule stored before the list shows the new dissection.
    await row(page, 9).click();
    await page.keyboard.press('Control+Shift+U');
    const dialog = page.getByTestId('decode-as');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('What to decode').selectOption({ label: 'TCP port 8001' });
    await dialog.getByLabel('Protocol').selectOption('telnet');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => protocols(page), { interval: 10 }).toEqual(['TELNET', 'TELNET', 'TELNET', 'TELNET']);
    expect(await page.evaluate(() => (globalThis as unknown as Watched).storedWhenTelnet)).toContainEqual({
      name: 'soon.pcap',
      dissection: 'tcp.port==8001,telnet',
    });
    await page.reload();
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'soon.pcap', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toContain(packets(10));
    await expect.poll(() => protocols(page)).toEqual(['TELNET', 'TELNET', 'TELNET', 'TELNET']);
    await context.close();
  });
});

interface Watched {
  stored: { name: string; dissection: string }[];
  storedWhenShown?: Watched['stored'];
  storedWhenTelnet?: Watched['stored'];
}

/**
 * In the page, before the app: notes each library entry write once its transaction is committed (the entry's
 * name and Decode As rules), and what had been committed when the capture first showed as opened and when frame
 * 9 first showed as TELNET. A DOM change is seen before the page can be reloaded, so what was committed then is
 * what a reload at that moment would find.
 */
function watchStore(): void {
  const watched = globalThis as unknown as Watched;
  watched.stored = [];
  // Listening on each transaction as it is made, before the app's own listeners: what the app does once a write
  // is committed (down to showing the capture) comes after the note here.
  const notes = new WeakMap<IDBTransaction, Watched['stored']>();
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = transaction.apply(this, args);
    const written: Watched['stored'] = [];
    notes.set(tx, written);
    tx.addEventListener('complete', () => watched.stored.push(...written));
    return tx;
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    const request = put.apply(this, args);
    if (this.name === 'captures') {
      const entry = args[0] as {
        name: string;
        dissection?: { decodeAs: { layer: string; first: number; last: number; protocol: string }[] };
      };
      const rules = entry.dissection?.decodeAs
        .map((r) => `${r.layer}==${r.first}${r.last === r.first ? '' : `-${r.last}`},${r.protocol}`)
        .join(' ');
      notes.get(this.transaction)?.push({ name: entry.name, dissection: rules || 'default' });
    }
    return request;
  };
  new MutationObserver(() => {
    // Shown as opened: the status bar has its packet count, and no longer says it is loading.
    const statusText = document.querySelector('[data-testid=status-bar]')?.textContent ?? '';
    if (!watched.storedWhenShown && statusText.includes('10 packets') && !statusText.includes('loading'))
      watched.storedWhenShown = [...watched.stored];
    const cell = document.querySelectorAll('[data-testid=packet-list] [aria-rowindex="9"] span')[4];
    if (!watched.storedWhenTelnet && cell?.textContent?.trim() === 'TELNET')
      watched.storedWhenTelnet = [...watched.stored];
  }).observe(document, { subtree: true, childList: true, characterData: true });
}
