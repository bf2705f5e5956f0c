import { createCipheriv, createHmac, randomBytes, type CipherCCM, type CipherCCMTypes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordCipher } from '../../src/tls/record-cipher';
import { suiteParams } from '../../src/tls/suites';

/** Records sealed by Node's OpenSSL, opened by RecordCipher: every cipher and MAC order TLS uses. */
const seqBytes = (seq: number) => Buffer.from([0, 0, 0, 0, 0, 0, 0, seq]);
const header = (type: number, version: number, length: number) =>
  Buffer.from([type, version >> 8, version & 255, length >> 8, length & 255]);

function aead(name: string, key: Buffer, nonce: Buffer, aad: Buffer, plain: Buffer, tag = 16): Buffer {
  // GCM and ChaCha20-Poly1305 take the same calls as CCM (plaintextLength is only required by CCM).
  const cipher = createCipheriv(name as CipherCCMTypes, key, nonce, { authTagLength: tag }) as CipherCCM;
  cipher.setAAD(aad, { plaintextLength: plain.length });
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function xorSeq(iv: Buffer, seq: number): Buffer {
  const nonce = Buffer.from(iv);
  nonce[nonce.length - 1] ^= seq;
  return nonce;
}

describe('record decryption', () => {
  const messages = [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from('second record')];

  it.each([
    [0xc02f, 'aes-128-gcm', 16],
    [0x009d, 'aes-256-gcm', 16],
    [0xc09c, 'aes-128-ccm', 16],
    [0xc0a0, 'aes-128-ccm', 8],
  ] as const)('TLS 1.2 suite 0x%s: explicit nonce AEAD', (suite, name, tag) => {
    const params = suiteParams(suite)!;
    const key = randomBytes(params.keyBytes);
    const iv = randomBytes(4);
    const cipher = new RecordCipher(params, 0x0303, { key, iv });
    messages.forEach((plain, seq) => {
      const explicit = randomBytes(8);
      const sealed = aead(
        name,
        key,
        Buffer.concat([iv, explicit]),
        Buffer.concat([seqBytes(seq), header(23, 0x0303, plain.length)]),
        plain,
        tag,
      );
      expect(cipher.decrypt(23, 0x0303, Buffer.concat([explicit, sealed]))).toEqual({
        ok: true,
        type: 23,
        plaintext: new Uint8Array(plain),
      });
    });
  });

  it('TLS 1.2 ChaCha20-Poly1305: the nonce is the IV XOR the sequence number', () => {
    const params = suiteParams(0xcca8)!;
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = new RecordCipher(params, 0x0303, { key, iv });
    messages.forEach((plain, seq) => {
      const sealed = aead(
        'chacha20-poly1305',
        key,
        xorSeq(iv, seq),
        Buffer.concat([seqBytes(seq), header(23, 0x0303, plain.length)]),
        plain,
      );
      expect(cipher.decrypt(23, 0x0303, sealed)).toMatchObject({ ok: true, plaintext: new Uint8Array(plain) });
    });
  });

  it('TLS 1.3: the inner content type and padding are taken off', () => {
    const params = suiteParams(0x1301)!;
    const key = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = new RecordCipher(params, 0x0304, { key, iv });
    const inner = Buffer.concat([messages[0], Buffer.from([22]), Buffer.alloc(5)]);
    const sealed = aead('aes-128-gcm', key, xorSeq(iv, 0), header(23, 0x0303, inner.length + 16), inner);
    expect(cipher.decrypt(23, 0x0303, sealed)).toEqual({ ok: true, type: 22, plaintext: new Uint8Array(messages[0]) });
  });

  /** A CBC record: MAC-then-encrypt, or encrypt-then-MAC; TLS 1.1+ with an explicit IV. */
  function cbcRecord(
    key: Buffer,
    macKey: Buffer,
    iv: Buffer,
    seq: number,
    plain: Buffer,
    etm: boolean,
    explicitIv: boolean,
    version: number,
  ): Buffer {
    const mac = (content: Buffer) =>
      createHmac('sha1', macKey)
        .update(Buffer.concat([seqBytes(seq), header(23, version, content.length), content]))
        .digest();
    const inner = etm ? plain : Buffer.concat([plain, mac(plain)]);
    const padLength = 15 - (inner.length % 16);
    const padded = Buffer.concat([inner, Buffer.alloc(padLength + 1, padLength)]);
    const c = createCipheriv(key.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc', key, iv).setAutoPadding(false);
    const encrypted = Buffer.concat([explicitIv ? iv : Buffer.alloc(0), c.update(padded), c.final()]);
    return etm ? Buffer.concat([encrypted, mac(encrypted)]) : encrypted;
  }

  it.each([[false], [true]])('TLS 1.2 CBC with HMAC-SHA1, encrypt-then-MAC %s', (etm) => {
    const params = suiteParams(0xc013)!;
    const key = randomBytes(16);
    const macKey = randomBytes(20);
    const cipher = new RecordCipher(params, 0x0303, { key, iv: randomBytes(16), macKey }, etm);
    messages.forEach((plain, seq) => {
      const record = cbcRecord(key, macKey, randomBytes(16), seq, plain, etm, true, 0x0303);
      expect(cipher.decrypt(23, 0x0303, record)).toMatchObject({ ok: true, plaintext: new Uint8Array(plain) });
    });
  });

  it("TLS 1.0 CBC: each record's IV is the previous record's last ciphertext block", () => {
    const params = suiteParams(0x0035)!;
    const key = randomBytes(32);
    const macKey = randomBytes(20);
    const firstIv = randomBytes(16);
    const cipher = new RecordCipher(params, 0x0301, { key, iv: firstIv, macKey });
    let iv = Buffer.from(firstIv);
    messages.forEach((plain, seq) => {
      const record = cbcRecord(key, macKey, iv, seq, plain, false, false, 0x0301);
      expect(cipher.decrypt(23, 0x0301, record)).toMatchObject({ ok: true, plaintext: new Uint8Array(plain) });
      iv = Buffer.from(record.subarray(record.length - 16));
    });
  });

  it('a damaged record fails authentication; the next one still opens', () => {
    const params = suiteParams(0xc02f)!;
    const key = randomBytes(16);
    const iv = randomBytes(4);
    const cipher = new RecordCipher(params, 0x0303, { key, iv });
    const records = messages.map((plain, seq) => {
      const explicit = randomBytes(8);
      return Buffer.concat([
        explicit,
        aead(
          'aes-128-gcm',
          key,
          Buffer.concat([iv, explicit]),
          Buffer.concat([seqBytes(seq), header(23, 0x0303, plain.length)]),
          plain,
        ),
      ]);
    });
    records[0][12] ^= 1;
    expect(cipher.decrypt(23, 0x0303, records[0])).toEqual({ ok: false, reason: 'auth' });
    expect(cipher.decrypt(23, 0x0303, records[1])).toMatchObject({ ok: true });
    expect(cipher.decrypt(23, 0x0303, new Uint8Array(10))).toEqual({ ok: false, reason: 'format' });
  });
});
