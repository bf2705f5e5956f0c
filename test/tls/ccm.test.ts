import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CcmAuthError, ccmDecrypt } from '../../src/tls/ccm';

describe('AES-CCM', () => {
  it.each([
    [16, 16, 1],
    [16, 8, 13],
    [32, 16, 100],
    [16, 16, 1000],
  ])('opens what OpenSSL seals (key %i bytes, tag %i, %i bytes)', (keyBytes, tag, length) => {
    const key = randomBytes(keyBytes);
    const nonce = randomBytes(12);
    const aad = randomBytes(13);
    const plain = randomBytes(length);
    const c = createCipheriv(keyBytes === 16 ? 'aes-128-ccm' : 'aes-256-ccm', key, nonce, { authTagLength: tag });
    c.setAAD(aad, { plaintextLength: plain.length });
    const sealed = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    expect(ccmDecrypt(key, nonce, aad, sealed, tag)).toEqual(new Uint8Array(plain));
    expect(() =>
      ccmDecrypt(
        key,
        nonce,
        aad.map((b, i) => (i ? b : b ^ 1)),
        sealed,
        tag,
      ),
    ).toThrow(CcmAuthError);
    sealed[sealed.length - 1] ^= 1;
    expect(() => ccmDecrypt(key, nonce, aad, sealed, tag)).toThrow(CcmAuthError);
  });
});
