import type { TlsSessionSummary } from '../present/tls-sessions';

/** TLS decryption as it crosses the worker boundary: key files the user gives, and each session's outcome. */

/** A key file as the user gave it: an NSS key log, a PEM RSA key, or a PKCS#12 file with its password. */
export interface TlsKeyFile {
  name: string;
  bytes: Uint8Array;
  /**
   * PKCS#12 (.p12/.pfx) or encrypted PKCS#8 password, to open the file once: the worker keeps (and hands back to
   * be stored) the decrypted keys as PEM instead, never the password.
   */
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

/** One TLS conversation of the capture: how its decryption went and what the certificate checks found. */
export type TlsSessionRow = TlsSessionSummary;
