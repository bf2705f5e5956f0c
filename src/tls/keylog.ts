/**
 * NSS key log files (SSLKEYLOGFILE, as browsers, curl and openssl's -keylogfile write them): one secret a line,
 * `<label> <client random or RSA key prefix, hex> <secret, hex>`, `#` comments and blank lines allowed.
 */

/** Every label the format defines that decryption uses, with the length of its key field and its secret(s). */
const LABELS = {
  // TLS 1.0-1.2: the 48-byte master secret, by the ClientHello random.
  CLIENT_RANDOM: { keyBytes: 32, secretBytes: [48] },
  // RSA key exchange: the 48-byte premaster secret, by the first 8 bytes of the encrypted premaster.
  RSA: { keyBytes: 8, secretBytes: [48] },
  // TLS 1.3 secrets (RFC 8446 §7.1) by the ClientHello random: as long as the suite's hash (SHA-256 or SHA-384).
  CLIENT_EARLY_TRAFFIC_SECRET: { keyBytes: 32, secretBytes: [32, 48] },
  CLIENT_HANDSHAKE_TRAFFIC_SECRET: { keyBytes: 32, secretBytes: [32, 48] },
  SERVER_HANDSHAKE_TRAFFIC_SECRET: { keyBytes: 32, secretBytes: [32, 48] },
  CLIENT_TRAFFIC_SECRET_0: { keyBytes: 32, secretBytes: [32, 48] },
  SERVER_TRAFFIC_SECRET_0: { keyBytes: 32, secretBytes: [32, 48] },
  EARLY_EXPORTER_SECRET: { keyBytes: 32, secretBytes: [32, 48] },
  EXPORTER_SECRET: { keyBytes: 32, secretBytes: [32, 48] },
} as const;

export type KeyLogLabel = keyof typeof LABELS;

/** Labels some writers add that decryption does not need (OpenSSL logs the secrets after a KeyUpdate so). */
const IGNORED_LABELS = new Set(['CLIENT_TRAFFIC_SECRET_N', 'SERVER_TRAFFIC_SECRET_N']);

export interface KeyLogEntry {
  label: KeyLogLabel;
  /** The client random (or, for RSA, the encrypted premaster's first 8 bytes) as lowercase hex. */
  key: string;
  secret: Uint8Array;
  /** 1-based line in its file. */
  line: number;
}

export interface KeyLogProblem {
  line: number;
  reason: string;
}

export interface ParsedKeyLog {
  entries: KeyLogEntry[];
  /** Lines that are neither a secret, a comment nor blank, by line number. */
  problems: KeyLogProblem[];
  /** The text ends inside a line that is no whole secret: the file was cut short (still being written?). */
  truncated: boolean;
}

const HEX = /^[0-9a-fA-F]*$/;

/** Parses a key log's text. Never throws: what cannot be read is reported per line. */
export function parseKeyLog(text: string): ParsedKeyLog {
  const entries: KeyLogEntry[] = [];
  const problems: KeyLogProblem[] = [];
  const lines = text.split(/\r?\n/);
  const endsInLine = lines.length > 0 && lines[lines.length - 1] !== '';
  let truncated = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || IGNORED_LABELS.has(line.split(/\s/, 1)[0])) return;
    const result = parseLine(line, i + 1);
    if ('reason' in result) {
      const last = i === lines.length - 1 && endsInLine;
      if (last) truncated = true;
      problems.push(
        last ? { line: i + 1, reason: `${result.reason} (the file ends inside this line: cut short?)` } : result,
      );
    } else {
      entries.push(result);
    }
  });
  return { entries, problems, truncated };
}

function parseLine(line: string, number: number): KeyLogEntry | KeyLogProblem {
  const words = line.split(/\s+/);
  const label = words[0];
  if (!(label in LABELS)) return { line: number, reason: `unknown label '${label.slice(0, 40)}'` };
  const spec = LABELS[label as KeyLogLabel];
  if (words.length !== 3) return { line: number, reason: `${label} needs 2 hex values, found ${words.length - 1}` };
  const [, key, secret] = words;
  if (!HEX.test(key) || !HEX.test(secret)) return { line: number, reason: `${label}: not hexadecimal` };
  if (key.length !== spec.keyBytes * 2) {
    return {
      line: number,
      reason: `${label}: ${label === 'RSA' ? 'encrypted premaster prefix' : 'client random'} has ${key.length / 2} bytes, not ${spec.keyBytes}`,
    };
  }
  if (!(spec.secretBytes as readonly number[]).includes(secret.length / 2) || secret.length % 2) {
    return {
      line: number,
      reason: `${label}: secret has ${secret.length / 2} bytes, not ${spec.secretBytes.join(' or ')}`,
    };
  }
  return { label: label as KeyLogLabel, key: key.toLowerCase(), secret: fromHex(secret), line: number };
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
