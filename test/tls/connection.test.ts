import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { file, followText, keyLog, TLS_FIXTURES } from '../support/tls';
import { damageByte, fromPacket } from '../support/pcap-edit';
import { KeyFileError, rsaKeysFromFile } from '../../src/tls/rsa-keys';
import { TlsDecryption } from '../../src/tls/decryption';

/** Per-connection outcomes in words (connection.ts): what is missing, and what could still be decrypted. */
const text = (name: string) => readFileSync(join(TLS_FIXTURES, name), 'utf8');
const CBC = 'tls12_ecdhe_aes256_sha384_etm';
const dataLines = (follow: string) => follow.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));

describe('TLS session status', () => {
  it('decrypted', async () => {
    const tls = keyLog(text(`${CBC}.keylog`));
    await followText(file(`${CBC}.pcap`), 0, tls);
    expect(tls.sessions()).toEqual([
      { stream: 0, status: expect.objectContaining({ state: 'decrypted', text: 'decrypted', decrypted: 6 }) },
    ]);
  });

  it('no key for the client random: names it', async () => {
    const other = text('tls11_ecdhe_aes128_sha.keylog');
    const tls = keyLog(other);
    const follow = await followText(file(`${CBC}.pcap`), 0, tls);
    expect(dataLines(follow)).toEqual([]);
    const random = text(`${CBC}.keylog`).match(/CLIENT_RANDOM ([0-9a-f]{16})/)![1];
    const [{ status }] = tls.sessions();
    expect(status.state).toBe('no key');
    expect(status.text).toBe(`no key for client random ${random}…`);
  });

  it('wrong key: the key log has the client random with another secret', async () => {
    const wrong = text(`${CBC}.keylog`).replace(
      /^(CLIENT_RANDOM \S+ )(\S)/m,
      (_, head, c) => head + (c === '0' ? '1' : '0'),
    );
    const tls = keyLog(wrong);
    expect(dataLines(await followText(file(`${CBC}.pcap`), 0, tls))).toEqual([]);
    const [{ status }] = tls.sessions();
    expect(status.state).toBe('wrong key');
    expect(status.text).toMatch(
      /^key found for client random [0-9a-f]{16}… but record authentication failed: wrong key\?$/,
    );
  });

  it('a corrupted record fails alone: the others still decrypt, and its frame is named', async () => {
    // Frame 10 is the client's GET (CBC with encrypt-then-MAC): damage its MAC's last byte.
    const damaged = damageByte(file(`${CBC}.pcap`), 10, 0);
    const tls = keyLog(text(`${CBC}.keylog`));
    const follow = await followText(damaged, 0, tls);
    const want = dataLines(text(`${CBC}.follow-tls-0.txt`));
    expect(dataLines(follow)).toEqual(want.slice(1));
    const [{ status }] = tls.sessions();
    expect(status.state).toBe('partly decrypted');
    expect(status.text).toBe('decrypted, but 1 record failed authentication (damaged?) in frame 10');
  });

  it('handshake not in the capture: TLS 1.3 1-RTT keys are found by trial', async () => {
    // From the server's first NewSessionTicket on: no ClientHello, but the application secrets are in the key log.
    const late = fromPacket(file('tls13_key_update.pcap'), 9);
    const tls = keyLog(text('tls13_key_update.keylog'));
    const follow = await followText(late, 0, tls);
    expect(dataLines(follow).map((l) => l.trim())).toEqual(
      dataLines(text('tls13_key_update.follow-tls-0.txt')).map((l) => l.trim()),
    );
    expect(tls.sessions()[0].status.text).toMatch(/^decrypted/);
  });

  it('handshake not in the capture and no usable keys: says so', async () => {
    const late = fromPacket(file(`${CBC}.pcap`), 10);
    const tls = keyLog(text(`${CBC}.keylog`));
    expect(dataLines(await followText(late, 0, tls))).toEqual([]);
    const [{ status }] = tls.sessions();
    expect(status.state).toBe('no handshake');
    expect(status.text).toMatch(/^handshake not in the capture: no client random to look the keys up/);
  });

  it('a truncated key log: the secrets before the cut still decrypt, the cut line is reported', async () => {
    const full = text('tls13_aes128_ccm.keylog');
    const cut = full.slice(0, full.indexOf('CLIENT_TRAFFIC_SECRET_0') + 24 + 65 + 36);
    const tls = new TlsDecryption();
    const summary = tls.keyring.addKeyLog(cut, 'cut.keylog');
    expect(summary.truncated).toBe(true);
    expect(summary.problems).toEqual([
      { line: cut.split('\n').length, reason: expect.stringMatching(/secret has 18 bytes.*cut short/) },
    ]);
    const follow = await followText(file('tls13_aes128_ccm.pcap'), 0, tls);
    // The handshake keys and the server's application secret were before the cut; the client's was not.
    const want = dataLines(text('tls13_aes128_ccm.follow-tls-0.txt'));
    expect(dataLines(follow)).toEqual(want.filter((l) => !l.startsWith('\t')));
    expect(tls.sessions()[0].status).toMatchObject({
      state: 'partly decrypted',
      text: expect.stringMatching(
        /^decrypted in part: no key for client random [0-9a-f]{16}… \(no CLIENT_TRAFFIC_SECRET_0 in the key logs\); \d+ records? left encrypted$/,
      ),
    });
  });

  it('a wrong PKCS#12 password is an error that names the file', () => {
    expect(() => rsaKeysFromFile(file('server.p12'), 'server.p12', 'wrong')).toThrow(
      new KeyFileError('server.p12: wrong PKCS#12 password'),
    );
  });

  it('an RSA key that did not encrypt the premaster: no key, and why', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const tls = new TlsDecryption();
    tls.keyring.addRsaKeys(
      rsaKeysFromFile(
        new TextEncoder().encode(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string),
        'other.pem',
      ),
    );
    await followText(file('tls10_rsa_aes256_sha.pcap'), 0, tls);
    expect(tls.sessions()[0].status.text).toMatch(
      /^no key for client random [0-9a-f]{16}…: the RSA keys given do not decrypt its premaster/,
    );
  });
});
