import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type Browser, type Page } from 'playwright-core';
import { dropGenerated, SHOTS, startHarness, type Harness } from './harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf } from '../support/run';
import { hex, pcapFile } from '../support/pcap-builder';
import { join } from 'node:path';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import { openCapture } from '../../src/core/source';
import { printFollow } from '../../src/cli/follow-command';
import { CaptureSession } from '../../src/worker/capture-session';

// Needs the built app (dist/app): `npm test` builds it first.
const DEMO_PATH = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const DEMO = readFileSync(DEMO_PATH);

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness();
  browser = harness.browser;
  base = harness.base;
});

afterAll(() => harness?.close());

async function newPage(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  return page;
}

/** The packet list's rendered rows, as cell texts. */
async function listRows(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid=packet-list] [role=row][aria-rowindex]', (rows) =>
    rows
      .map((r) => ({
        at: Number(r.getAttribute('aria-rowindex')),
        cells: Array.from(r.children, (c) => c.textContent ?? ''),
      }))
      .sort((a, b) => a.at - b.at)
      .map((r) => r.cells),
  );
}

const status = (page: Page) => page.getByTestId('status-bar');
const packetCount = (n: number) => `${n.toLocaleString('en-US')} packets`;

/** What the CLI says about the demo: the reference the list is checked against. */
async function demoReference() {
  const { text } = await fieldsOf(DEMO_PATH, [
    'frame.number',
    'frame.time_epoch',
    'frame.len',
    'frame.cap_len',
    'ip.src',
    'ip.dst',
    'ipv6.src',
    'ipv6.dst',
    'eth.src_resolved',
    'eth.dst_resolved',
  ]);
  const rows = text
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  const epoch = (s: string) => s.split('.').map(Number) as [number, number];
  const [sec0, ns0] = epoch(rows[0][1]);
  return rows.map(([number, time, len, capLen, ipSrc, ipDst, ip6Src, ip6Dst, ethSrc, ethDst]) => {
    const [sec, ns] = epoch(time);
    return {
      number,
      time: (sec - sec0 + (ns - ns0) / 1e9).toFixed(6),
      len,
      capLen: Number(capLen),
      source: ipSrc || ip6Src || ethSrc,
      destination: ipDst || ip6Dst || ethDst,
    };
  });
}

describe('Loupe in Chromium', () => {
  it('opens the demo from ?demo and lists its packets as the core reads them', async () => {
    const reference = await demoReference();
    const page = await newPage();
    await page.goto(base + '?demo');
    // The first page of a run compiles the core cold; the machine may be busy.
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toContain(packetCount(reference.length));
    await expect.poll(async () => (await listRows(page)).length).toBeGreaterThan(10);
    const rows = await listRows(page);
    await expect.poll(async () => (await listRows(page))[0][1]).not.toBe(undefined);
    for (const [i, cells] of (await listRows(page)).entries()) {
      const ref = reference[i];
      const [number, time, source, destination, protocol, length, info] = cells;
      expect({ number, time, source, destination, length }).toEqual({
        number: ref.number,
        time: ref.time,
        source: ref.source,
        destination: ref.destination,
        length: ref.len,
      });
      expect(protocol).not.toBe('');
      expect(info).not.toBe('');
    }
    expect(rows.length).toBeLessThanOrEqual(reference.length);
    expect(await status(page).textContent()).toContain('demo.pcapng');
    expect(await status(page).textContent()).toContain('pcap');
    await page.screenshot({ path: `${SHOTS}/1-demo-list.png` });
    await page.context().close();
  });

  it('shows the protocol tree and the bytes of a clicked packet, highlighting a field', async () => {
    const reference = await demoReference();
    const page = await newPage();
    await page.goto(base + '?demo');
    // A packet past the first few that the core decodes as IPv4.
    const n = reference.findIndex((r, i) => i >= 10 && /^\d+\.\d+\.\d+\.\d+$/.test(r.source)) + 1;
    const row = page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    const tree = page.getByTestId('protocol-tree');
    const { len, capLen } = reference[n - 1];
    await expect
      .poll(() => tree.textContent())
      .toContain(
        `Frame ${n}: ${len} bytes on wire (${Number(len) * 8} bits), ${capLen} bytes captured (${Number(capLen) * 8} bits)`,
      );

    const hexLines = page.locator('[data-testid=hex-view] .line');
    expect(await hexLines.count()).toBe(Math.ceil(reference[n - 1].capLen / 16));
    expect(await hexLines.first().locator('.offset').textContent()).toBe('0000');

    // Expand the IPv4 layer and select its source address: the hex view marks those 4 bytes.
    const ipNode = tree.locator('[role=treeitem][data-path="ip"]');
    await ipNode.locator('.twisty').click();
    await tree.locator('[role=treeitem][data-path="ip/ip.src"]').click();
    const expected = reference[n - 1].source
      .split('.')
      .map((b) => Number(b).toString(16).padStart(2, '0'))
      .join(' ');
    await expect.poll(() => page.locator('[data-testid=hex-view] mark').allTextContents()).toContain(expected);
    expect(await tree.locator('[data-path="ip/ip.src"]').textContent()).toContain(
      `Source Address: ${reference[n - 1].source}`,
    );
    expect(await page.getByTestId('selected-field').textContent()).toBe('Source Address (ip.src), 4 bytes');

    // Clicking a byte in the hex view selects the innermost field holding it: byte 30 is the IPv4 destination's first.
    const at = await page.evaluate(() => {
      const column = document.querySelectorAll('[data-testid=hex-view] .line')[1].querySelector('.bytes')!;
      const walker = document.createTreeWalker(column, NodeFilter.SHOW_TEXT);
      let skip = (30 - 16) * 3;
      let node = walker.nextNode() as Text;
      while (skip >= node.length) {
        skip -= node.length;
        node = walker.nextNode() as Text;
      }
      const range = document.createRange();
      range.setStart(node, skip);
      range.setEnd(node, skip + 1);
      const box = range.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    await page.mouse.click(at.x, at.y);
    await expect
      .poll(() => page.getByTestId('selected-field').textContent())
      .toBe('Destination Address (ip.dst), 4 bytes');
    await page.screenshot({ path: `${SHOTS}/2-demo-tree-hex.png` });

    // Keyboard: the list moves its selection, the tree follows the new packet.
    await page.getByTestId('packet-list').focus();
    await page.keyboard.press('End');
    await expect
      .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
      .toBe(String(reference.length));
    await expect.poll(() => tree.textContent()).toContain(`Frame ${reference.length}:`);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
      .toBe('2');
    await page.context().close();
  });

  it("shows a TLS server's certificate chain, reassembled from three records, in the tree", async () => {
    const page = await newPage();
    await page.goto(base);
    await page
      .getByLabel('Open capture')
      .setInputFiles(new URL('../dissectors/tls/fixtures/tls12_frag.pcap', import.meta.url).pathname);
    await page.locator('[data-testid=packet-list] [aria-rowindex="6"]').click();
    const tree = page.getByTestId('protocol-tree');
    await tree.getByText('Transport Layer Security', { exact: true }).click();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => tree.textContent())
      .toContain('TLSv1.2 Record Layer: Handshake Protocol: Certificate (fragment)');
    for (const line of [
      'TLSv1.2 Record Layer: Handshake Protocol: Certificate',
      'Handshake Protocol: Certificate',
      'Certificates (1509 bytes)',
    ]) {
      await tree.getByText(line, { exact: true }).click();
      await page.keyboard.press('ArrowRight');
    }
    await expect
      .poll(() => tree.textContent())
      .toContain('(id-at-commonName=Loupe Intermediate CA,id-at-organizationName=Loupe Root,id-at-countryName=US)');
    // The certificate points into the reassembled message, shown in its own bytes tab.
    await tree.getByText(/^Certificate: 308202193082/).click();
    await expect
      .poll(() => page.getByRole('tab', { name: /^Reassembled .*\(1516 bytes\)$/ }).getAttribute('aria-selected'))
      .toBe('true');
    await page.screenshot({ path: `${SHOTS}/25-tls-certificates.png` });
    await page.context().close();
  });

  it('follows a dark system theme', async () => {
    const page = await newPage('dark');
    await page.goto(base + '?demo');
    await page.locator('[data-testid=packet-list] [aria-rowindex="3"]').click();
    await page.getByTestId('protocol-tree').locator('[data-path="ip"] .twisty').click();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: `${SHOTS}/3-dark.png` });
    await page.context().close();
  });

  it('says clearly when a file is no capture and stays usable', async () => {
    const page = await newPage();
    await page.goto(base);
    await page.screenshot({ path: `${SHOTS}/4-empty.png` });
    await page.getByTestId('file-input').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('These are my notes, not packets.\n'),
    });
    const error = page.getByTestId('open-error');
    await expect
      .poll(() => error.textContent())
      .toContain('notes.txt cannot be opened: not a capture file (starts with 0x54686573)');
    await page.screenshot({ path: `${SHOTS}/5-not-a-capture.png` });
    await page.getByRole('button', { name: 'Demo capture' }).click();
    await expect.poll(async () => (await listRows(page)).length).toBeGreaterThan(0);
    await page.context().close();
  });

  it('marks packets the core flags as bad', async () => {
    const frame = (checksum: number) => {
      const bytes = new Uint8Array(34);
      bytes.set([0x08, 0x00], 12);
      bytes.set([0x45, 0, 0, 20, 0, 1, 0, 0, 64, 253, checksum >> 8, checksum & 0xff, 127, 0, 0, 1, 127, 0, 0, 1], 14);
      return bytes;
    };
    const good = frame(0);
    const header = good.subarray(14);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += (header[i] << 8) | header[i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    const right = ~sum & 0xffff;
    const capture = pcapFile([
      { sec: 1, frac: 0, data: frame(right) },
      { sec: 2, frac: 0, data: frame(right ^ 0x1111) },
    ]);
    const page = await newPage();
    await page.goto(base);
    await page.getByTestId('file-input').setInputFiles({
      name: 'checksums.pcap',
      mimeType: 'application/vnd.tcpdump.pcap',
      buffer: Buffer.from(capture),
    });
    const row = (n: number) => page.locator(`[data-testid=packet-list] [aria-rowindex="${n}"]`);
    await expect.poll(async () => (await listRows(page)).length).toBe(2);
    // Wireshark's "Checksum Errors" colouring rule.
    await expect.poll(() => row(2).getAttribute('data-colour')).toBe('Checksum Errors');
    expect(await row(1).getAttribute('data-colour')).not.toBe('Checksum Errors');
    await page.screenshot({ path: `${SHOTS}/8-bad-checksum.png`, clip: { x: 0, y: 0, width: 1400, height: 120 } });
    await page.context().close();
  });

  it('names Ethernet addresses by vendor in the list and the tree, as Wireshark does', async () => {
    // An ARP request from a Hon Hai NIC to broadcast, and the reply from a D-Link router.
    const arp = (op: number, dst: string, src: string, targetMac: string) =>
      hex(dst + src + '0806' + '000108000604000' + op + src + 'c0a80072' + targetMac + 'c0a80001');
    const capture = pcapFile([
      { sec: 1, frac: 0, data: arp(1, 'ffffffffffff', '0016ce6e8b24', '000000000000') },
      { sec: 2, frac: 0, data: arp(2, '0016ce6e8b24', '0013460b22ba', '0016ce6e8b24') },
    ]);
    const page = await newPage();
    await page.goto(base);
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'arp.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: Buffer.from(capture) });
    await expect
      .poll(async () => (await listRows(page)).map((cells) => cells.slice(2, 4)))
      .toEqual([
        ['HonHaiPr_6e:8b:24', 'Broadcast'],
        ['D-Link_0b:22:ba', 'HonHaiPr_6e:8b:24'],
      ]);
    await page.locator('[data-testid=packet-list] [aria-rowindex="1"]').click();
    const tree = page.getByTestId('protocol-tree');
    await expect
      .poll(() => tree.locator('[role=treeitem][data-path="eth"] .text').first().textContent())
      .toBe('Ethernet II, Src: HonHaiPr_6e:8b:24 (00:16:ce:6e:8b:24), Dst: Broadcast (ff:ff:ff:ff:ff:ff)');
    await page.screenshot({ path: `${SHOTS}/8-vendor-names.png`, clip: { x: 0, y: 0, width: 1400, height: 500 } });
    await page.context().close();
  });

  it('shows every packet of a truncated capture and where it broke', async () => {
    const cut = DEMO.subarray(0, DEMO.length - 30);
    const cli = (await fieldsOf(cut, ['frame.number'])).result;
    expect(cli.problem).toBeDefined();
    const page = await newPage();
    await page.goto(base);
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'cut.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: cut });
    await expect.poll(() => status(page).textContent()).toContain(packetCount(cli.frames));
    await expect
      .poll(() => page.locator('[data-testid=status-bar] [role=status]').textContent())
      .toContain(cli.problem!.message);
    await page.getByTestId('packet-list').focus();
    await page.keyboard.press('End');
    await expect
      .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
      .toBe(String(cli.frames));
    await page.screenshot({ path: `${SHOTS}/6-truncated.png` });
    await page.context().close();
  });

  it('opens gzipped captures and dropped files', async () => {
    const frames = (await demoReference()).length;
    const page = await newPage();
    await page.goto(base);
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'demo.pcapng.gz', mimeType: 'application/gzip', buffer: gzipSync(DEMO) });
    await expect.poll(() => status(page).textContent()).toContain(packetCount(frames));
    expect(await status(page).textContent()).toContain('pcapng (gzip)');

    const drop = await page.evaluateHandle((bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'dropped.pcap'));
      return data;
    }, Array.from(DEMO));
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: drop });
    await page.dispatchEvent('body', 'drop', { dataTransfer: drop });
    await expect.poll(() => status(page).textContent()).toContain('dropped.pcap');
    await expect.poll(() => status(page).textContent()).toContain(packetCount(frames));
    await page.context().close();
  });

  it('scrolls a large capture to its end', async () => {
    // 500k rows of 20 px exceed the scroll height the list uses, so the scaled scrolling is exercised too.
    const count = 500_000;
    const page = await newPage();
    await page.goto(base);
    const started = await page.evaluate(() => performance.now());
    await dropGenerated(page, 'big.pcap', count);
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toContain(packetCount(count));
    console.log(
      `${count} packets indexed and listed in ${Math.round((await page.evaluate(() => performance.now())) - started)} ms`,
    );
    await page.getByTestId('packet-list').focus();
    await page.keyboard.press('End');
    await expect.poll(async () => (await listRows(page)).at(-1)?.[0], { timeout: 15_000 }).toBe(String(count));
    await expect.poll(async () => (await listRows(page)).at(-1)?.[1], { timeout: 15_000 }).toBe('499.999000');
    await page.screenshot({ path: `${SHOTS}/7-large-end.png` });
    // Half way down the scrollbar is half way through the packets.
    await page.$eval(
      '[data-testid=packet-list] .scroller',
      (el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2),
    );
    await expect
      .poll(async () => Math.abs(Number((await listRows(page))[0]?.[0]) - count / 2), { timeout: 15_000 })
      .toBeLessThan(50);
    await page.context().close();
  });

  describe.skipIf(!hasCorpus)('analyst workbench on corpus captures', () => {
    async function openCorpus(page: Page, path: string) {
      await page.goto(base);
      await page.getByLabel('Open capture').setInputFiles(join(CORPUS, path));
      const frames = (await fieldsOf(join(CORPUS, path), ['frame.number'])).result.frames;
      await expect
        .poll(() => page.getByTestId('displayed-count').textContent())
        .toBe(`Displayed: ${frames} of ${frames}`);
      await expect.poll(() => page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(frames));
      return frames;
    }

    it('marks TCP analysis in Info as the core finds it, coloured like Wireshark', async () => {
      const path = 'real/tcp_retransmissions.pcapng';
      const page = await newPage();
      const frames = await openCorpus(page, path);
      const { text } = await fieldsOf(join(CORPUS, path), [
        'tcp.analysis.retransmission',
        'tcp.analysis.duplicate_ack_num',
        'tcp.analysis.duplicate_ack_frame',
      ]);
      const analysis = text
        .split('\n')
        .slice(0, frames)
        .map((l) => l.split('\t'));
      await expect.poll(async () => (await listRows(page)).length).toBe(frames);
      await expect.poll(async () => (await listRows(page)).every((r) => r.length === 7)).toBe(true);
      const rows = await listRows(page);
      analysis.forEach(([retransmission, dupNum, dupFrame], i) => {
        expect(rows[i][6].startsWith('[TCP Retransmission] ')).toBe(retransmission === '1');
        if (dupNum) expect(rows[i][6]).toContain(`[TCP Dup ACK ${dupFrame}#${dupNum}]`);
      });
      const retransmitted = analysis.findIndex(([r]) => r === '1') + 1;
      await expect
        .poll(() =>
          page.locator(`[data-testid=packet-list] [aria-rowindex="${retransmitted}"]`).getAttribute('data-colour'),
        )
        .toBe('Bad TCP');
      await page.screenshot({ path: `${SHOTS}/9-tcp-analysis.png` });
      // The tree names the flags the index carries.
      await page.locator(`[data-testid=packet-list] [aria-rowindex="${retransmitted}"]`).click();
      const details = page.locator('section[aria-label="Packet details"]');
      await details.getByText('Transmission Control Protocol').click();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => details.textContent()).toContain('SEQ/ACK analysis');
      await page.screenshot({ path: `${SHOTS}/15-tcp-tree.png` });
      await page.context().close();
    });

    it('follows a TCP stream from the context menu and shows what loupe follow prints', async () => {
      const path = 'real/http_google.pcapng';
      const page = await newPage();
      await openCorpus(page, path);
      const first = page.locator('[data-testid=packet-list] [aria-rowindex="1"]');
      await first.click();
      await first.click({ button: 'right' });
      await page.getByRole('menuitem', { name: /Follow TCP Stream/ }).click();
      const body = page.getByTestId('follow-body');
      await expect.poll(() => body.locator('pre').count()).toBeGreaterThan(0);
      // Rebuild `loupe follow --format ascii`'s body from the view: length line, then the text; server indented.
      const shown = await body
        .locator('pre')
        .evaluateAll((pres) =>
          pres
            .map(
              (p) => `${p.classList.contains('server') ? '\t' : ''}${p.getAttribute('data-bytes')}\n${p.textContent}\n`,
            )
            .join(''),
        );
      const source = await openCapture(new Blob([readFileSync(join(CORPUS, path))]));
      let cli = '';
      await printFollow(await newCore(), source.blob, 'tcp', 0, 'ascii', (s) => (cli += s));
      const cliBody = cli.split('\n').slice(6, -2).join('\n') + '\n';
      expect(shown).toBe(cliBody);
      await page.screenshot({ path: `${SHOTS}/10-follow-ascii.png` });
      await page.getByLabel('Show data as').selectOption('hexdump');
      await page.getByLabel('Find in stream').fill('google');
      await page.getByRole('button', { name: 'Find next' }).click();
      await page.screenshot({ path: `${SHOTS}/11-follow-hexdump-find.png` });
      await page.context().close();
    });

    it('opens Follow with the keyboard, in the dark theme too', async () => {
      const page = await newPage('dark');
      await openCorpus(page, 'real/dns_tcp.pcapng');
      const row = page.locator('[data-testid=packet-list] [aria-rowindex="4"]');
      await row.click();
      await page.keyboard.press('Control+Alt+Shift+T');
      await expect.poll(() => page.getByTestId('follow-body').locator('pre').count()).toBeGreaterThan(0);
      await page.screenshot({ path: `${SHOTS}/12-follow-dark.png` });
      await page.context().close();
    });

    for (const [path, shot] of [
      ['real/http_google.pcapng', 16],
      ['real/dns_query_response.pcapng', 17],
      ['apps/ftp_passive.pcap', 18],
    ] as const) {
      it(`shows ${path}'s Protocol and Info as loupe fields prints them`, async () => {
        const page = await newPage();
        await openCorpus(page, path);
        const cli = (await fieldsOf(join(CORPUS, path), ['_ws.col.Protocol', '_ws.col.Info'])).text.split('\n');
        await expect.poll(() => page.locator('[data-testid=packet-list] .provisional').count()).toBe(0);
        await expect.poll(async () => (await listRows(page)).every((r) => r.length === 7)).toBe(true);
        const rows = await listRows(page);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.map((r) => `${r[4]}\t${r[6]}`)).toEqual(cli.slice(0, rows.length));
        await page.screenshot({ path: `${SHOTS}/${shot}-columns-${path.split('/')[1].split('.')[0]}.png` });
        await page.context().close();
      });
    }

    it("shows an HTTP request's HTTP layer with its headers, highlighting a header's bytes", async () => {
      const path = 'real/http_google.pcapng';
      const page = await newPage();
      await openCorpus(page, path);
      const request = (await fieldsOf(join(CORPUS, path), ['http.request'])).text.split('\n').indexOf('1') + 1;
      await page.locator(`[data-testid=packet-list] [aria-rowindex="${request}"]`).click();
      const details = page.getByTestId('protocol-tree');
      await details.getByText('Hypertext Transfer Protocol', { exact: true }).click();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => details.textContent()).toContain('GET / HTTP/1.1');
      const host = details.locator('.node', { hasText: /^.Host: / });
      await host.click();
      await expect.poll(() => page.getByTestId('selected-field').textContent()).toMatch(/^Host \(http\.host\)/);
      const marked = await page.getByTestId('hex-view').locator('.ascii mark').allTextContents();
      expect(marked.join('')).toMatch(/^Host: www\.google\.com/);
      await page.screenshot({ path: `${SHOTS}/19-http-tree.png` });
      await page.context().close();
    });

    it('shows a PDU reassembled from segments in its own bytes tab', async () => {
      const path = 'real/http_post.pcapng';
      const page = await newPage();
      await openCorpus(page, path);
      const session = await CaptureSession.create(readFileSync(new URL('../../dist/core.wasm', import.meta.url)));
      const frames = (await session.open(new Blob([readFileSync(join(CORPUS, path))]), path)).frames;
      let post = 1;
      while (post < frames && !(await session.frame(post))!.extraBytes.length) post++;
      await page.locator(`[data-testid=packet-list] [aria-rowindex="${post}"]`).click();
      const tab = page.getByRole('tab', { name: /^Reassembled TCP \(\d+ bytes\)$/ });
      await expect.poll(() => tab.count()).toBe(1);
      const details = page.getByTestId('protocol-tree');
      await details.getByText('Hypertext Transfer Protocol', { exact: true }).click();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => page.getByTestId('hex-view').locator('mark').first().textContent()).not.toBe('');
      await page.screenshot({ path: `${SHOTS}/23-reassembled-tab.png` });
      await page.getByRole('tab', { name: /^Frame/ }).click();
      await page.locator('[data-testid=packet-list]').evaluate((e) => (e as HTMLElement).blur());
      await page.screenshot({ path: `${SHOTS}/24-unfocused-selection.png` });
      await page.context().close();
    });

    it("lists expert information with the core's counts and jumps to packets", async () => {
      const path = 'real/tcp_dupack.pcapng';
      const page = await newPage();
      await openCorpus(page, path);
      await page.getByRole('button', { name: 'Expert information' }).click();
      const view = page.getByTestId('expert-view');
      await expect.poll(() => view.locator('tbody').count()).toBeGreaterThan(0);
      const session = await CaptureSession.create(readFileSync(new URL('../../dist/core.wasm', import.meta.url)));
      await session.open(new Blob([readFileSync(join(CORPUS, path))]), path);
      const expected = await session.expertInfo();
      const counts = await view.getByTestId('entry-count').allTextContents();
      expect(counts.map(Number).sort()).toEqual(expected.map((e) => e.frames.length).sort());
      await view.locator('summary').first().click();
      await page.screenshot({ path: `${SHOTS}/13-expert.png` });
      const target = expected[0].frames[0];
      await view.locator('.frames button').first().click();
      await expect
        .poll(() => page.locator('[data-testid=packet-list] [aria-selected=true]').getAttribute('aria-rowindex'))
        .toBe(String(target));
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${SHOTS}/14-expert-dark.png` });
      await page.context().close();
    });
  });
});
