/**
 * Decryption for one pass over a capture: the keyring, one TlsDecryptor per TCP conversation, and the decrypted
 * records as they are found (Follow TLS Stream reads them). AppSession takes one (dissect-frames.ts makes one
 * per pass and feeds it the capture's own Decryption Secrets Blocks); the TLS dissector reaches it through its
 * PacketContext.
 */
import { TlsKeyring } from './keyring';
import { TlsDecryptor, type SessionStatus, type Side } from './connection';
import { nobleCiphers, type TlsCiphers } from './ciphers';

/** One decrypted record, as Follow TLS Stream shows it. */
export interface DecryptedRecord {
  /** tcp.stream of the connection. */
  stream: number;
  frame: number;
  /** The conversation side that sent it (0: the first sender of the TCP conversation). */
  side: Side;
  /** The inner content type (23: application data). */
  type: number;
  bytes: Uint8Array;
}

export interface SessionReport {
  stream: number;
  status: SessionStatus;
}

export class TlsDecryption {
  private readonly connections = new Map<number, TlsDecryptor>();

  /**
   * `onRecord` receives every record decrypted, in capture order; `ciphers` are the primitives (ciphers.ts:
   * @noble/ciphers unless a host brings faster ones).
   */
  constructor(
    readonly keyring: TlsKeyring = new TlsKeyring(),
    public onRecord?: (record: DecryptedRecord) => void,
    private readonly ciphers: TlsCiphers = nobleCiphers,
  ) {}

  /** The decryptor of one TCP conversation (made on first use). */
  connection(stream: number): TlsDecryptor {
    let c = this.connections.get(stream);
    if (!c) this.connections.set(stream, (c = new TlsDecryptor(this.keyring, this.ciphers)));
    return c;
  }

  /** Each TLS conversation's outcome, by stream. */
  sessions(): SessionReport[] {
    return [...this.connections].map(([stream, c]) => ({ stream, status: c.status() }));
  }
}
