/**
 * A capture larger than 4 GB (WebAssembly's address space): a 6 GB pcap of bulk TCP transfers, made on disk
 * (skipped with a message when the disk has not room enough), read by the CLI (`loupe fields ... -e
 * frame.number | tail -1`) and opened in the app (open, scroll to the end, filter), with times and peak memory;
 * deleted afterwards. Part of `npm run bench:browser` (BENCH_BIG=0 skips it; BENCH_BIG_BYTES sets the size).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { MemoryProbe, megabytes } from './memory-probe';

const BYTES = Number(process.env.BENCH_BIG_BYTES ?? 6e9);
const MSS = 1448;
/** Data segments per connection; the receiver ACKs every second one. */
const FLOW_SEGMENTS = 4096;

function sum16(b: Uint8Array, from: number, to: number, init = 0): number {
  let s = init;
  for (let i = from; i + 1 < to; i += 2) s += (b[i] << 8) | b[i + 1];
  if ((to - from) & 1) s += b[to - 1] << 8;
  return s;
}
const fold = (s: number) => {
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
};

/**
 * Writes the capture fast (the checksums of the fixed payload are summed once): Ethernet/IPv4/TCP with
 * timestamps, full-size data segments one way, an ACK for every second one back, a new connection (new client
 * port) every FLOW_SEGMENTS segments. Returns its packet count.
 */
export function makeBigCapture(path: string, targetBytes: number): number {
  const fd = openSync(path, 'w');
  const buffer = new Uint8Array(8 << 20);
  const view = new DataView(buffer.buffer);
  let used = 0;
  const flush = () => {
    writeSync(fd, buffer, 0, used);
    used = 0;
  };
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 262144, true);
  view.setUint32(20, 1, true);
  used = 24;
  let written = 24;
  const payload = Uint8Array.from({ length: MSS }, (_, i) => (i * 7) & 0xff);
  const payloadSum = sum16(payload, 0, MSS);
  let packets = 0;
  let usec = 0;
  const client = 0x0a000001;
  const server = 0x0a000002;
  const packet = (src: number, dst: number, sport: number, dport: number, seq: number, ack: number, data: boolean) => {
    const length = 14 + 20 + 32 + (data ? MSS : 0);
    if (used + 16 + length > buffer.length) flush();
    const t = 1_700_000_000 + Math.floor(usec / 1e6);
    view.setUint32(used, t, true);
    view.setUint32(used + 4, usec % 1e6, true);
    view.setUint32(used + 8, length, true);
    view.setUint32(used + 12, length, true);
    usec += 11;
    const p = used + 16;
    buffer.fill(0, p, p + 66);
    buffer.set([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, 0x88, 0x99, 0xaa], p);
    view.setUint16(p + 12, 0x0800);
    view.setUint8(p + 14, 0x45);
    view.setUint16(p + 16, length - 14);
    view.setUint16(p + 18, packets & 0xffff);
    view.setUint16(p + 20, 0x4000);
    view.setUint8(p + 22, 64);
    view.setUint8(p + 23, 6);
    view.setUint32(p + 26, src);
    view.setUint32(p + 30, dst);
    view.setUint16(p + 24, ~fold(sum16(buffer, p + 14, p + 34)) & 0xffff);
    view.setUint16(p + 34, sport);
    view.setUint16(p + 36, dport);
    view.setUint32(p + 38, seq);
    view.setUint32(p + 42, ack);
    view.setUint16(p + 46, (8 << 12) | (data ? 0x18 : 0x10));
    view.setUint16(p + 48, 65535);
    buffer.set([1, 1, 8, 10], p + 54);
    view.setUint32(p + 58, seq >>> 3);
    view.setUint32(p + 62, ack >>> 3);
    if (data) buffer.set(payload, p + 66);
    const l4 = length - 34;
    const pseudo = sum16(buffer, p + 26, p + 34, 6 + l4);
    view.setUint16(p + 50, ~fold(sum16(buffer, p + 34, p + 66, pseudo) + (data ? payloadSum : 0)) & 0xffff);
    used += 16 + length;
    written += 16 + length;
    packets++;
  };
  for (let flow = 0; written < targetBytes; flow++) {
    const sport = 10000 + (flow % 50000);
    let seq = (flow * 2654435761) >>> 0;
    const peer = 1000;
    for (let i = 0; i < FLOW_SEGMENTS && written < targetBytes; i++) {
      packet(server, client, 443, sport, seq, peer, true);
      seq = (seq + MSS) >>> 0;
      if (i % 2 === 1) packet(client, server, sport, 443, peer, seq, false);
    }
  }
  flush();
  closeSync(fd);
  return packets;
}

/** Runs a command, keeping only the last line it prints; resolves with it and the peak memory of the run. */
function lastLine(command: string, args: string[]): Promise<{ line: string; ms: number; peak: number; code: number }> {
  const memory = new MemoryProbe(100);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      tail = (tail + text).slice(-256);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = memory.peak();
      memory.stop();
      const lines = tail.trimEnd().split('\n');
      resolve({ line: lines[lines.length - 1], ms: performance.now() - t0, peak, code: code ?? -1 });
    });
  });
}

interface Row {
  what: string;
  value: string;
  target: string;
  pass?: boolean;
  number?: number;
  unit?: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What the app half needs of bench/browser.ts. */
export interface AppBench {
  browser: Browser;
  url: string;
  memory: MemoryProbe;
  init: () => void;
  until: (page: import('playwright-core').Page, condition: string, timeout?: number) => Promise<number>;
  rowsDrawn: (atLeast: number) => string;
  filter: string;
}

export async function benchBigCapture(app: AppBench): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-big-'));
  const rows: Row[] = [];
  try {
    const free = await statfs(dir);
    const available = free.bavail * free.bsize;
    // Room for the file and for the system to go on (2 GB to spare).
    if (available < BYTES + 2e9) {
      console.log(
        `big capture: skipped, ${(available / 1e9).toFixed(1)} GB free where ${(BYTES / 1e9).toFixed(1)} GB are needed`,
      );
      return [{ what: 'capture over 4 GB', value: 'skipped (disk space)', target: '(reported)' }];
    }
    const path = join(dir, 'big.pcap');
    const t0 = performance.now();
    const packets = makeBigCapture(path, BYTES);
    console.log(
      `big capture: ${packets} packets, ${(BYTES / 1e9).toFixed(1)} GB, made in ${seconds(performance.now() - t0)}`,
    );

    const cli = new URL('../../bin/loupe.mjs', import.meta.url).pathname;
    const run = await lastLine('node', [cli, 'fields', path, '-e', 'frame.number']);
    rows.push({
      what: `CLI over ${(BYTES / 1e9).toFixed(0)} GB: fields -e frame.number | tail -1 (${run.line})`,
      value: seconds(run.ms),
      target: `last line ${packets}`,
      pass: run.code === 0 && run.line === String(packets),
      number: run.ms,
    });
    rows.push({
      what: 'CLI over 6 GB: peak memory',
      value: megabytes(run.peak),
      target: '(reported)',
      number: run.peak,
      unit: 'bytes',
    });

    app.memory.reset();
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(app.init);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(app.url);
    await page.getByTestId('file-input').waitFor({ state: 'attached' });
    await page.getByTestId('file-input').setInputFiles(path);
    const input = await page.evaluate(() => performance.now());
    const indexed = await app.until(
      page,
      `document.querySelector('[data-testid=displayed-count]')?.textContent === 'Displayed: ${packets} of ${packets}'`,
      1_800_000,
    );
    rows.push({
      what: `app over 6 GB: ${packets} packets indexed`,
      value: seconds(indexed - input),
      target: '(reported)',
      number: indexed - input,
    });
    const scrolled = await page.evaluate(() => {
      const scroller = document.querySelector('[data-testid=packet-list] .scroller') as HTMLElement;
      scroller.scrollTop = scroller.scrollHeight;
      return performance.now();
    });
    const drawn = await app.until(page, app.rowsDrawn(Math.floor(packets * 0.999)), 120_000);
    rows.push({
      what: 'app over 6 GB: scroll to the end, rows drawn',
      value: `${(drawn - scrolled).toFixed(0)} ms`,
      target: '(reported)',
      number: drawn - scrolled,
    });
    const filterBox = page.getByLabel('Display filter');
    await filterBox.fill(app.filter);
    await filterBox.press('Enter');
    const enter = await page.evaluate(() => performance.now());
    const filtered = await app.until(
      page,
      `/^Displayed: \\d+ of ${packets}$/.test(document.querySelector('[data-testid=displayed-count]')?.textContent ?? '') && document.querySelector('[data-testid=displayed-count]').textContent !== 'Displayed: ${packets} of ${packets}'`,
      600_000,
    );
    const status = await page.getByTestId('displayed-count').textContent();
    rows.push({
      what: `app over 6 GB: filter (${status})`,
      value: `${(filtered - enter).toFixed(0)} ms`,
      target: '(reported)',
      number: filtered - enter,
    });
    await context.close();
    const peak = app.memory.peak();
    rows.push({
      what: 'app over 6 GB: browser peak memory',
      value: megabytes(peak),
      target: '(reported)',
      number: peak,
      unit: 'bytes',
    });
  } catch (e) {
    rows.push({
      what: 'capture over 4 GB',
      value: `failed: ${(e as Error).message.split('\n')[0]}`,
      target: 'opens',
      pass: false,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
