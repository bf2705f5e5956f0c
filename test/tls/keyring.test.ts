import { describe, expect, it } from 'vitest';
import { DSB_TLS_KEY_LOG, TlsKeyring } from '../../src/tls/keyring';
import { fromHex } from '../../src/tls/keylog';

const R = '11'.repeat(32);

describe('TLS keyring', () => {
  it('finds secrets by label and client random', () => {
    const ring = new TlsKeyring();
    expect(ring.empty).toBe(true);
    ring.addKeyLog(
      `CLIENT_RANDOM ${R} ${'22'.repeat(48)}\nSERVER_TRAFFIC_SECRET_0 ${R} ${'33'.repeat(32)}\n`,
      'a.keylog',
    );
    expect(ring.empty).toBe(false);
    expect(ring.secret('CLIENT_RANDOM', fromHex(R))).toEqual(new Uint8Array(48).fill(0x22));
    expect(ring.secret('SERVER_TRAFFIC_SECRET_0', fromHex(R))).toEqual(new Uint8Array(32).fill(0x33));
    expect(ring.secret('CLIENT_TRAFFIC_SECRET_0', fromHex(R))).toBeUndefined();
    expect(ring.secret('CLIENT_RANDOM', fromHex('12'.repeat(32)))).toBeUndefined();
    expect([...ring.tls13Sessions()]).toEqual([[R, { client: undefined, server: new Uint8Array(32).fill(0x33) }]]);
  });

  it('takes a Decryption Secrets Block of the TLS key log type only', () => {
    const ring = new TlsKeyring();
    expect(
      ring.addSecretsBlock(0x57474b4c, new TextEncoder().encode(`CLIENT_RANDOM ${R} ${'22'.repeat(48)}\n`)),
    ).toBeUndefined();
    expect(ring.empty).toBe(true);
    const summary = ring.addSecretsBlock(
      DSB_TLS_KEY_LOG,
      new TextEncoder().encode(`CLIENT_RANDOM ${R} ${'22'.repeat(48)}\n`),
    );
    expect(summary).toMatchObject({ secrets: 1, problems: [] });
    expect(ring.secret('CLIENT_RANDOM', fromHex(R))).toBeDefined();
  });

  it("an RSA line gives the premaster by the encrypted premaster's first 8 bytes", () => {
    const ring = new TlsKeyring();
    ring.addKeyLog(`RSA 0102030405060708 ${'44'.repeat(48)}\n`, 'rsa.keylog');
    const encrypted = new Uint8Array(256);
    encrypted.set([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ring.rsaPremaster(encrypted)).toEqual(new Uint8Array(48).fill(0x44));
    encrypted[7] = 9;
    expect(ring.rsaPremaster(encrypted)).toBeUndefined();
  });

  it('remembers master secrets by session id or ticket for resumption', () => {
    const ring = new TlsKeyring();
    const master = new Uint8Array(48).fill(5);
    ring.rememberSession(new Uint8Array([1, 2, 3]), master);
    ring.rememberSession(new Uint8Array(0), new Uint8Array(48));
    expect(ring.resumedSession(new Uint8Array([1, 2, 3]))).toBe(master);
    expect(ring.resumedSession(new Uint8Array(0))).toBeUndefined();
  });
});
