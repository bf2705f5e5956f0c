/** TLS decryption as it crosses the worker boundary: key files the user gives, and each session's outcome. */

/** A key file as the user gave it: an NSS key log, a PEM RSA key, or a PKCS#12 file with its password. */
export interface TlsKeyFile {
  name: string;
  bytes: Uint8Array;
  /** PKCS#12 (.p12/.pfx) or encrypted PKCS#8 password. */
  password?: string;
}

/** What adding one key file came to. */
export type TlsKeyOutcome =
  | { kind: 'keylog'; name: string; secrets: number; problems: { line: number; reason: string }[]; truncated: boolean }
  | { kind: 'rsa'; name: string; keys: number; bits: number[] }
  /** The file needs a password (none given), or the one given is wrong: `message` says which. */
  | { kind: 'password'; name: string; message: string }
  /** Nothing could be used: not a key file, or no secret in it. */
  | { kind: 'error'; name: string; message: string };

/** A key file in use, as the TLS keys dialog lists it. */
export interface TlsKeyEntry {
  name: string;
  kind: 'keylog' | 'rsa';
  /** "12 secrets", "1 RSA key (2048 bits)". */
  summary: string;
}

/** One TLS conversation of the capture and how its decryption went. */
export interface TlsSessionRow {
  /** tcp.stream. */
  stream: number;
  /** "192.0.2.1:50112" and "192.0.2.9:443": the ClientHello's sender and receiver (else the first two seen). */
  client: string;
  server: string;
  sni: string;
  /** "TLS 1.3", or '' when no ServerHello was seen. */
  version: string;
  /** "TLS_AES_128_GCM_SHA256 (0x1301)", or ''. */
  suite: string;
  state: 'decrypted' | 'partly decrypted' | 'no key' | 'wrong key' | 'no handshake' | 'unsupported' | 'not encrypted';
  /** The outcome in words ("no key for client random 3f2a…"). */
  status: string;
  /** Records decrypted and records that failed authentication. */
  decrypted: number;
  failed: number;
}
