import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));
const brief = (o: { kind: string; requestFrame: number; responseFrame?: number; status: string }) =>
  `${o.kind} ${o.requestFrame}>${o.responseFrame ?? '-'} ${o.status}`;

describe('operations and grouping services (worker side)', () => {
  it('pairs the same operations from the Protocol/Info pass and, for a reopened capture, from a pass of their own', async () => {
    const file = new Blob([readFileSync(DEMO)]);
    const first = await CaptureSession.create(wasm());
    await first.open(file, 'demo.pcapng');
    const fromColumns = await first.operations();
    // The demo: DNS lookups, an HTTP exchange, the decrypted TLS session's HTTP and MSNP commands.
    expect(new Set(fromColumns.map((o) => o.kind))).toEqual(new Set(['dns', 'http', 'msnp']));
    const full = (await first.packedAnalysis(true))!;

    const again = await CaptureSession.create(wasm());
    await again.open(file, 'demo.pcapng', undefined, { summary: full.summary, packed: full.packed });
    const ownPass = await again.operations();
    expect(ownPass.map(brief)).toEqual(fromColumns.map(brief));

    // Limited to the display filter: the operations whose request or response it shows.
    const dns = fromColumns.filter((o) => o.kind === 'dns');
    const outcome = await again.filter('dns');
    expect(outcome.kind).toBe('applied');
    expect((await again.operations(true)).map(brief)).toEqual(dns.map(brief));
  });

  it('groups the displayed packets and makes a filter selecting exactly a group', async () => {
    const session = await CaptureSession.create(wasm());
    const summary = await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    const outcome = await session.grouping(['conversation', 'dns.qry.name']);
    if (outcome.kind !== 'grouped') throw new Error(outcome.message);
    expect(outcome.packets).toBe(summary.frames);
    expect(outcome.groups.reduce((n, g) => n + g.packets, 0)).toBe(summary.frames);
    const dnsGroup = outcome.groups
      .flatMap((g) => g.children)
      .find((c) => c.field === 'dns.qry.name' && c.value !== '(none)')!;
    const made = (await session.groupFilter(dnsGroup.id))!;
    expect(made.exact).toBe(true);
    const applied = await session.filter(made.filter);
    expect(applied.kind === 'applied' && applied.frames?.length).toBe(dnsGroup.packets);
    expect(await session.grouping(['no.such.field'])).toMatchObject({ kind: 'invalid' });
  });

  it("groups by conversation and the list's columns from the Protocol/Info pass as its own pass would", async () => {
    const file = new Blob([readFileSync(DEMO)]);
    const fields = ['conversation', '_ws.col.Protocol'];
    const first = await CaptureSession.create(wasm());
    await first.open(file, 'demo.pcapng');
    const fromPass = await first.grouping(fields, false);
    const full = (await first.packedAnalysis(true))!;
    // Reopened from the library: no Protocol/Info pass, so Grouping dissects the capture itself.
    const again = await CaptureSession.create(wasm());
    await again.open(file, 'demo.pcapng', undefined, { summary: full.summary, packed: full.packed });
    const ownPass = await again.grouping(fields, false);
    if (fromPass.kind !== 'grouped' || ownPass.kind !== 'grouped') throw new Error('not grouped');
    expect(fromPass.groups.length).toBeGreaterThan(2);
    expect(fromPass).toEqual(ownPass);
    const http = fromPass.groups.flatMap((g) => g.children).find((c) => c.value === 'HTTP')!;
    const made = (await first.groupFilter(http.id))!;
    expect(made.exact).toBe(true);
    expect(made.filter).toContain('_ws.col.Protocol == "HTTP"');
  });
});
