/**
 * Telling key files from captures when files are dropped or text pasted on an open capture, and the words the
 * TLS keys dialog says about what a key file held.
 */
import type { TlsKeyOutcome } from '../../api/capture-api';

/** pcap (both byte orders, microsecond and nanosecond), pcapng, NetMon and gzip magic numbers. */
const CAPTURE_MAGICS = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a, 0x55424d47, 0x31424d47];

/** Whether the first bytes of a file are a capture's (else, on an open capture, it is taken as a key file). */
export function looksLikeCapture(head: Uint8Array): boolean {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
  if (head.length < 4) return false;
  const magic = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false);
  return CAPTURE_MAGICS.includes(magic);
}

export async function isCaptureFile(file: Blob): Promise<boolean> {
  return looksLikeCapture(new Uint8Array(await file.slice(0, 4).arrayBuffer()));
}

const KEY_TEXT =
  /^(CLIENT_RANDOM|RSA|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET|CLIENT_EARLY_TRAFFIC_SECRET|EARLY_EXPORTER_SECRET) [0-9a-fA-F]+ [0-9a-fA-F]+\s*$|-----BEGIN [A-Z ]*PRIVATE KEY-----/m;

/** Whether pasted text is a key log or a PEM private key. */
export function looksLikeKeyText(text: string): boolean {
  return KEY_TEXT.test(text);
}

/** What a key file came to, in a sentence (and the key log lines that could not be read, by number). */
export function outcomeText(outcome: TlsKeyOutcome): { text: string; lines: string[]; ok: boolean } {
  switch (outcome.kind) {
    case 'keylog': {
      const { secrets, problems, truncated } = outcome;
      const read = `${outcome.name}: ${secrets} secret${secrets === 1 ? '' : 's'} read`;
      const bad = problems.length
        ? `; ${problems.length} line${problems.length === 1 ? '' : 's'} could not be read`
        : '';
      const cut = truncated ? ' (the file ends inside its last line: cut short?)' : '';
      return { text: `${read}${bad}${cut}.`, lines: problems.map((p) => `line ${p.line}: ${p.reason}`), ok: true };
    }
    case 'rsa':
      return {
        text: `${outcome.name}: ${outcome.keys} RSA private key${outcome.keys === 1 ? '' : 's'} (${outcome.bits.join(', ')} bits) read.`,
        lines: [],
        ok: true,
      };
    case 'password':
      return { text: outcome.message, lines: [], ok: false };
    case 'error':
      return { text: outcome.message, lines: [], ok: false };
  }
}
