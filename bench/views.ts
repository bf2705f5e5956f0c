import type { Browser, Page } from 'playwright-core';

/** A row of the benchmark's table (see browser.ts). */
interface Row {
  what: string;
  value: string;
  target: string;
  pass?: boolean;
  number?: number;
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

/**
 * The analysis views on a capture that has just been indexed: from the list being ready (`Displayed: N of N`), the
 * time from the click that opens Conversations, Operations and the IO graph to each one shown, one after the other
 * (while the background Protocol/Info pass runs, as a user would see them). Target: each within 1 s. Endpoints, the
 * complete Operations (once the frames only the Protocol/Info pass settles are in) and the Protocol Hierarchy (a
 * pass of its own) are reported too.
 */
export async function benchViews(options: {
  browser: Browser;
  url: string;
  path: string;
  packets: number;
  until: (page: Page, condition: string, timeout?: number) => Promise<number>;
}): Promise<Row[]> {
  const { browser, url, path, packets, until } = options;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const rows: Row[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(url);
    await page.getByTestId('file-input').setInputFiles(path);
    const ready = await until(
      page,
      `document.querySelector('[data-testid=displayed-count]')?.textContent === 'Displayed: ${packets} of ${packets}'`,
      300_000,
    );
    const now = () => page.evaluate(() => performance.now());
    const report = (what: string, start: number, at: number, target = '< 1000 ms') => {
      const took = at - start;
      const row = {
        what: `views: ${what}, click → shown (${ms(at - ready)} after the list was ready)`,
        value: Number.isNaN(took) ? 'timed out' : ms(took),
        target,
        ...(target === '< 1000 ms' ? { pass: took < 1000 } : {}),
        number: took,
      };
      console.log(`${row.what}: ${row.value}`);
      rows.push(row);
    };
    const shown = (condition: string) => until(page, condition, 600_000).catch(() => NaN);
    const stats = page.getByTestId('statistics-view');
    // Statistics opens on Conversations, whose pass starts at once; the IO graph is looked at meanwhile.
    const statsStart = await now();
    await page.getByRole('button', { name: 'Statistics' }).click();
    const ioStart = await now();
    await stats.getByRole('tab', { name: 'IO Graph' }).click();
    report('IO graph', ioStart, await shown(`!!document.querySelector('[data-testid=io-graph] .u-over')`));
    await stats.getByRole('tab', { name: 'Conversations' }).click();
    const conversations = `!!document.querySelector('[data-testid=statistics-view] table[aria-label="IPv4 conversations"] tbody tr')`;
    report('Conversations (IPv4)', statsStart, await shown(conversations));
    const endpointsStart = await now();
    await stats.getByRole('tab', { name: 'Endpoints' }).click();
    const endpoints = `!!document.querySelector('[data-testid=statistics-view] table[aria-label="IPv4 endpoints"] tbody tr')`;
    report('Endpoints (IPv4)', endpointsStart, await shown(endpoints));
    const operationsStart = await now();
    await page.getByRole('button', { name: 'Operations' }).click();
    // The first operations show while the rest are analysed ("n of m frames analysed"); then the complete list.
    const operations = `!!document.querySelector('[data-testid=operations-view] tbody tr[data-request]')`;
    report('Operations (first rows)', operationsStart, await shown(operations));
    const complete = `${operations} && !document.querySelector('[data-testid=operations-progress]')`;
    report('Operations (complete)', operationsStart, await shown(complete), '(reported)');
    // The hierarchy needs every frame's layers: a field-mode pass of its own.
    // The tool strip's button (the open tool view has a tab of that name too).
    await page.getByRole('button', { name: 'Statistics', exact: true }).first().click();
    const hierarchyStart = await now();
    await page.getByTestId('statistics-view').getByRole('tab', { name: 'Protocol Hierarchy' }).click();
    const hierarchy = `!!document.querySelector('[data-testid=statistics-view] table[aria-label="Protocol hierarchy"] tbody tr')`;
    report('Protocol Hierarchy', hierarchyStart, await shown(hierarchy), '(reported)');
  } finally {
    await context.close();
  }
  return rows;
}
