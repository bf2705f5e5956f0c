/**
 * One TLS connection's decryption: follows its handshake (the messages the dissector hands over, cleartext or
 * decrypted), finds its keys in the keyring when a side starts encrypting, decrypts each side's records in order
 * and keeps a status in words.
 */
import { toHex } from './keylog';
import type { TlsKeyring } from './keyring';
import { concat, keyBlock, masterSecret, sessionHash } from './prf';
import { RecordCipher, type DecryptResult } from './record-cipher';
import { nobleCiphers, type TlsCiphers } from './ciphers';
import { fixedIvBytes, HASH_BYTES, suiteParams, type SuiteParams } from './suites';
import { nextTrafficSecret, trafficKeys } from './tls13-keys';

export type Side = 0 | 1;

const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';
const EXT_ALPN = 16;
const EXT_ENCRYPT_THEN_MAC = 22;
const EXT_EXTENDED_MASTER_SECRET = 23;
const EXT_SESSION_TICKET = 35;
const EXT_EARLY_DATA = 42;
const EXT_SUPPORTED_VERSIONS = 43;
const TLS13_SUITES = [0x1301, 0x1302, 0x1303, 0x1304, 0x1305];

/** A session's decryption outcome, for the app's per-session status and the CLI's warnings. */
export interface SessionStatus {
  state: 'decrypted' | 'partly decrypted' | 'no key' | 'wrong key' | 'no handshake' | 'unsupported' | 'not encrypted';
  /** The outcome in words ("no key for client random 3f2a…"). */
  text: string;
  clientRandom?: string;
  decrypted: number;
  failed: number;
  /** Frames whose records failed authentication (the first few). */
  failedFrames: number[];
}

interface Hello {
  random: Uint8Array;
  sessionId: Uint8Array;
  extensions: Map<number, Uint8Array>;
  suite?: number;
  version?: number;
}

export class TlsDecryptor {
  private clientSide?: Side;
  private client?: Hello;
  private server?: Hello;
  private version = 0;
  private suite?: SuiteParams;
  private suiteId = 0;
  private encryptedPremaster?: Uint8Array;
  /** Handshake messages up to the ClientKeyExchange (the extended master secret's session hash). */
  private transcript: Uint8Array[] = [];
  private sessionHashValue?: Uint8Array;
  private master?: Uint8Array;
  private ticket?: Uint8Array;
  /** Per side: the ciphers to try in turn (TLS 1.3 early data, then handshake keys), or none. */
  private readonly ciphers: [RecordCipher[], RecordCipher[]] = [[], []];
  /** TLS 1.3 application traffic secret of each side (for KeyUpdate). */
  private readonly appSecret: [Uint8Array | undefined, Uint8Array | undefined] = [undefined, undefined];
  private readonly encrypting: [boolean, boolean] = [false, false];
  private keysMissing?: string;
  private decrypted = 0;
  private failed = 0;
  private readonly failedFrames: number[] = [];
  private trialDone = false;
  /** Encrypted-looking records came with no handshake before them. */
  private withoutHandshake = false;
  /** Encrypted records no key was found for. */
  private leftEncrypted = 0;

  constructor(
    private readonly keyring: TlsKeyring,
    private readonly primitives: TlsCiphers = nobleCiphers,
  ) {}

  /** A complete handshake message (header included) sent by `side`, cleartext or decrypted. */
  onHandshake(side: Side, msg: Uint8Array): void {
    const type = msg[0];
    const body = msg.subarray(4);
    if (type === 1 || type === 2) {
      const hello = parseHello(body, type === 1);
      if (!hello) return;
      if (type === 1) {
        // The ClientHello after a HelloRetryRequest keeps its random; the first one names the client.
        if (!this.client) this.clientSide = side;
        this.client = hello;
        this.transcript.push(msg);
        if (hello.extensions.has(EXT_EARLY_DATA)) this.ciphers[side] = this.earlyCiphers(hello.random);
      } else {
        this.serverHello(side, hello, msg);
      }
      return;
    }
    if (this.version !== 0x0304 && !this.sessionHashValue) this.transcript.push(msg);
    if (type === 16 && side === this.clientSide) {
      if (this.suite?.rsaKeyExchange)
        this.encryptedPremaster =
          this.version >= 0x0301 && body.length >= 2 ? body.subarray(2, 2 + ((body[0] << 8) | body[1])) : body;
      this.sessionHashValue = sessionHash(this.version, this.suite?.prf ?? 'sha256', concat(...this.transcript));
    } else if (type === 4 && this.version !== 0x0304 && body.length >= 6) {
      // TLS 1.2 NewSessionTicket: lifetime (4), ticket length (2), ticket.
      this.ticket = body.subarray(6, 6 + ((body[4] << 8) | body[5])).slice();
      if (this.master) this.keyring.rememberSession(this.ticket, this.master);
    } else if (this.version === 0x0304) {
      this.tls13Message(side, type, body);
    }
  }

  /** A ChangeCipherSpec from `side`: TLS 1.0-1.2 encrypt that side's records from the next one on. */
  onChangeCipherSpec(side: Side): void {
    if (this.version === 0x0304) return;
    this.encrypting[side] = true;
    const keys = this.tls12Keys();
    if (!keys || !this.suite) {
      this.ciphers[side] = [];
      return;
    }
    const mine = side === this.clientSide ? keys.client : keys.server;
    const etm = this.suite.cipher === 'aes-cbc' && this.extensionBoth(EXT_ENCRYPT_THEN_MAC);
    this.ciphers[side] = [new RecordCipher(this.suite, this.version, mine, etm, this.primitives)];
  }

  /** Whether `side`'s records are encrypted (so they must be decrypted to be read). */
  encrypted(side: Side): boolean {
    return this.encrypting[side];
  }

  /**
   * Decrypts the next record of `side`, or says why not: undefined when there is no key (the record stays
   * "encrypted" as without decryption).
   */
  decrypt(side: Side, type: number, version: number, fragment: Uint8Array, frame: number): DecryptResult | undefined {
    if (!this.client && type === 23) {
      this.withoutHandshake = true;
      if (!this.trialDone) this.trial(side, version, fragment);
    }
    const candidates = this.ciphers[side];
    if (candidates.length === 0) {
      this.leftEncrypted++;
      return undefined;
    }
    for (let i = 0; i < candidates.length; i++) {
      const result = candidates[i].decrypt(type, version, fragment);
      if (result.ok) {
        // A later candidate that works replaces the ones before it (early data rejected or ended).
        if (i > 0) candidates.splice(0, i);
        this.decrypted++;
        return result;
      }
    }
    this.failed++;
    if (this.failedFrames.length < 10 && !this.failedFrames.includes(frame)) this.failedFrames.push(frame);
    return { ok: false, reason: 'auth' };
  }

  status(): SessionStatus {
    const clientRandom = this.client ? toHex(this.client.random) : undefined;
    const base = { clientRandom, decrypted: this.decrypted, failed: this.failed, failedFrames: [...this.failedFrames] };
    const short = clientRandom ? `${clientRandom.slice(0, 16)}…` : '';
    if (!this.client && this.withoutHandshake && !this.decrypted) {
      return {
        ...base,
        state: 'no handshake',
        text: 'handshake not in the capture: no client random to look the keys up (TLS 1.3 1-RTT keys were tried on the first records)',
      };
    }
    if (!this.encrypting[0] && !this.encrypting[1] && !this.decrypted)
      return { ...base, state: 'not encrypted', text: 'no encrypted records seen' };
    if (this.decrypted && this.failed) {
      return {
        ...base,
        state: 'partly decrypted',
        text: `decrypted, but ${this.failed} record${this.failed === 1 ? '' : 's'} failed authentication (damaged?) in frame${this.failedFrames.length === 1 ? '' : 's'} ${this.failedFrames.join(', ')}`,
      };
    }
    if (this.decrypted && this.leftEncrypted) {
      const why = this.keysMissing ?? 'keys missing';
      return {
        ...base,
        state: 'partly decrypted',
        text: `decrypted in part: ${why}; ${this.leftEncrypted} record${this.leftEncrypted === 1 ? '' : 's'} left encrypted`,
      };
    }
    if (this.decrypted) return { ...base, state: 'decrypted', text: 'decrypted' };
    if (this.failed)
      return {
        ...base,
        state: 'wrong key',
        text: `key found for client random ${short} but record authentication failed: wrong key?`,
      };
    if (this.suiteId && !this.suite)
      return {
        ...base,
        state: 'unsupported',
        text: `cipher suite 0x${this.suiteId.toString(16).padStart(4, '0')} is not supported for decryption`,
      };
    return { ...base, state: 'no key', text: this.keysMissing ?? `no key for client random ${short}` };
  }

  private serverHello(side: Side, hello: Hello, msg: Uint8Array): void {
    if (toHex(hello.random) === HRR_RANDOM) return;
    this.server = hello;
    this.version = hello.version ?? 0;
    this.suiteId = hello.suite ?? 0;
    this.suite = suiteParams(this.suiteId);
    if (this.clientSide === undefined) this.clientSide = (side ^ 1) as Side;
    if (this.version !== 0x0304) {
      this.transcript.push(msg);
      return;
    }
    this.encrypting[0] = this.encrypting[1] = true;
    if (!this.suite || !this.client) return;
    const server = side;
    const client = (side ^ 1) as Side;
    const early = this.ciphers[client];
    this.ciphers[server] = this.tls13Cipher('SERVER_HANDSHAKE_TRAFFIC_SECRET');
    // Early data (if any) is tried before the handshake keys until the client stops sending it.
    this.ciphers[client] = [...early, ...this.tls13Cipher('CLIENT_HANDSHAKE_TRAFFIC_SECRET')];
  }

  private tls13Message(side: Side, type: number, body: Uint8Array): void {
    const clientSending = side === this.clientSide;
    if (type === 20) {
      // After its Finished, each side sends with its application traffic secret.
      const label = clientSending ? 'CLIENT_TRAFFIC_SECRET_0' : 'SERVER_TRAFFIC_SECRET_0';
      this.appSecret[side] = this.client && this.keyring.secret(label, this.client.random);
      this.ciphers[side] = this.tls13Cipher(label, this.appSecret[side]);
    } else if (type === 24 && this.appSecret[side] && this.suite) {
      // KeyUpdate: the sender's next records use the next secret (RFC 8446 §4.6.3).
      this.appSecret[side] = nextTrafficSecret(this.suite.prf, this.appSecret[side]!);
      this.ciphers[side] = this.tls13Cipher('', this.appSecret[side]);
    } else if (type === 8) {
      const extensions = parseExtensions(body, 0);
      if (this.server) for (const [t, v] of extensions) this.server.extensions.set(t, v);
    } else if (type === 5 && clientSending) {
      // EndOfEarlyData: the handshake keys follow.
      this.ciphers[side] = this.ciphers[side].slice(-1);
    }
    void body;
  }

  private tls13Cipher(label: Parameters<TlsKeyring['secret']>[0] | '', given?: Uint8Array): RecordCipher[] {
    const secret = given ?? (label && this.client ? this.keyring.secret(label, this.client.random) : undefined);
    if (!secret || !this.suite) {
      if (label && !secret && this.client)
        this.keysMissing = `no key for client random ${toHex(this.client.random).slice(0, 16)}… (no ${label} in the key logs)`;
      return [];
    }
    return [
      new RecordCipher(
        this.suite,
        0x0304,
        trafficKeys(this.suite.prf, secret, this.suite.keyBytes),
        false,
        this.primitives,
      ),
    ];
  }

  /** The TLS 1.2 key block, finding the master secret on first need. */
  private tls12Keys(): ReturnType<typeof keyBlock> | undefined {
    if (!this.client || !this.server || !this.suite) return undefined;
    const suite = this.suite;
    if (!this.master) this.master = this.findMaster(suite);
    if (!this.master) return undefined;
    if (this.server.sessionId.length) this.keyring.rememberSession(this.server.sessionId, this.master);
    if (this.ticket) this.keyring.rememberSession(this.ticket, this.master);
    const macBytes = suite.mac ? HASH_BYTES[suite.mac] : 0;
    return keyBlock(
      this.version,
      suite.prf,
      this.master,
      this.client.random,
      this.server.random,
      macBytes,
      suite.keyBytes,
      fixedIvBytes(suite),
    );
  }

  private findMaster(suite: SuiteParams): Uint8Array | undefined {
    const client = this.client!;
    const server = this.server!;
    const logged = this.keyring.secret('CLIENT_RANDOM', client.random);
    if (logged) return logged;
    const short = `${toHex(client.random).slice(0, 16)}…`;
    if (suite.rsaKeyExchange && this.encryptedPremaster) {
      const premaster = this.keyring.rsaPremaster(this.encryptedPremaster);
      if (premaster) {
        const ems = this.extensionBoth(EXT_EXTENDED_MASTER_SECRET) ? this.sessionHashValue : undefined;
        return masterSecret(this.version, suite.prf, premaster, client.random, server.random, ems);
      }
      if (this.keyring.hasRsaKeys)
        this.keysMissing = `no key for client random ${short}: the RSA keys given do not decrypt its premaster (another server's key?)`;
    }
    // An abbreviated handshake resumes a session whose master secret an earlier connection found.
    const sameId = server.sessionId.length > 0 && toHex(server.sessionId) === toHex(client.sessionId);
    const resumed =
      (sameId ? this.keyring.resumedSession(client.sessionId) : undefined) ??
      (client.extensions.get(EXT_SESSION_TICKET)?.length
        ? this.keyring.resumedSession(client.extensions.get(EXT_SESSION_TICKET)!)
        : undefined);
    if (resumed) return resumed;
    if (!this.keysMissing) {
      this.keysMissing =
        sameId || client.extensions.get(EXT_SESSION_TICKET)?.length
          ? `no key for client random ${short} (a resumed session whose first handshake is not in the capture)`
          : `no key for client random ${short}`;
    }
    return undefined;
  }

  private extensionBoth(type: number): boolean {
    return !!this.client?.extensions.has(type) && !!this.server?.extensions.has(type);
  }

  /**
   * No handshake in the capture: TLS 1.3 records can still be read if a key log holds the session's
   * application secrets and the capture starts before its first application record (sequence number 0).
   */
  private trial(side: Side, version: number, fragment: Uint8Array): void {
    this.trialDone = true;
    void version;
    for (const [clientRandom, secrets] of this.keyring.tls13Sessions()) {
      for (const [label, secret] of [
        ['SERVER_TRAFFIC_SECRET_0', secrets.server],
        ['CLIENT_TRAFFIC_SECRET_0', secrets.client],
      ] as const) {
        if (!secret) continue;
        for (const id of TLS13_SUITES) {
          const suite = suiteParams(id)!;
          if (HASH_BYTES[suite.prf] !== secret.length) continue;
          const probe = new RecordCipher(
            suite,
            0x0304,
            trafficKeys(suite.prf, secret, suite.keyBytes),
            false,
            this.primitives,
          );
          if (!probe.decrypt(23, 0x0303, fragment).ok) continue;
          this.version = 0x0304;
          this.suite = suite;
          this.suiteId = id;
          this.encrypting[0] = this.encrypting[1] = true;
          const other = label === 'SERVER_TRAFFIC_SECRET_0' ? secrets.client : secrets.server;
          this.appSecret[side] = secret;
          this.appSecret[(side ^ 1) as Side] = other;
          this.ciphers[side] = [
            new RecordCipher(suite, 0x0304, trafficKeys(suite.prf, secret, suite.keyBytes), false, this.primitives),
          ];
          this.ciphers[(side ^ 1) as Side] = other
            ? [new RecordCipher(suite, 0x0304, trafficKeys(suite.prf, other, suite.keyBytes), false, this.primitives)]
            : [];
          this.keysMissing = `handshake not in the capture: keys for 1-RTT only (client random ${clientRandom.slice(0, 16)}…, found by trial)`;
          return;
        }
      }
    }
  }

  /**
   * 0-RTT data comes before the ServerHello names the suite: a cipher for each TLS 1.3 suite the early secret's
   * length allows; the one that decrypts stays.
   */
  private earlyCiphers(random: Uint8Array): RecordCipher[] {
    const secret = this.keyring.secret('CLIENT_EARLY_TRAFFIC_SECRET', random);
    if (!secret) return [];
    return TLS13_SUITES.map((id) => suiteParams(id)!)
      .filter((suite) => HASH_BYTES[suite.prf] === secret.length)
      .map(
        (suite) =>
          new RecordCipher(suite, 0x0304, trafficKeys(suite.prf, secret, suite.keyBytes), false, this.primitives),
      );
  }

  /** The application protocol the server chose (ALPN: ServerHello or TLS 1.3 EncryptedExtensions). */
  get alpn(): string | undefined {
    const ext = this.server?.extensions.get(EXT_ALPN);
    if (!ext || ext.length < 4) return undefined;
    return new TextDecoder().decode(ext.subarray(3, 3 + ext[2]));
  }

  /** The negotiated version (0 before the ServerHello). */
  get negotiatedVersion(): number {
    return this.version;
  }
}

/** The fields of a ClientHello or ServerHello body that decryption needs (RFC 5246 §7.4.1, 8446 §4.1.2-3). */
function parseHello(b: Uint8Array, client: boolean): Hello | undefined {
  if (b.length < 38) return undefined;
  let p = 2;
  const random = b.slice(p, p + 32);
  p += 32;
  const sidLength = b[p];
  const sessionId = b.slice(p + 1, p + 1 + sidLength);
  p += 1 + sidLength;
  let suite: number | undefined;
  if (client) {
    p += 2 + ((b[p] << 8) | b[p + 1]);
    p += 1 + b[p];
  } else {
    suite = (b[p] << 8) | b[p + 1];
    p += 3;
  }
  const extensions = parseExtensions(b, p);
  let version = (b[0] << 8) | b[1];
  const supported = extensions.get(EXT_SUPPORTED_VERSIONS);
  if (!client && supported?.length === 2) version = (supported[0] << 8) | supported[1];
  return { random, sessionId, extensions, suite, version };
}

/** An extension list (2-byte length, then type, length, data each) at `p`, by type. */
function parseExtensions(b: Uint8Array, p: number): Map<number, Uint8Array> {
  const extensions = new Map<number, Uint8Array>();
  if (p + 2 > b.length) return extensions;
  const end = Math.min(b.length, p + 2 + ((b[p] << 8) | b[p + 1]));
  for (p += 2; p + 4 <= end;) {
    const type = (b[p] << 8) | b[p + 1];
    const length = (b[p + 2] << 8) | b[p + 3];
    extensions.set(type, b.slice(p + 4, p + 4 + length));
    p += 4 + length;
  }
  return extensions;
}
