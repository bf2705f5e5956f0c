import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';
import { fieldsOf } from '../support/run';
import { buildTree } from '../../src/present/tree';
import { treeText } from '../../src/cli/show-command';
import { CORPUS, hasCorpus } from '../support/corpus';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));

describe('capture session (worker side)', () => {
  it('indexes the demo capture and serves rows that agree with the CLI', async () => {
    const session = await CaptureSession.create(wasm());
    const progress: number[] = [];
    const summary = await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng', (p) => progress.push(p.frames));
    const cli = (
      await fieldsOf(DEMO, ['frame.len', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'eth.src', 'eth.dst'])
    ).text
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(summary).toMatchObject({
      name: 'demo.pcapng',
      frames: cli.length,
      format: 'pcapng',
      compressed: false,
      warnings: [],
    });
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

  it('reopens from its packed analysis with every row final at once, the same rows and expert items', async () => {
    const file = new Blob([readFileSync(DEMO)]);
    const first = await CaptureSession.create(wasm());
    await first.open(file, 'demo.pcapng');
    const indexed = (await first.packedAnalysis(false))!;
    expect(indexed.dissected).toBe(false);
    expect(indexed.facts).toMatchObject({ packets: indexed.summary.frames, format: 'pcapng', linkTypes: [1] });
    const full = (await first.packedAnalysis(true))!;
    const rows = await first.rows(0, 1000);
    const expert = await first.expertInfo();
    expect(rows.dissected).toBe(rows.count);
    expect(expert.length).toBeGreaterThan(0);

    const again = await CaptureSession.create(wasm());
    const summary = await again.open(file, 'again.pcapng', undefined, { summary: full.summary, packed: full.packed });
    expect(summary).toEqual({ ...full.summary, name: 'again.pcapng' });
    // No background pass: every row is final the moment open() returns.
    const reopened = await again.rows(0, 1000);
    expect(reopened.dissected).toBe(rows.count);
    expect(reopened.summaries).toEqual(rows.summaries);
    expect(Array.from(reopened.flags)).toEqual(Array.from(rows.flags));
    expect(reopened.times).toEqual(rows.times);
    expect(await again.expertInfo()).toEqual(expert);

    // An analysis stored before the pass was through: the index is taken, Protocol and Info are dissected again.
    const partly = await CaptureSession.create(wasm());
    await partly.open(file, 'demo.pcapng', undefined, { summary: indexed.summary, packed: indexed.packed });
    await partly.columnsFilled();
    expect((await partly.rows(0, 1000)).summaries).toEqual(rows.summaries);
    expect(await partly.expertInfo()).toEqual(expert);
  });

  it('decodes one frame with its bytes', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
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
    expect((await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng')).frames).toBeGreaterThan(0);
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

  it('sorts, formats time, and notes frames as the packet list asks', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    await session.columnsFilled();
    const cli = (await fieldsOf(DEMO, ['frame.len', 'frame.time_epoch', '_ws.col.Protocol'])).text
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const byLength = cli
      .map((c, i) => ({ n: i + 1, len: Number(c[0]) }))
      .sort((a, b) => b.len - a.len || a.n - b.n)
      .map((r) => r.n);
    expect(Array.from((await session.sort({ column: 'length', descending: true }))!)).toEqual(byLength);
    expect(Array.from((await session.rows(0, 5)).numbers)).toEqual(byLength.slice(0, 5));
    const byProtocol = (await session.sort({ column: 'protocol', descending: false }))!;
    const protocols = Array.from(byProtocol, (n) => cli[n - 1][2]);
    expect(protocols).toEqual([...protocols].sort());
    expect(await session.sort(undefined)).toBeUndefined();

    // A filter keeps the sort; Go to finds rows in it.
    await session.sort({ column: 'number', descending: true });
    const filtered = await session.filter('udp');
    expect(filtered.kind).toBe('applied');
    const frames = filtered.kind === 'applied' ? Array.from(filtered.frames!) : [];
    expect(frames).toEqual([...frames].sort((a, b) => b - a));
    expect(await session.rowOf(frames[1])).toBe(1);
    const outside = cli.findIndex((_, i) => !frames.includes(i + 1)) + 1;
    expect(outside).toBeGreaterThan(0);
    expect(await session.rowOf(outside)).toBe(-1);
    await session.filter('');
    await session.sort(undefined);

    // Time references: *REF*, and later frames count from them; epoch from the integer stamp.
    await session.annotate('timeRef', [3]);
    const page = await session.rows(0, 5, 'relative');
    expect(page.times[2]).toBe('*REF*');
    const ns = (s: string) => BigInt(s.replace('.', '').padEnd(s.indexOf('.') + 9, '0'));
    const relative = (a: number, b: number) => {
      const d = ns(cli[a][1]) - ns(cli[b][1]);
      return `${d / 1_000_000_000n}.${String((d % 1_000_000_000n) / 1000n).padStart(6, '0')}`;
    };
    expect(page.times[3]).toBe(relative(3, 2));
    expect(page.times[1]).toBe(relative(1, 0));
    expect((await session.rows(0, 1, 'epoch')).times[0]).toBe(cli[0][1].slice(0, cli[0][1].indexOf('.') + 7));

    // Marks, ignored frames (not dissected: no protocol filter matches them), comments.
    await session.annotate('marked', [2, 5]);
    expect(await session.findNoted('marked', 0, 1)).toBe(1);
    expect(await session.findNoted('marked', 1, 1)).toBe(4);
    expect(await session.findNoted('marked', 4, 1)).toBe(-1);
    await session.annotate('ignored', [1]);
    const ignoredRow = await session.rows(0, 1);
    expect(ignoredRow.summaries[0]).toEqual({ source: '', destination: '', protocol: '', info: '<Ignored>' });
    const icmp = await session.filter('icmp');
    expect(icmp.kind === 'applied' && Array.from(icmp.frames!)).not.toContain(1);
    const kept = await session.filter('frame.ignored == 1 || frame.marked == 1');
    expect(kept.kind === 'applied' && Array.from(kept.frames!)).toEqual([1, 2, 5]);
    await session.setComments(2, ['look here']);
    const commented = await session.filter('frame.comment contains "look"');
    expect(commented.kind === 'applied' && Array.from(commented.frames!)).toEqual([2]);
    expect((await session.frame(2))!.comments).toEqual(['look here']);
    expect(await session.annotations()).toEqual({
      marked: [2, 5],
      ignored: [1],
      timeRefs: [3],
      comments: { 2: ['look here'] },
    });
  });

  it('shows in the tree what the analyst set: marked, time reference, and the delta from the previous displayed frame', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    // Epoch times in nanoseconds (printed with nine decimals), and a difference as the tree prints seconds.
    const times = (await fieldsOf(DEMO, ['frame.time_epoch'])).text
      .trim()
      .split('\n')
      .map((t) => BigInt(t.replace('.', '')));
    const seconds = (ns: bigint) => `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
    const treeOf = async (n: number) => {
      const d = (await session.frame(n))!;
      return treeText(buildTree(d.records, d.bytes, d.appItems, d.context, d.comments));
    };
    await session.annotate('marked', [5]);
    await session.annotate('timeRef', [3]);
    const five = await treeOf(5);
    expect(five).toContain('[Frame is marked: True]');
    expect(five).not.toContain('[This is a Time Reference frame]');
    expect(five).toContain(`[Time since reference or first frame: ${seconds(times[4] - times[2])} seconds]`);
    const three = await treeOf(3);
    expect(three).toContain('[This is a Time Reference frame]');
    expect(three).toContain('[Time since reference or first frame: 0.000000000 seconds]');
    expect(three).toContain('[Frame is marked: False]');
    // Filtered to frames 1 and 5: frame 5's previous displayed frame is frame 1.
    await session.filter('frame.number == 1 || frame.number == 5');
    expect(await treeOf(5)).toContain(
      `[Time delta from previous displayed frame: ${seconds(times[4] - times[0])} seconds]`,
    );
  });

  it('computes field columns and colours in a pass, with a guess until it gets there', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    await session.configure({
      rules: [{ name: 'udp', filter: 'udp', background: '#000000', foreground: '#ffffff', enabled: true }],
      fields: ['udp.srcport', 'ip.ttl'],
    });
    await session.derivedFilled();
    const cli = (await fieldsOf(DEMO, ['udp.srcport', 'ip.ttl'])).text
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => l.split('\t'));
    const page = await session.rows(0, 1000);
    expect(page.derived).toBe(cli.length);
    expect(page.fields).toEqual(cli);
    expect(Array.from(page.colours)).toEqual(cli.map((c) => (c[0] ? 0 : -1)));
    const sorted = (await session.sort({ column: 'field:udp.srcport', descending: true }))!;
    expect(cli[sorted[0] - 1][0]).toBe(String(Math.max(...cli.map((c) => Number(c[0]) || 0))));
  });

  it('serves statistics over every frame or the displayed ones, and an IO graph with a filter of its own', async () => {
    const session = await CaptureSession.create(wasm());
    const summary = await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    const tcp = await session.conversations('tcp');
    expect(tcp.length).toBeGreaterThan(1);
    expect(tcp.map((c) => c.stream)).toEqual(tcp.map((_, i) => i));
    const hierarchy = await session.protocolHierarchy();
    expect(hierarchy.reduce((sum, n) => sum + n.frames, 0)).toBe(summary.frames);

    const outcome = await session.filter('tcp.stream eq 1');
    const shown = outcome.kind === 'applied' ? outcome.frames!.length : -1;
    const limited = await session.conversations('tcp', true);
    expect(limited.map((c) => [c.stream, c.framesAToB + c.framesBToA])).toEqual([[1, shown]]);
    expect(await session.conversations('tcp')).toEqual(tcp);
    expect((await session.endpoints('tcp', true)).length).toBe(2);
    expect((await session.protocolHierarchy(true))[0].frames).toBe(shown);

    // The statistics trees and expert items of the same pass, limited to the display filter like the rest.
    const plen = await session.statsTree('plen');
    expect(plen.roots[0].cells[0]).toBe(String(summary.frames));
    expect((await session.statsTree('plen', true)).roots[0].cells[0]).toBe(String(shown));
    expect((await session.statsTree('http')).roots[0].filter).toBe('http');
    const expert = await session.expertStats();
    expect(expert.length).toBeGreaterThan(0);
    const limitedExpert = await session.expertStats(true);
    expect(
      limitedExpert.every((r) => r.frames.every((f) => outcome.kind === 'applied' && outcome.frames!.includes(f))),
    ).toBe(true);

    const sum = (values: (number | null)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
    const graphs = await session.ioGraphs(1_000_000, [
      { filter: '', metric: 'packets' },
      { filter: 'tcp', metric: 'packets' },
    ]);
    const tcpFrames = tcp.reduce((total, c) => total + c.framesAToB + c.framesBToA, 0);
    if (graphs.kind !== 'applied') throw new Error('no graph');
    expect(sum(graphs.graph.lines[0].values)).toBe(summary.frames);
    expect(sum(graphs.graph.lines[1].values)).toBe(tcpFrames);
    const both = await session.ioGraphs(1_000_000, [{ filter: 'tcp', metric: 'packets' }], true);
    expect(both.kind === 'applied' && sum(both.graph.lines[0].values)).toBe(shown);
    expect(await session.ioGraphs(1_000_000, [{ filter: 'tcp.port ==', metric: 'packets' }])).toMatchObject({
      kind: 'invalid',
    });
  });
});
