import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, newContext, newPage, packets, SHOTS, startHarness, status, type Harness } from './harness';
import { CORPUS } from '../support/corpus';
import { fieldsOf, newCore } from '../support/run';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import { TlsDecryption } from '../../src/tls/decryption';

// Needs the built app (dist/app): `npm test` builds it first.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

/** The machine is shared and loaded: a worker's answer may take seconds. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

/** Opens bytes through the file input and waits until the capture is indexed. */
async function openFile(page: Page, name: string, bytes: Buffer, frames: number): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await poll(() => status(page).textContent()).toContain(name);
  await poll(() => status(page).textContent()).toContain(packets(frames));
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
const row = (page: Page, n: number) => page.locator(`[data-testid=packet-list] [role=row][aria-rowindex="${n}"]`);
const cells = (page: Page, n: number) => row(page, n).locator('[role=gridcell]').allTextContents();

/** Waits until every shown row has its final columns (the background pass is through them). */
async function dissected(page: Page): Promise<void> {
  await poll(() => page.locator('[data-testid=packet-list] .provisional').count()).toBe(0);
}

/** Drops files on the page as a user drags them from the desktop. */
async function drop(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  await page.evaluate(
    (files) => {
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([Uint8Array.from(f.bytes)], f.name));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    files.map((f) => ({ name: f.name, bytes: [...f.bytes] })),
  );
}

/** Lines of `loupe fields -e frame.number -e _ws.col.Protocol -e _ws.col.Info` (with a key log), by frame number. */
async function columns(path: string, keylog?: string): Promise<Map<number, [string, string]>> {
  const tls = new TlsDecryption();
  if (keylog) tls.keyring.addKeyLog(readFileSync(keylog, 'utf8'), keylog);
  const { text } = await fieldsOf(path, ['frame.number', '_ws.col.Protocol', '_ws.col.Info'], tls);
  return new Map(
    text
      .trim()
      .split('\n')
      .map((l) => l.split('\t'))
      .map(([n, p, i]) => [Number(n), [p, i]]),
  );
}

describe('TLS decryption in the app', () => {
  it('the demo decrypts with no step at all: HTTP in the list and the tree, Follow TLS, a filter inside TLS, the session table', async () => {
    const cli = await columns(new URL('../../public/demo/demo.pcapng', import.meta.url).pathname);
    const get = [...cli].find(([, [p, i]]) => p === 'HTTP' && i.startsWith('GET '))![0];
    const page = await newPage(await newContext(harness));
    await page.goto(harness.base);
    await openFile(page, 'demo.pcapng', DEMO, cli.size);
    await dissected(page);
    // HTTP inside TLS, found by a display filter: the decrypted requests and responses, and nothing else.
    const box = page.getByLabel('Display filter');
    await box.fill('http && tls');
    await box.press('Enter');
    let matched = '';
    await printFields(
      await newCore(),
      new Blob([DEMO as BlobPart]),
      ['frame.number'],
      (t) => (matched += t),
      compileFilter('http && tls'),
    );
    const inTls = matched.trim().split('\n').length;
    expect(inTls).toBeGreaterThanOrEqual(2);
    await poll(() => page.getByTestId('displayed-count').textContent()).toBe(`Displayed: ${inTls} of ${cli.size}`);
    const request = page.locator('[data-testid=packet-list] [role=row]', { hasText: 'GET /secret.txt' });
    await page.screenshot({ path: `${SHOTS}/tls-demo-filtered.png` });
    await poll(() => request.locator('[role=gridcell]').allTextContents()).toContain('HTTP');

    await request.click();
    const tree = page.getByTestId('protocol-tree');
    await poll(() => tree.textContent()).toContain('Hypertext Transfer Protocol');
    await poll(() => tree.textContent()).toContain('Transport Layer Security');
    // The decrypted record is a byte source of its own beside the frame's bytes; the HTTP line points into it.
    const byteTabs = page.getByRole('tablist', { name: 'Byte sources' }).getByRole('tab');
    await poll(() => byteTabs.count()).toBeGreaterThan(1);
    await tree
      .getByText(/^Hypertext Transfer Protocol/)
      .first()
      .click();
    await poll(() =>
      page.getByRole('tablist', { name: 'Byte sources' }).locator('[aria-selected=true]').textContent(),
    ).toMatch(/^Decrypted TLS \(\d+ bytes\)$/);
    await page.screenshot({ path: `${SHOTS}/tls-demo-decrypted.png` });

    await request.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Follow TLS Stream' }).click();
    const body = page.getByTestId('follow-body');
    await poll(() => body.textContent()).toContain('GET /secret.txt');
    await poll(() => body.textContent()).toContain('HTTP/1.1 200 OK');
    // The view's protocol choice goes back to the TCP conversation's own bytes, which are ciphertext.
    await page.getByLabel('Protocol to follow').selectOption('tcp');
    await poll(() => page.getByTestId('follow-view').textContent()).not.toContain('GET /secret.txt');
    await page.getByLabel('Protocol to follow').selectOption('tls');
    await poll(() => body.textContent()).toContain('GET /secret.txt');
    await page.screenshot({ path: `${SHOTS}/tls-follow.png` });

    await page.keyboard.press('Control+Shift+KeyK');
    const dialog = page.getByTestId('tls-keys');
    const table = dialog.getByTestId('tls-sessions');
    await poll(() => table.locator('tbody tr').count()).toBe(1);
    const session = await table.locator('tbody tr td').allTextContents();
    expect(session[3]).toBe('TLS 1.3');
    expect(session[6]).toBe('decrypted');
    await page.screenshot({ path: `${SHOTS}/tls-keys-demo.png` });
  });

  it('a wrong key file says what is wrong: no secrets, a malformed line by number, a wrong PKCS#12 password', async () => {
    const page = await newPage(await newContext(harness));
    await page.goto(harness.base);
    const name = 'tls10_rsa_aes256_sha';
    await openFile(
      page,
      `${name}.pcap`,
      fixture(`${name}.pcap`),
      (await columns(join(fileURLPath('../fixtures/tls'), `${name}.pcap`))).size,
    );
    await page.getByRole('button', { name: /^TLS keys/ }).click();
    const dialog = page.getByTestId('tls-keys');
    const message = dialog.getByTestId('tls-key-message');
    await poll(() => dialog.getByTestId('tls-sessions').locator('tbody td').last().textContent()).toMatch(
      /^no key for client random [0-9a-f]{16}…$/,
    );

    await dialog
      .getByTestId('tls-key-input')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are not keys\n') });
    await poll(() => message.textContent()).toContain(
      "no TLS secrets in notes.txt (expected an NSS key log, as SSLKEYLOGFILE writes): line 1: unknown label 'these'",
    );

    const keylog = fixture(`${name}.keylog`).toString('utf8');
    await dialog.getByTestId('tls-key-input').setInputFiles({
      name: 'damaged.keylog',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${keylog}CLIENT_RANDOM 1234 abcd\n`),
    });
    const lines = keylog.split('\n').filter((l) => l && !l.startsWith('#')).length;
    const last = keylog.split('\n').filter(Boolean).length + 1;
    await poll(() => message.textContent()).toContain(
      `damaged.keylog: ${lines} secret${lines === 1 ? '' : 's'} read; 1 line could not be read.`,
    );
    await poll(() => message.textContent()).toContain(`line ${last}: CLIENT_RANDOM: client random has 2 bytes, not 32`);
    await dialog.getByRole('button', { name: 'Remove' }).click();

    await dialog
      .getByTestId('tls-key-input')
      .setInputFiles({ name: 'server.p12', mimeType: 'application/x-pkcs12', buffer: fixture('server.p12') });
    await poll(() => message.textContent()).toContain(
      'server.p12 is protected by a password: enter it to read the key',
    );
    await dialog.getByTestId('tls-key-password').fill('not-it');
    await dialog.getByRole('button', { name: 'Read key' }).click();
    await poll(() => message.textContent()).toContain('wrong password for server.p12: the key could not be read');
    await page.screenshot({ path: `${SHOTS}/tls-keys-wrong-password.png` });
    await dialog.getByTestId('tls-key-password').fill('loupe');
    await dialog.getByRole('button', { name: 'Read key' }).click();
    await poll(() => message.textContent()).toContain('server.p12: 1 RSA private key (2048 bits) read.');
    await poll(() => dialog.getByTestId('tls-sessions').locator('tbody td').last().textContent()).toBe('decrypted');
  });

  it('keys are kept with a library capture only when asked, and decrypt it again when it is reopened', async () => {
    const name = 'tls12_ecdhe_aes256_sha384_etm';
    const path = join(fileURLPath('../fixtures/tls'), `${name}.pcap`);
    const page = await newPage(await newContext(harness));
    await page.goto(harness.base);
    await openFile(page, `${name}.pcap`, fixture(`${name}.pcap`), (await columns(path)).size);
    await page.getByRole('button', { name: /^TLS keys/ }).click();
    const dialog = page.getByTestId('tls-keys');
    const state = () => dialog.getByTestId('tls-sessions').locator('tbody td').last().textContent();
    await dialog
      .getByTestId('tls-key-input')
      .setInputFiles({ name: `${name}.keylog`, mimeType: 'text/plain', buffer: fixture(`${name}.keylog`) });
    await poll(state).toBe('decrypted');
    const keep = dialog.getByRole('checkbox', { name: /Keep keys with this capture/ });
    await poll(() => keep.isEnabled()).toBe(true);
    await keep.check();
    await page.screenshot({ path: `${SHOTS}/tls-keep-1.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Reopened from the library after a reload: the keys come back with it.
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByRole('button', { name: 'Library' }).click();
    await page.screenshot({ path: `${SHOTS}/tls-keep-2.png` });
    await page.getByRole('button', { name: `${name}.pcap`, exact: true }).click();
    await poll(() => page.getByRole('button', { name: /^TLS keys/ }).textContent()).toContain('(1)');
    await page.getByRole('button', { name: /^TLS keys/ }).click();
    await poll(state).toBe('decrypted');
    await poll(() => dialog.getByRole('checkbox', { name: /Keep keys with this capture/ }).isChecked()).toBe(true);
    // Unticked: forgotten by the library, so the next reopen has no keys.
    await dialog.getByRole('checkbox', { name: /Keep keys with this capture/ }).uncheck();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: `${name}.pcap`, exact: true }).click();
    await poll(() => status(page).textContent()).toContain(`${name}.pcap`);
    await page.getByRole('button', { name: /^TLS keys/ }).click();
    await poll(state).toMatch(/^no key for client random/);
  }, 120_000);

  const corpusCase = 'dev_tls12_ecdhe_rsa_aes128gcm';
  const corpusPcap = join(CORPUS, 'tls', `${corpusCase}.pcap`);
  it.skipIf(!existsSync(corpusPcap))('a key log dropped on a corpus capture decrypts it', async () => {
    const keylogPath = join(CORPUS, 'tls', `${corpusCase}.keylog`);
    const before = await columns(corpusPcap);
    const after = await columns(corpusPcap, keylogPath);
    const http = [...after].filter(([, [p]]) => p === 'HTTP').map(([n]) => n);
    expect(http.length).toBeGreaterThan(0);
    expect(before.get(http[0])![0]).not.toBe('HTTP');

    const page = await newPage(await newContext(harness));
    await page.goto(harness.base);
    await openFile(page, `${corpusCase}.pcap`, readFileSync(corpusPcap), before.size);
    await dissected(page);
    expect(await cells(page, http[0])).not.toContain('HTTP');
    await drop(page, [{ name: `${corpusCase}.keylog`, bytes: readFileSync(keylogPath) }]);
    const dialog = page.getByTestId('tls-keys');
    await poll(() => dialog.getByTestId('tls-key-message').textContent()).toMatch(/: 1 secret read\.\s*$/);
    await poll(() => dialog.getByTestId('tls-sessions').locator('tbody td').last().textContent()).toBe('decrypted');
    await page.screenshot({ path: `${SHOTS}/tls-keys-dropped.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await poll(() => status(page).textContent()).toContain(corpusCase);
    await dissected(page);
    await poll(() => cells(page, http[0])).toContain('HTTP');
    await page.screenshot({ path: `${SHOTS}/tls-corpus-decrypted.png` });
  });
});

function fileURLPath(relative: string): string {
  return new URL(relative, import.meta.url).pathname;
}
