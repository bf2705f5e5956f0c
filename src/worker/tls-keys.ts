/**
 * The TLS key material the user gave one open capture (key logs, RSA keys), held in the worker's memory only.
 * Every dissection pass gets a TlsDecryption of its own from `decryption()`; only the master secrets of sessions
 * that can be resumed are shared between them (the same keys find the same secrets, whichever pass finds them).
 */
import { parseKeyLog } from '../tls/keylog';
import { TlsDecryption } from '../tls/decryption';
import { TlsKeyring } from '../tls/keyring';
import { KeyFileError, rsaKeysFromPem, rsaKeysFromPkcs12, type RsaPrivateKey } from '../tls/rsa-keys';
import type { TlsKeyEntry, TlsKeyFile, TlsKeyOutcome } from '../api/tls';

interface HeldKey {
  file: TlsKeyFile;
  entry: TlsKeyEntry;
  /** The key log's text, or the RSA keys read from the file. */
  keyLog?: string;
  rsa?: RsaPrivateKey[];
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

export class TlsKeys {
  private held: HeldKey[] = [];
  /**
   * Master secrets the passes found, by session id and ticket, shared by every pass under the same keys: the tree
   * of a resumed connection dissects that conversation alone, without the first connection that had the key.
   */
  private resumable = new Map<string, Uint8Array>();

  /** Reads a key file; keeps it (and says what it held) when anything in it can decrypt. */
  add(file: TlsKeyFile): TlsKeyOutcome {
    const read = readKeyFile(file);
    if (read.kept) {
      this.held = [...this.held.filter((h) => h.file.name !== file.name), read.kept];
      this.resumable = new Map();
    }
    return read.outcome;
  }

  remove(name: string): boolean {
    const before = this.held.length;
    this.held = this.held.filter((h) => h.file.name !== name);
    this.resumable = new Map();
    return this.held.length !== before;
  }

  clear(): void {
    this.held = [];
    this.resumable = new Map();
  }

  get empty(): boolean {
    return this.held.length === 0;
  }

  entries(): TlsKeyEntry[] {
    return this.held.map((h) => h.entry);
  }

  /**
   * The files to keep with the capture when the user asks: key logs and plain PEM keys as given; the keys of a
   * PKCS#12 file or an encrypted key decrypted, as PEM, without the password.
   */
  files(): TlsKeyFile[] {
    return this.held.map((h) => h.file);
  }

  /** The key logs' bytes, for an export that embeds them as Decryption Secrets Blocks. */
  keyLogBytes(): Uint8Array[] {
    return this.held.filter((h) => h.keyLog !== undefined).map((h) => new TextEncoder().encode(h.keyLog));
  }

  /**
   * A fresh decryption state for one pass, holding every key given. A pass reading the file through adds the
   * capture's own Decryption Secrets Blocks as it meets them; one that slices frames out passes them as `secrets`.
   */
  decryption(secrets: readonly { type: number; data: Uint8Array }[] = []): TlsDecryption {
    const keyring = new TlsKeyring(this.resumable);
    for (const secret of secrets) keyring.addSecretsBlock(secret.type, secret.data);
    for (const h of this.held) {
      if (h.keyLog !== undefined) keyring.addKeyLog(h.keyLog, h.file.name);
      if (h.rsa) keyring.addRsaKeys(h.rsa);
    }
    return new TlsDecryption(keyring);
  }
}

/** What a key file is (by its first bytes), read; `kept` when it holds something to decrypt with. */
export function readKeyFile(file: TlsKeyFile): { outcome: TlsKeyOutcome; kept?: HeldKey } {
  const { name, bytes, password } = file;
  if (bytes.length === 0) return { outcome: { kind: 'error', name, message: `${name} is empty` } };
  // DER starts with a SEQUENCE: PKCS#12, whose password may be empty (tried first when none is given).
  if (bytes[0] === 0x30) return readRsa(file, () => rsaKeysFromPkcs12(bytes, name, password ?? ''), 'PKCS#12');
  const text = new TextDecoder().decode(bytes);
  if (PEM.test(text)) return readRsa(file, () => rsaKeysFromPem(text, name, password), 'PEM');
  if (bytes.includes(0))
    return {
      outcome: { kind: 'error', name, message: `${name} is neither a key log (text), a PEM key nor a PKCS#12 file` },
    };
  const parsed = parseKeyLog(text);
  const problems = parsed.problems.map((p) => ({ line: p.line, reason: p.reason }));
  if (parsed.entries.length === 0) {
    const first = problems[0] ? `: line ${problems[0].line}: ${problems[0].reason}` : '';
    return {
      outcome: {
        kind: 'error',
        name,
        message: `no TLS secrets in ${name} (expected an NSS key log, as SSLKEYLOGFILE writes)${first}`,
      },
    };
  }
  const secrets = parsed.entries.length;
  const entry: TlsKeyEntry = { name, kind: 'keylog', summary: `key log, ${secrets} secret${secrets === 1 ? '' : 's'}` };
  return {
    outcome: { kind: 'keylog', name, secrets, problems, truncated: parsed.truncated },
    kept: { file: { name, bytes }, entry, keyLog: text },
  };
}

function readRsa(
  file: TlsKeyFile,
  read: () => RsaPrivateKey[],
  format: string,
): { outcome: TlsKeyOutcome; kept?: HeldKey } {
  const { name } = file;
  try {
    const keys = read();
    const bits = keys.map((k) => k.bits);
    const summary = `${format} RSA key${keys.length === 1 ? '' : 's'}, ${bits.map((b) => `${b} bits`).join(', ')}`;
    // A file that needed opening (PKCS#12, an encrypted key) is kept as the keys it held, decrypted: its
    // password is used once and never kept, in memory or in the library.
    const opened = format === 'PKCS#12' || file.password !== undefined;
    const kept = opened ? { name, bytes: new TextEncoder().encode(keys.map((k) => k.pem).join('')) } : file;
    return {
      outcome: { kind: 'rsa', name, keys: keys.length, bits },
      kept: { file: kept, entry: { name, kind: 'rsa', summary }, rsa: keys },
    };
  } catch (e) {
    if (!(e instanceof KeyFileError)) throw e;
    if (/wrong (PKCS#12 )?password/i.test(e.message)) {
      const message =
        file.password === undefined
          ? `${name} is protected by a password: enter it to read the key`
          : `wrong password for ${name}: the key could not be read`;
      return { outcome: { kind: 'password', name, message } };
    }
    if (/give its password/.test(e.message))
      return {
        outcome: { kind: 'password', name, message: `${name} holds an encrypted private key: enter its password` },
      };
    return { outcome: { kind: 'error', name, message: e.message } };
  }
}
