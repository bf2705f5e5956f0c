import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyBlock, masterSecret, prf, sessionHash } from '../../src/tls/prf';

/** P_hash written again over Node's HMAC (RFC 5246 §5), as the oracle. */
function pHash(hash: string, secret: Buffer, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let a = seed;
  let total = 0;
  while (total < length) {
    a = createHmac(hash, secret).update(a).digest();
    const block = createHmac(hash, secret)
      .update(Buffer.concat([a, seed]))
      .digest();
    out.push(block);
    total += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

describe('TLS PRF and key derivation', () => {
  const secret = randomBytes(48);
  const seed = randomBytes(64);

  it('TLS 1.2 uses P_SHA256 or P_SHA384', () => {
    for (const hash of ['sha256', 'sha384'] as const) {
      expect(Buffer.from(prf(0x0303, hash, secret, 'key expansion', seed, 104))).toEqual(
        pHash(hash, secret, Buffer.concat([Buffer.from('key expansion'), seed]), 104),
      );
    }
  });

  it('TLS 1.0 and 1.1 XOR P_MD5 over the first half with P_SHA1 over the second', () => {
    const labelSeed = Buffer.concat([Buffer.from('master secret'), seed]);
    const md5 = pHash('md5', secret.subarray(0, 24), labelSeed, 48);
    const sha1 = pHash('sha1', secret.subarray(24), labelSeed, 48);
    const want = Buffer.from(md5.map((b, i) => b ^ sha1[i]));
    expect(Buffer.from(masterSecret(0x0301, 'sha256', secret, seed.subarray(0, 32), seed.subarray(32)))).toEqual(want);
    expect(Buffer.from(masterSecret(0x0302, 'sha256', secret, seed.subarray(0, 32), seed.subarray(32)))).toEqual(want);
  });

  it('the extended master secret hashes the handshake instead of the randoms (RFC 7627)', () => {
    const transcript = randomBytes(500);
    const hash12 = sessionHash(0x0303, 'sha256', transcript);
    expect(Buffer.from(hash12)).toEqual(createHash('sha256').update(transcript).digest());
    expect(Buffer.from(sessionHash(0x0301, 'sha256', transcript))).toEqual(
      Buffer.concat([createHash('md5').update(transcript).digest(), createHash('sha1').update(transcript).digest()]),
    );
    expect(Buffer.from(masterSecret(0x0303, 'sha256', secret, seed, seed, hash12))).toEqual(
      pHash('sha256', secret, Buffer.concat([Buffer.from('extended master secret'), hash12]), 48),
    );
  });

  it('the key block is cut client MAC, server MAC, client key, server key, client IV, server IV', () => {
    const client = randomBytes(32);
    const server = randomBytes(32);
    const block = pHash(
      'sha256',
      secret,
      Buffer.concat([Buffer.from('key expansion'), server, client]),
      2 * (20 + 16 + 16),
    );
    const keys = keyBlock(0x0303, 'sha256', secret, client, server, 20, 16, 16);
    expect(Buffer.from(keys.client.macKey)).toEqual(block.subarray(0, 20));
    expect(Buffer.from(keys.server.macKey)).toEqual(block.subarray(20, 40));
    expect(Buffer.from(keys.client.key)).toEqual(block.subarray(40, 56));
    expect(Buffer.from(keys.server.key)).toEqual(block.subarray(56, 72));
    expect(Buffer.from(keys.client.iv)).toEqual(block.subarray(72, 88));
    expect(Buffer.from(keys.server.iv)).toEqual(block.subarray(88, 104));
  });
});
