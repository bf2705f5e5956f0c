import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readKeyFile, TlsKeys } from '../../src/worker/tls-keys';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url)));
const text = (s: string) => new TextEncoder().encode(s);

describe('TLS key files given to a capture', () => {
  it('reads a key log, reporting malformed lines by number', () => {
    const random = 'ab'.repeat(32);
    const bytes = text(
      `# comment\nCLIENT_RANDOM ${random} ${'11'.repeat(48)}\n\nCLIENT_RANDOM abcd 00\nSERVER_TRAFFIC_SECRET_0 ${random} ${'22'.repeat(32)}\nBOGUS 1 2\n`,
    );
    const { outcome } = readKeyFile({ name: 'keys.log', bytes });
    expect(outcome.kind).toBe('keylog');
    if (outcome.kind !== 'keylog') return;
    expect(outcome.secrets).toBe(2);
    expect(outcome.problems.map((p) => p.line)).toEqual([4, 6]);
    expect(outcome.problems[1].reason).toMatch(/unknown label 'BOGUS'/);
  });

  it('refuses a file with no secret in it, naming its first bad line', () => {
    const { outcome, kept } = readKeyFile({ name: 'notes.txt', bytes: text('hello world\n') });
    expect(kept).toBeUndefined();
    expect(outcome).toMatchObject({ kind: 'error' });
    if (outcome.kind === 'error')
      expect(outcome.message).toMatch(/no TLS secrets in notes\.txt.*line 1: unknown label 'hello'/);
  });

  it('reads PEM RSA keys and PKCS#12 with its password; asks for a missing one and says a wrong one plainly', () => {
    expect(readKeyFile({ name: 'server.key.pem', bytes: fixture('server.key.pem') }).outcome).toMatchObject({
      kind: 'rsa',
      keys: 1,
    });
    const asked = readKeyFile({ name: 'server.p12', bytes: fixture('server.p12') }).outcome;
    expect(asked).toEqual({
      kind: 'password',
      name: 'server.p12',
      message: 'server.p12 is protected by a password: enter it to read the key',
    });
    const wrong = readKeyFile({ name: 'server.p12', bytes: fixture('server.p12'), password: 'nope' }).outcome;
    expect(wrong).toEqual({
      kind: 'password',
      name: 'server.p12',
      message: 'wrong password for server.p12: the key could not be read',
    });
    expect(readKeyFile({ name: 'server.p12', bytes: fixture('server.p12'), password: 'loupe' }).outcome).toMatchObject({
      kind: 'rsa',
      keys: 1,
    });
  });

  it('keeps a PKCS#12 key decrypted, as PEM, never its password', async () => {
    const keys = new TlsKeys();
    expect(keys.add({ name: 'server.p12', bytes: fixture('server.p12'), password: 'loupe' })).toMatchObject({
      kind: 'rsa',
    });
    const [kept] = keys.files();
    expect(kept.name).toBe('server.p12');
    expect(kept.password).toBeUndefined();
    const pem = new TextDecoder().decode(kept.bytes);
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(pem).not.toContain('loupe');
    // What is kept opens with no password and decrypts what the PKCS#12 file's key does.
    const again = new TlsKeys();
    expect(again.add(kept)).toMatchObject({ kind: 'rsa', keys: 1, bits: [2048] });
    const tls = again.decryption();
    const capture = fixture('tls10_rsa_aes256_sha.pcap');
    const { followText } = await import('../support/tls');
    expect(await followText(capture, 0, tls)).toBe(
      new TextDecoder().decode(fixture('tls10_rsa_aes256_sha.follow-tls-0.txt')),
    );
    // A plain PEM key is kept as given.
    const plain = new TlsKeys();
    plain.add({ name: 'server.key.pem', bytes: fixture('server.key.pem') });
    expect(plain.files()[0].bytes).toEqual(fixture('server.key.pem'));
  });

  it('binary that is no key file is refused', () => {
    expect(readKeyFile({ name: 'x.bin', bytes: new Uint8Array([1, 0, 2]) }).outcome).toMatchObject({ kind: 'error' });
  });

  it('keeps keys by name, gives each pass a keyring of its own, and hands key logs to exports', () => {
    const keys = new TlsKeys();
    expect(keys.empty).toBe(true);
    keys.add({ name: 'a.keylog', bytes: fixture('tls13_key_update.keylog') });
    keys.add({ name: 'a.keylog', bytes: fixture('tls13_key_update.keylog') });
    keys.add({ name: 'server.key.pem', bytes: fixture('server.key.pem') });
    keys.add({ name: 'bad.txt', bytes: text('nothing') });
    expect(keys.entries().map((e) => e.name)).toEqual(['a.keylog', 'server.key.pem']);
    expect(keys.keyLogBytes()).toHaveLength(1);
    const one = keys.decryption();
    const two = keys.decryption();
    expect(one.keyring).not.toBe(two.keyring);
    expect(one.keyring.hasRsaKeys).toBe(true);
    expect(keys.files().map((f) => f.name)).toEqual(['a.keylog', 'server.key.pem']);
    expect(keys.remove('a.keylog')).toBe(true);
    expect(keys.keyLogBytes()).toHaveLength(0);
  });
});
