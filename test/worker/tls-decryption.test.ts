import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));

describe('TLS decryption in the worker', () => {
  it('decrypts the demo with the key log embedded in the file: columns, tree and a Decrypted TLS byte tab', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    await session.columnsFilled();
    const page = await session.rows(0, 1000);
    const get = page.summaries.findIndex((s) => s.protocol === 'HTTP' && s.info.startsWith('GET /secret.txt'));
    expect(get).toBeGreaterThan(0);
    const detail = (await session.frame(get + 1))!;
    const top = detail.appItems.filter((i) => i.depth === 0).map((i) => i.text);
    expect(top).toEqual(['Transport Layer Security', 'Hypertext Transfer Protocol']);
    const request = detail.appItems.find((i) => i.text.startsWith('GET /secret.txt'))!;
    expect(detail.extraBytes[request.tab - 1].label).toMatch(/^Decrypted TLS \(\d+ bytes\)$/);
    const bytes = detail.extraBytes[request.tab - 1].bytes;
    expect(new TextDecoder().decode(bytes.subarray(request.start, request.start + 3))).toBe('GET');
  });
});

describe('a resumed TLS session in the worker', () => {
  it("decrypts in the tree with only the first connection's key log line (the tree dissects its stream alone)", async () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
    const firstOnly = fixture('tls12_resumed_session_id.keylog')
      .toString()
      .split('\n')
      .find((l) => l.startsWith('CLIENT_RANDOM'))!;
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([fixture('tls12_resumed_session_id.pcap')]), 'resumed.pcap');
    await session.addTlsKey({ name: 'first.keylog', bytes: new TextEncoder().encode(firstOnly + '\n') });
    await session.columnsFilled();
    // Frame 26 is the GET of the second connection (tcp.stream 1), which resumed the first one's session.
    const page = await session.rows(25, 1);
    expect(page.summaries[0]).toMatchObject({ protocol: 'HTTP' });
    const detail = (await session.frame(26))!;
    expect(detail.appItems.filter((i) => i.depth === 0).map((i) => i.text)).toEqual([
      'Transport Layer Security',
      'Hypertext Transfer Protocol',
    ]);
    const rows = await session.tlsSessions();
    expect(rows.map((r) => r.state)).toEqual(['decrypted', 'decrypted']);
  });
});
