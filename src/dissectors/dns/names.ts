import { Malformed, type Bytes } from '../bytes';

/** A domain name read from a message: its text, and how many bytes it occupies where it was read. */
export interface DomainName {
  text: string;
  /** Bytes of the name at its position (up to and including the first compression pointer). */
  length: number;
  labels: number;
}

const MAX_NAME = 255;

/**
 * Reads a (possibly compressed, RFC 1035 §4.1.4) domain name at `at` in the message `msg`. Every pointer must
 * go backwards from the label that holds it, so a loop is impossible; names over 255 bytes are malformed.
 */
export function readName(msg: Bytes, at: number): DomainName {
  const { labels, length } = readLabels(msg, at);
  const text = labels.map(labelText);
  return { text: text.length ? text.join('.') : '<Root>', length, labels: labels.length };
}

/** The raw labels of a (possibly compressed) name at `at`, and the bytes it occupies there. */
export function readLabels(msg: Bytes, at: number): { labels: Uint8Array[]; length: number } {
  const labels: Uint8Array[] = [];
  let p = at;
  let length = -1;
  let wire = 0;
  let limit = msg.length;
  for (;;) {
    const n = msg.u8(p);
    if (n === 0) {
      if (length < 0) length = p + 1 - at;
      break;
    }
    if ((n & 0xc0) === 0xc0) {
      const target = ((n & 0x3f) << 8) | msg.u8(p + 1);
      if (length < 0) length = p + 2 - at;
      if (target >= limit) throw new Malformed('DNS compression pointer loop');
      limit = target;
      p = target;
      continue;
    }
    if (n & 0xc0) throw new Malformed('DNS label type not supported');
    labels.push(msg.bytes(p + 1, n));
    wire += n + 1;
    if (wire > MAX_NAME) throw new Malformed('DNS name too long');
    p += n + 1;
  }
  return { labels, length };
}

/** A label as tshark prints it: printable ASCII as is, other bytes as \ddd. */
function labelText(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c > 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${String(c).padStart(3, '0')}`;
  return s;
}
