import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  catchDownloads,
  newContext,
  newPage,
  openFile,
  saved,
  SHOTS,
  startHarness,
  status,
  type Harness,
} from './harness';
import { CORPUS, hasCorpus } from '../support/corpus';

// Needs the built app (dist/app): `npm test` builds it first.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const FRAMES_GAP = 131;

const selectedRow = (page: Page) =>
  page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex');

describe('Chats view', () => {
  it("shows the demo capture's chat at once, goes to a message's packet, searches and exports", async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base + '?demo');
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toContain('packets');
    await page.getByRole('button', { name: 'Chats' }).click();
    const view = page.getByTestId('chats-view');
    const transcript = view.getByTestId('chat-transcript');
    await expect
      .poll(() => transcript.textContent(), { timeout: 10_000 })
      .toContain('Hi Bob! Did you get the capture I mentioned?');
    expect(await view.getByTestId('chat-conversation').count()).toBe(2);
    expect(await view.getByTestId('chat-conversation').first().textContent()).toContain('Alice Liddell, Bob Builder');
    expect(await view.getByTestId('chat-message').count()).toBe(6);
    expect(await transcript.textContent()).toContain('Bob Builder joined the conversation');
    await page.screenshot({ path: `${SHOTS}/chats-demo.png` });

    // A message is its packet: the list selects the frame that carried the message's last byte.
    await transcript.getByText('Nice. The TLS session decrypts').click();
    await expect.poll(() => selectedRow(page)).toBe('160');
    await expect.poll(() => page.getByTestId('packet-list').textContent()).toContain('MSG bob@hotmail.example');

    // Search across conversations: both connections carry the message.
    await view.getByLabel('Search chats').fill('loupe right now');
    await expect
      .poll(() => view.getByTestId('chat-conversation').allTextContents())
      .toEqual([expect.stringContaining('1 found'), expect.stringContaining('1 found')]);
    await view.getByTestId('chat-conversation').nth(1).click();
    expect(await transcript.locator('.hit').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/chats-search.png` });
    await view.getByLabel('Search chats').fill('');

    await catchDownloads(page);
    await view.getByRole('button', { name: 'HTML' }).click();
    const html = await saved(page);
    expect(html.name).toBe('msn-stream5-bob-alice.html');
    expect(html.text).toContain('<b>Alice Liddell</b> says:');
    expect(html.text).toContain('Hey Alice. Yes, opening it in Loupe right now.');
    await view.getByRole('button', { name: 'Text' }).click();
    expect((await saved(page)).text).toMatch(
      /#138 Bob Builder: Hey Alice\. Yes, opening it in Loupe right now\. {2}\[ACK 0\.\d{3} s\]/,
    );
    await view.getByRole('button', { name: 'JSON' }).click();
    const json = JSON.parse((await saved(page)).text);
    expect(json.stream).toBe(5);
    expect(json.messages.filter((m: { kind: string }) => m.kind === 'message')).toHaveLength(6);

    await view.getByRole('tab', { name: 'Logins & presence' }).click();
    const timeline = view.getByTestId('chat-timeline');
    await expect.poll(() => timeline.textContent()).toContain('alice@hotmail.example');
    expect(await timeline.textContent()).toContain('signed in (MSNP8, MSNMSGR 6.2.0208)');
    await page.screenshot({ path: `${SHOTS}/chats-timeline.png` });

    // The keyboard opens it again once closed.
    await page.getByRole('button', { name: 'Close Chats' }).click();
    expect(await view.count()).toBe(0);
    await page.keyboard.press('Control+Alt+Shift+KeyM');
    await expect.poll(() => page.getByTestId('chats-view').count()).toBe(1);
    await context.close();
  });

  it.skipIf(!hasCorpus)('shows a three-party chat from the corpus with its failures (dark theme)', async () => {
    const context = await newContext(harness, 'dark');
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'msnp15_group_chat.pcap', readFileSync(join(CORPUS, 'msn/msnp15_group_chat.pcap')), 321);
    await page.keyboard.press('Control+Alt+Shift+KeyM');
    const view = page.getByTestId('chats-view');
    await expect.poll(() => view.getByTestId('chat-conversation').count(), { timeout: 10_000 }).toBe(3);
    expect(await view.getByTestId('chat-conversation').first().textContent()).toContain('1 failure');
    const transcript = view.getByTestId('chat-transcript');
    expect(await transcript.textContent()).toContain('Dana 🌙 S. offers the file スライド_v2.ppt');
    expect(await transcript.locator('.mark-NAK').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/chats-corpus-dark.png` });
    await transcript.getByText('anyone still here?').click();
    await expect.poll(() => selectedRow(page)).toBe('290');
    await context.close();
  });

  it('shows failed calls, NAKs and bytes lost from the capture inline (loopback capture)', async () => {
    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'msnp-gap.pcap', readFileSync(join(__dirname, '../fixtures/msn/msnp-gap.pcap')), FRAMES_GAP);
    await page.getByRole('button', { name: 'Chats' }).click();
    const view = page.getByTestId('chats-view');
    await expect.poll(() => view.getByTestId('chat-conversation').count(), { timeout: 10_000 }).toBe(3);
    const transcript = view.getByTestId('chat-transcript');
    expect(await transcript.getByTestId('chat-call').allTextContents()).toEqual([
      expect.stringContaining('Ana Álvarez invited 山田 ベン'),
      expect.stringContaining('invited nobody@example.com: error 217'),
      expect.stringContaining('invited Chloé 🌸'),
    ]);
    expect(await transcript.textContent()).toContain('Ana Álvarez offers the file fotos_año.zip (1.8 MB), accepted');
    await view.getByTestId('chat-conversation').nth(1).click();
    await expect
      .poll(() => transcript.getByTestId('chat-gap').textContent())
      .toContain('bytes sent by the client are missing from the capture');
    await page.screenshot({ path: `${SHOTS}/chats-gap.png` });
    await context.close();
  });
});
