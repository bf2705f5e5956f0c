import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyFileError, rsaKeysFromFile, rsaKeysFromPem } from '../../src/tls/rsa-keys';
import { file } from '../support/tls';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pem = (type: 'pkcs1' | 'pkcs8', extra: object = {}) =>
  privateKey.export({ type, format: 'pem', ...extra }) as string;
const premaster = randomBytes(48);
const encrypted = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, premaster);

describe('RSA private keys', () => {
  it.each([
    ['PKCS#1', pem('pkcs1')],
    ['PKCS#8', pem('pkcs8')],
  ])('%s PEM decrypts an RSAES-PKCS1-v1_5 premaster', (_, text) => {
    const [key] = rsaKeysFromPem(text, 'key.pem');
    expect(key.bits).toBe(1024);
    expect(key.decryptPremaster(encrypted)).toEqual(new Uint8Array(premaster));
    // What another key encrypted gives nothing, not garbage.
    const other = publicEncrypt(
      { key: generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey, padding: constants.RSA_PKCS1_PADDING },
      premaster,
    );
    expect(key.decryptPremaster(other)).toBeUndefined();
  });

  it('an encrypted PKCS#8 key needs its password', () => {
    const text = pem('pkcs8', { cipher: 'aes-256-cbc', passphrase: 'secret' });
    expect(() => rsaKeysFromPem(text, 'key.pem')).toThrow(/encrypted: give its password/);
    expect(() => rsaKeysFromPem(text, 'key.pem', 'nope')).toThrow(KeyFileError);
    expect(rsaKeysFromPem(text, 'key.pem', 'secret')[0].decryptPremaster(encrypted)).toEqual(new Uint8Array(premaster));
  });

  it('PKCS#12 with its password; a wrong one is said so', () => {
    expect(rsaKeysFromFile(file('server.p12'), 'server.p12', 'loupe')).toHaveLength(1);
    expect(() => rsaKeysFromFile(file('server.p12'), 'server.p12', 'wrong')).toThrow(
      'server.p12: wrong PKCS#12 password',
    );
  });

  it('a file with no key says what it expected', () => {
    expect(() => rsaKeysFromFile(new TextEncoder().encode('hello'), 'x.pem')).toThrow(/x.pem: not a PEM file/);
    expect(() => rsaKeysFromFile(file('server.cert.pem'), 'server.cert.pem')).toThrow(/no RSA private key in the file/);
    expect(() => rsaKeysFromFile(new Uint8Array([0x30, 0x03, 1, 2]), 'x.p12', 'pw')).toThrow(KeyFileError);
  });
});
