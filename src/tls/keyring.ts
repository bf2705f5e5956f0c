/**
 * The key material one capture is decrypted with, held in memory: key logs the user gave, the capture's own
 * Decryption Secrets Blocks, RSA private keys, and the master secrets of sessions seen so far (for resumption).
 * The CLI and the app's worker both feed a TlsKeyring and hand it to AppSession.
 */
import { parseKeyLog, toHex, type KeyLogLabel, type KeyLogProblem } from './keylog';
import type { RsaPrivateKey } from './rsa-keys';

/** pcapng DSB secrets type of an NSS key log ("TLSK"). */
export const DSB_TLS_KEY_LOG = 0x544c534b;

/** What adding one key log gave. */
export interface KeyLogSummary {
  source: string;
  /** Secrets read. */
  secrets: number;
  problems: KeyLogProblem[];
  truncated: boolean;
}

export class TlsKeyring {
  /** label → key (client random or RSA prefix, hex) → secret. */
  private readonly secrets = new Map<KeyLogLabel, Map<string, Uint8Array>>();
  private readonly rsaKeys: RsaPrivateKey[] = [];
  readonly keyLogs: KeyLogSummary[] = [];

  /**
   * `sessions`: master secrets of sessions decrypted so far, by session id and by ticket (hex), for resumed
   * sessions. A host whose passes dissect a conversation alone (the app's protocol tree) shares one cache between
   * the passes made with the same keys, so a resumed connection finds what a full pass learned from the first.
   */
  constructor(private readonly sessions = new Map<string, Uint8Array>()) {}

  /** Adds an NSS key log (text or its bytes); returns what it held and the lines it could not read. */
  addKeyLog(text: string | Uint8Array, source: string): KeyLogSummary {
    const parsed = parseKeyLog(typeof text === 'string' ? text : new TextDecoder().decode(text));
    for (const entry of parsed.entries) {
      let byKey = this.secrets.get(entry.label);
      if (!byKey) this.secrets.set(entry.label, (byKey = new Map()));
      byKey.set(entry.key, entry.secret);
    }
    const summary = { source, secrets: parsed.entries.length, problems: parsed.problems, truncated: parsed.truncated };
    this.keyLogs.push(summary);
    return summary;
  }

  /** Adds a pcapng Decryption Secrets Block's secrets (only TLS key logs are used). */
  addSecretsBlock(type: number, data: Uint8Array): KeyLogSummary | undefined {
    if (type !== DSB_TLS_KEY_LOG) return undefined;
    return this.addKeyLog(data, "the capture's Decryption Secrets Block");
  }

  addRsaKeys(keys: readonly RsaPrivateKey[]): void {
    this.rsaKeys.push(...keys);
  }

  /** Whether any key material is present (else nothing is tried). */
  get empty(): boolean {
    return this.secrets.size === 0 && this.rsaKeys.length === 0;
  }

  get hasRsaKeys(): boolean {
    return this.rsaKeys.length > 0;
  }

  /** A key log secret by label and client random. */
  secret(label: KeyLogLabel, clientRandom: Uint8Array): Uint8Array | undefined {
    return this.secrets.get(label)?.get(toHex(clientRandom));
  }

  /** Every client random with TLS 1.3 application secrets (for sessions whose handshake is not captured). */
  *tls13Sessions(): Generator<[string, { client?: Uint8Array; server?: Uint8Array }]> {
    const clients = this.secrets.get('CLIENT_TRAFFIC_SECRET_0');
    const servers = this.secrets.get('SERVER_TRAFFIC_SECRET_0');
    for (const random of new Set([...(clients?.keys() ?? []), ...(servers?.keys() ?? [])])) {
      yield [random, { client: clients?.get(random), server: servers?.get(random) }];
    }
  }

  /** The premaster secret of an RSA ClientKeyExchange: from an `RSA` key log line, else by a private key. */
  rsaPremaster(encrypted: Uint8Array): Uint8Array | undefined {
    const logged = this.secrets.get('RSA')?.get(toHex(encrypted.subarray(0, 8)));
    if (logged) return logged;
    for (const key of this.rsaKeys) {
      const premaster = key.decryptPremaster(encrypted);
      if (premaster) return premaster;
    }
    return undefined;
  }

  /** Remembers a session's master secret under its session id or ticket, for later abbreviated handshakes. */
  rememberSession(id: Uint8Array, masterSecret: Uint8Array): void {
    if (id.length) this.sessions.set(toHex(id), masterSecret);
  }

  resumedSession(id: Uint8Array): Uint8Array | undefined {
    return id.length ? this.sessions.get(toHex(id)) : undefined;
  }
}
