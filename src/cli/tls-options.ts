import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { TlsDecryption } from '../tls/decryption';
import { nodeCiphers } from './node-ciphers';

/** The key files named on the command line (--keylog, --rsa-key), read once the options are parsed. */
export interface TlsKeyFiles {
  keyLogs: string[];
  /** `path` and, after the last ':', a password (PKCS#12 or an encrypted PKCS#8 key). */
  rsaKeys: { path: string; password?: string }[];
}

export const noKeyFiles = (): TlsKeyFiles => ({ keyLogs: [], rsaKeys: [] });

/**
 * `--keylog <file>` or `--rsa-key <file>[:password]` at args[i], added to `files`. Returns how many arguments
 * it took (0: neither), or why it refuses them.
 */
export function tlsKeyOption(args: string[], i: number, files: TlsKeyFiles): number | string {
  const option = args[i];
  if (option !== '--keylog' && option !== '--rsa-key') return 0;
  const value = args[i + 1];
  if (value === undefined) return `${option} needs a file`;
  if (option === '--keylog') {
    files.keyLogs.push(value);
  } else {
    // A password follows the last ':' unless the whole argument names a file (a path may hold ':').
    const colon = value.lastIndexOf(':');
    files.rsaKeys.push(colon > 0 ? { path: value.slice(0, colon), password: value.slice(colon + 1) } : { path: value });
  }
  return 2;
}

/**
 * Reads the key files into a TlsDecryption. Key log lines that cannot be read are warnings (`warn`), each with
 * its line number; an unreadable file, or an RSA key file that cannot be opened (wrong password...), is an error.
 */
export async function loadTlsKeys(
  files: TlsKeyFiles,
  warn: (message: string) => void,
): Promise<TlsDecryption | string> {
  const tls = new TlsDecryption(undefined, undefined, nodeCiphers);
  for (const path of files.keyLogs) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (e) {
      return `cannot read key log '${path}': ${(e as Error).message}`;
    }
    const summary = tls.keyring.addKeyLog(bytes, path);
    for (const problem of summary.problems.slice(0, 20)) warn(`${path}:${problem.line}: ${problem.reason}`);
    if (summary.problems.length > 20) warn(`${path}: ${summary.problems.length - 20} more lines could not be read`);
    if (summary.truncated)
      warn(
        `${path}: the key log is truncated: its last line is cut short; the ${summary.secrets} secrets before it are used`,
      );
    if (summary.secrets === 0) warn(`${path}: no secrets in the key log`);
  }
  for (const { path, password } of files.rsaKeys) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (e) {
      // "file:password" where the file has a ':' in its name.
      if (password !== undefined) return loadWholePath(files, path, password, warn);
      return `cannot read RSA key '${path}': ${(e as Error).message}`;
    }
    // Loaded on first need: node-forge takes a noticeable part of every command's start otherwise.
    const { KeyFileError, rsaKeysFromFile } = await import('../tls/rsa-keys');
    try {
      tls.keyring.addRsaKeys(rsaKeysFromFile(bytes, basename(path), password));
    } catch (e) {
      if (e instanceof KeyFileError) return e.message;
      throw e;
    }
  }
  return tls;
}

function loadWholePath(
  files: TlsKeyFiles,
  path: string,
  password: string,
  warn: (message: string) => void,
): Promise<TlsDecryption | string> {
  const whole = `${path}:${password}`;
  return loadTlsKeys(
    {
      keyLogs: files.keyLogs,
      rsaKeys: files.rsaKeys.map((k) => (k.path === path && k.password === password ? { path: whole } : k)),
    },
    warn,
  );
}
