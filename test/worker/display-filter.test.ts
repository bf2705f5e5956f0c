import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';
import { printFields } from '../../src/cli/fields-command';
import { newCore } from '../support/run';
import { DisplayFilterRunner } from '../../src/worker/display-filter';
import { PacketIndex } from '../../src/core/packet-index';
import { ingest } from '../../src/core/ingest';
import { compileFilter } from '../../src/filter';
import { defaultSettings, parseDecodeAs } from '../../src/dissectors/decode-as';
import { oddPortHttp } from '../support/odd-port-http';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));

/** Frame numbers `loupe fields -Y` prints for the demo capture. */
async function cliFrames(filter: string): Promise<number[]> {
  let text = '';
  await printFields(
    await newCore(),
    new Blob([readFileSync(DEMO)]),
    ['frame.number'],
    (s) => (text += s),
    compileFilter(filter),
  );
  return text.split('\n').filter(Boolean).map(Number);
}

describe('display filters in the worker', () => {
  it('serves only the matching frames, as the CLI selects them, and every frame again for an empty filter', async () => {
    const session = await CaptureSession.create(wasm());
    const summary = await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    for (const text of [
      'tcp.port == 80',
      'udp || icmp',
      'ip.addr == 10.0.0.0/8 && !tcp.analysis.flags',
      'frame.len > 100 && tcp.len > 0',
    ]) {
      const outcome = await session.filter(text);
      expect(outcome.kind).toBe('applied');
      const want = await cliFrames(text);
      expect(Array.from(outcome.kind === 'applied' ? outcome.frames! : []), text).toEqual(want);
      const page = await session.rows(0, 1000);
      expect(Array.from(page.numbers), text).toEqual(want);
    }
    expect(await session.filter('')).toEqual({ kind: 'applied', frames: undefined });
    expect((await session.rows(0, 1000)).count).toBe(summary.frames);
  });

  it('answers an invalid filter with the message and where it is', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    expect(await session.filter('ip.src == "abc"')).toEqual({
      kind: 'invalid',
      message: 'ip.src is an IPv4 address; "abc" is not.',
      start: 10,
      length: 5,
    });
  });

  it('cancels a filter replaced by a newer one, reporting progress while it decodes', async () => {
    const index = new PacketIndex();
    const blob = new Blob([readFileSync(DEMO)]);
    await ingest(await newCore(), blob, false, { onRows: (rows) => index.append(rows) });
    const core = newCore();
    const runner = new DisplayFilterRunner(() => core);
    const progress: number[] = [];
    // tcp.len is not in the index: every TCP frame needs decoding.
    const first = runner.apply('tcp.len > 0', index, blob, (p) => progress.push(p.bytesRead));
    const second = runner.apply('tcp.len > 0', index, blob, (p) => progress.push(p.bytesRead));
    expect(await first).toEqual({ kind: 'cancelled' });
    const outcome = await second;
    expect(outcome.kind).toBe('applied');
    expect(progress.length).toBeGreaterThan(0);
  });

  it('decides application fields by dissecting, under the Decode As settings, and dissects the columns again', async () => {
    const session = await CaptureSession.create(wasm());
    await session.setDissection({ ...defaultSettings(), disabledHeuristics: ['http_tcp'] });
    await session.open(new Blob([oddPortHttp() as BlobPart]), 'odd.pcap');
    await session.columnsFilled();
    const frames = async (text: string) => {
      const outcome = await session.filter(text);
      return outcome.kind === 'applied' ? Array.from(outcome.frames ?? []) : outcome;
    };
    const protocols = async () => (await session.rows(0, 100)).summaries.map((s) => s.protocol);
    expect(await frames('http')).toEqual([]);
    expect(await session.filter('')).toEqual({ kind: 'applied', frames: undefined });
    expect(await protocols()).not.toContain('HTTP');

    await session.setDissection({
      ...defaultSettings(),
      disabledHeuristics: ['http_tcp'],
      decodeAs: [parseDecodeAs('tcp.stream==1,http')],
    });
    await session.columnsFilled();
    expect(await frames('http')).toEqual([9, 10]);
    expect(await frames('http.request.uri == "/b" || tcp.port == 1')).toEqual([9]);
    expect(await session.filter('')).toEqual({ kind: 'applied', frames: undefined });
    expect((await protocols()).map((p, i) => (p === 'HTTP' ? i + 1 : 0)).filter(Boolean)).toEqual([9, 10]);
    expect((await session.frame(9))?.appItems.some((item) => item.name === 'http.request.uri')).toBe(true);
  });
});
