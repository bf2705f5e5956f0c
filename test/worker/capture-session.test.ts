import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';
import { fieldsOf } from '../support/run';
import { CORPUS, hasCorpus } from '../support/corpus';

const DEMO = new URL('../../public/demo/demo.pcap', import.meta.url).pathname;
const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));

describe('capture session (worker side)', () => {
  it('indexes the demo capture and serves rows that agree with the CLI', async () => {
    const session = await CaptureSession.create(wasm());
    const progress: number[] = [];
    const summary = await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcap', (p) => progress.push(p.frames));
    const cli = (await fieldsOf(DEMO, ['frame.len', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'eth.src', 'eth.dst'])).text.trim().split('\n').map((l) => l.split('\t'));
    expect(summary).toMatchObject({ name: 'demo.pcap', frames: cli.length, format: 'pcap', compressed: false, warnings: [] });
    expect(summary.problem).toBeUndefined();
    expect(progress.at(-1)).toBe(cli.length);

    const page = await session.rows(0, 1000);
    expect(page.count).toBe(cli.length);
    expect(page.times[0]).toBe('0.000000');
    expect(Array.from(page.length, String)).toEqual(cli.map((c) => c[0]));
    page.summaries.forEach((s, i) => {
      // The list names the highest layer's addresses: IP (v4 or v6) over Ethernet.
      const [, ipSrc, ipDst, ip6Src, ip6Dst, ethSrc, ethDst] = cli[i];
      expect([s.source, s.destination]).toEqual(ipSrc ? [ipSrc, ipDst] : ip6Src ? [ip6Src, ip6Dst] : [ethSrc, ethDst]);
      expect(s.protocol).not.toBe('');
    });
    expect((await session.rows(cli.length - 2, 10)).count).toBe(2);
  });

  it('decodes one frame with its bytes', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcap');
    const frame = (await session.frame(2))!;
    const cli = (await fieldsOf(DEMO, ['frame.cap_len'])).text.split('\n');
    expect(frame.bytes.length).toBe(Number(cli[1]));
    expect(frame.records.length % 8).toBe(0);
    expect(frame.records.length).toBeGreaterThan(8);
    expect(await session.frame(0)).toBeUndefined();
    expect(await session.frame(10_000)).toBeUndefined();
  });

  it('keeps the packets of a truncated capture and says where it broke', async () => {
    const bytes = readFileSync(DEMO);
    const session = await CaptureSession.create(wasm());
    const summary = await session.open(new Blob([bytes.subarray(0, bytes.length - 20)]), 'cut.pcap');
    const cli = (await fieldsOf(bytes.subarray(0, bytes.length - 20), ['frame.number'])).result;
    expect(summary.frames).toBe(cli.frames);
    expect(summary.problem?.fatal).toBe(false);
    expect(summary.problem?.message).toBe(cli.problem?.message);
  });

  it('says when a file is no capture, and opens the next one', async () => {
    const session = await CaptureSession.create(wasm());
    const summary = await session.open(new Blob(['hello, this is text']), 'notes.txt');
    expect(summary.frames).toBe(0);
    expect(summary.problem?.fatal).toBe(true);
    expect(summary.problem?.message).toMatch(/not a capture file/);
    expect((await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcap')).frames).toBeGreaterThan(0);
  });

  it('lets a newer open supersede one in progress', async () => {
    const session = await CaptureSession.create(wasm());
    const demo = new Blob([readFileSync(DEMO)]);
    const first = session.open(demo, 'a.pcap');
    const second = session.open(demo, 'b.pcap');
    await expect(first).rejects.toThrow();
    expect((await second).name).toBe('b.pcap');
  });
});

describe.skipIf(!hasCorpus)('capture session frame detail', () => {
  it('gives an HTTP request frame its HTTP layer with headers, and a reassembled PDU its own byte tab', async () => {
    const capture = `${CORPUS}/real/http_google.pcapng`;
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(capture)]), 'http_google.pcapng');
    const request = (await fieldsOf(capture, ['http.request'])).text.split('\n').indexOf('1') + 1;
    const detail = (await session.frame(request))!;
    const top = detail.appItems.filter((i) => i.depth === 0).map((i) => i.text);
    expect(top).toContain('Hypertext Transfer Protocol');
    expect(detail.appItems.some((i) => i.text.startsWith('GET / HTTP/1.1'))).toBe(true);
    expect(detail.appItems.some((i) => /^Host: /.test(i.text))).toBe(true);
    for (const item of detail.appItems) {
      const bytes = item.tab ? detail.extraBytes[item.tab - 1].bytes : detail.bytes;
      expect(item.start + item.length).toBeLessThanOrEqual(bytes.length);
    }
  });

  it('names the tab of a PDU that spans segments', async () => {
    const capture = `${CORPUS}/real/http_post.pcapng`;
    const session = await CaptureSession.create(wasm());
    const summary = await session.open(new Blob([readFileSync(capture)]), 'http_post.pcapng');
    const tabs = [];
    for (let n = 1; n <= summary.frames; n++) tabs.push(...(await session.frame(n))!.extraBytes.map((t) => t.label));
    expect(tabs.some((t) => /^Reassembled TCP \(\d+ bytes\)$/.test(t))).toBe(true);
  });
});
