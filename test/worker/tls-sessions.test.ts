import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureSession } from '../../src/worker/capture-session';

const wasm = () => readFileSync(new URL('../../dist/core.wasm', import.meta.url));
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url)));
const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;

async function opened(name: string): Promise<CaptureSession> {
  const session = await CaptureSession.create(wasm());
  await session.open(new Blob([fixture(name)]), name);
  await session.columnsFilled();
  return session;
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('TLS keys given to an open capture (worker)', () => {
  it('a key log dropped on a capture decrypts it: session status, columns, Follow TLS as tshark', async () => {
    const name = 'tls12_ecdhe_aes256_sha384_etm';
    const session = await opened(`${name}.pcap`);
    const before = await session.tlsSessions();
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({
      stream: 0,
      state: 'no key',
      client: '127.0.0.1:50918',
      server: '127.0.0.1:14403',
      version: 'TLS 1.2',
    });
    expect(before[0].status).toMatch(/^no key for client random [0-9a-f]{16}…$/);
    expect((await session.rows(0, 100)).summaries.some((s) => s.info.includes('Application Data'))).toBe(true);

    const outcome = await session.addTlsKey({ name: `${name}.keylog`, bytes: fixture(`${name}.keylog`) });
    expect(outcome).toMatchObject({ kind: 'keylog', secrets: 1, problems: [] });
    await session.columnsFilled();
    const after = await session.tlsSessions();
    expect(after[0]).toMatchObject({
      state: 'decrypted',
      status: 'decrypted',
      suite: expect.stringMatching(/^TLS_ECDHE_.*SHA384 \(0xc0[0-9a-f]{2}\)$/),
    });
    expect(await session.streamsOf(4)).toEqual([
      { kind: 'tls', stream: 0 },
      { kind: 'tcp', stream: 0 },
    ]);

    const followed = (await session.follow({ kind: 'tls', stream: 0 }))!;
    const golden = readFileSync(new URL(`../fixtures/tls/${name}.follow-tls-0.txt`, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => /^\t?[0-9a-f]+$/.test(l));
    expect(followed.chunks.map((c) => (c.fromServer ? '\t' : '') + hexOf(c.bytes))).toEqual(golden);
    expect(followed.client).toEqual({ address: '127.0.0.1', port: 50918, ipv6: false });

    // Export with secrets embeds the key log given, so the exported file decrypts alone.
    expect((await session.exportChoices()).hasTlsSecrets).toBe(true);
    await session.removeTlsKey(`${name}.keylog`);
    expect((await session.tlsSessions())[0].state).toBe('no key');
  });

  it('an RSA key from a PKCS#12 file with its password decrypts RSA key exchange; a wrong password is said plainly', async () => {
    const session = await opened('tls10_rsa_aes256_sha.pcap');
    expect(await session.addTlsKey({ name: 'server.p12', bytes: fixture('server.p12'), password: 'wrong' })).toEqual({
      kind: 'password',
      name: 'server.p12',
      message: 'wrong password for server.p12: the key could not be read',
    });
    expect(await session.tlsKeyEntries()).toEqual([]);
    expect(
      await session.addTlsKey({ name: 'server.p12', bytes: fixture('server.p12'), password: 'loupe' }),
    ).toMatchObject({ kind: 'rsa', keys: 1 });
    expect((await session.tlsSessions())[0]).toMatchObject({ state: 'decrypted', version: 'TLS 1.0' });
  });

  it('the demo decrypts with its embedded key log and no step at all', async () => {
    const session = await CaptureSession.create(wasm());
    await session.open(new Blob([readFileSync(DEMO)]), 'demo.pcapng');
    await session.columnsFilled();
    const rows = await session.tlsSessions();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === 'decrypted')).toBe(true);
    const tls = rows[0];
    expect(tls.version).toBe('TLS 1.3');
    const follow = (await session.follow({ kind: 'tls', stream: tls.stream }))!;
    expect(new TextDecoder().decode(follow.chunks[0].bytes)).toMatch(/^GET \//);
    const filtered = await session.filter('http && tls');
    expect(filtered.kind === 'applied' && filtered.frames!.length).toBeGreaterThan(0);
  });
});
