import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, newContext, newPage, openFile, SHOTS, startHarness, type Harness } from './harness';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { SideKind } from '../../src/abi/core-constants';
import { ExportSideData } from '../../src/core/export-pcapng';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import { newCore } from '../support/run';

// Needs the built app (dist/app): `npm test` builds it first.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

/** Frame numbers, times and lengths `loupe fields` prints, with -Y when a filter is given. */
async function frames(bytes: Uint8Array, filter?: string): Promise<string[]> {
  let text = '';
  await printFields(
    await newCore(),
    new Blob([bytes as BlobPart]),
    ['frame.time_epoch', 'frame.len', 'frame.cap_len'],
    (s) => (text += s),
    filter ? compileFilter(filter) : undefined,
  );
  return text.split('\n').filter(Boolean);
}

/** An exported file's index, packet comments and secrets, as the core reads them back. */
async function sideOf(file: Uint8Array) {
  const comments: [number, string][] = [];
  const index = new PacketIndex();
  const side = new ExportSideData();
  await ingest(await newCore(), new Blob([file as BlobPart]), false, {
    onRows: (b) => index.append(b),
    onSide: (e) => {
      side.observe(e);
      if (e.kind === SideKind.PacketComment) comments.push([e.frame, new TextDecoder().decode(e.bytes)]);
    },
  });
  return { index, comments, side };
}

describe('Export packets dialog', () => {
  it('exports the displayed packets with a comment made in the app, as a pcapng download', async () => {
    const all = await frames(DEMO);
    const tcp = await frames(DEMO, 'tcp');
    const tcpNumbers = await (async () => {
      let text = '';
      await printFields(
        await newCore(),
        new Blob([DEMO as BlobPart]),
        ['frame.number'],
        (s) => (text += s),
        compileFilter('tcp'),
      );
      return text.split('\n').filter(Boolean).map(Number);
    })();
    expect(tcp.length).toBeGreaterThan(1);
    expect(tcp.length).toBeLessThan(all.length);
    const commented = tcpNumbers[1];

    const context = await newContext(harness);
    const page = await newPage(context);
    await page.goto(harness.base);
    await openFile(page, 'demo.pcapng', DEMO, all.length);
    const row = page.locator(`[data-testid=packet-list] [role=row][aria-rowindex="${commented}"]`);
    // Once the background pass has given every shown row its final columns (the list fetches them again then).
    await expect.poll(() => page.locator('[data-testid=packet-list] .provisional').count()).toBe(0);
    await expect.poll(() => row.locator('[role=gridcell]').first().textContent()).toBe(String(commented));
    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Packet Comment…' }).click();
    await page.getByLabel(`Comment on packet ${commented}`).fill('exported with its note');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => row.getAttribute('class')).toContain('commented');

    const box = page.getByLabel('Display filter');
    await box.fill('tcp');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('displayed-count').textContent())
      .toBe(`Displayed: ${tcp.length} of ${all.length}`);

    await page.getByTestId('packet-list').focus();
    await page.keyboard.press('Control+Shift+KeyE');
    const dialog = page.getByTestId('export-packets');
    await expect.poll(() => dialog.getByText(`All displayed (${tcp.length})`).count()).toBe(1);
    // The demo carries its TLS key log in a DSB: offered, and on.
    const secrets = dialog.getByLabel('TLS secrets (Decryption Secrets Block)');
    expect(await secrets.isEnabled()).toBe(true);
    expect(await secrets.isChecked()).toBe(true);
    expect(await dialog.getByText('Marked only (0)').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/export-dialog.png` });

    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download demo-export.pcapng' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('demo-export.pcapng');
    const path = join(mkdtempSync(join(tmpdir(), 'loupe-export-e2e-')), 'out.pcapng');
    await download.saveAs(path);
    await expect
      .poll(() => dialog.getByRole('status').textContent())
      .toBe(`Exported ${tcp.length} packets to demo-export.pcapng.`);

    const exported = new Uint8Array(readFileSync(path));
    expect(await frames(exported)).toEqual(tcp);
    const read = await sideOf(exported);
    expect(read.index.count).toBe(tcp.length);
    expect(read.comments).toEqual([[2, 'exported with its note']]);
    expect(read.side.hasTlsSecrets).toBe(true);

    // The header button opens it too; a range narrows the export.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Export packets…' }).click();
    await dialog.getByLabel('First frame').fill(String(tcpNumbers[0]));
    await dialog.getByLabel('Last frame').fill(String(tcpNumbers[2]));
    await dialog.getByLabel('TLS secrets (Decryption Secrets Block)').uncheck();
    const ranged = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download demo-export.pcapng' }).click();
    const rangePath = join(tmpdir(), `loupe-export-range-${process.pid}.pcapng`);
    await (await ranged).saveAs(rangePath);
    const rangeFile = new Uint8Array(readFileSync(rangePath));
    expect(await frames(rangeFile)).toEqual(tcp.slice(0, 3));
    expect((await sideOf(rangeFile)).side.hasTlsSecrets).toBe(false);
    await context.close();
  });
});
