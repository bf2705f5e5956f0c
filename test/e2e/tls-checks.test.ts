import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, newPage, packets, SHOTS, startHarness, status, type Harness } from './harness';

// Needs the built app (dist/app): `npm test` builds it first.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
/** Opens bytes through the file input and waits until the capture is indexed (the count's spacing normalised). */
async function openFile(page: Page, name: string, bytes: Buffer, frames: number): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await poll(() => status(page).textContent()).toContain(name);
  await poll(async () => (await page.getByTestId('packet-count').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
    packets(frames),
  );
}
const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls-checks/${name}`, import.meta.url));

describe("the TLS sessions table's certificate checks", () => {
  it('lists what the checks found, and checks a TLS 1.3 chain once its key log is given', async () => {
    const page = await newPage(await newContext(harness));
    await page.goto(harness.base);
    await openFile(page, 'weak_tls10.pcap', fixture('weak_tls10.pcap'), 16);
    await page.keyboard.press('Control+Shift+KeyK');
    const dialog = page.getByTestId('tls-keys');
    const checks = dialog.getByTestId('tls-session-checks');
    await poll(() => checks.locator('li').count()).toBe(4);
    expect(await checks.locator('.chain').textContent()).toContain('CN=weak.test');
    expect(
      await checks.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-severity'))),
    ).toEqual(['warning', 'warning', 'warning', 'warning']);
    const texts = await checks.locator('li').allTextContents();
    expect(texts.join('\n')).toMatch(/TLS 1\.0 negotiated[^]*self-signed[^]*SHA1[^]*1024-bit RSA key/);
    await page.screenshot({ path: `${SHOTS}/tls-checks-weak.png` });

    await page.keyboard.press('Escape');
    await openFile(page, 'good_chain_tls13.pcap', fixture('good_chain_tls13.pcap'), 18);
    await page.keyboard.press('Control+Shift+KeyK');
    const second = page.getByTestId('tls-keys');
    await poll(() => second.getByTestId('tls-session-checks').textContent()).toContain('TLS 1.3 encrypts it');
    await second.getByTestId('tls-key-input').setInputFiles({
      name: 'good_chain_tls13.keylog',
      mimeType: 'text/plain',
      buffer: fixture('good_chain_tls13.keylog'),
    });
    await poll(() => second.getByTestId('tls-session-checks').textContent()).toContain('no findings');
    expect(await second.getByTestId('tls-session-checks').locator('.chain').textContent()).toContain('CN=good.test');
    await page.screenshot({ path: `${SHOTS}/tls-checks-good.png` });
  });
});
