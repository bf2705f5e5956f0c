/**
 * The TLS keys dialog's session table: one field-mode pass with the capture's keys, reading each TLS
 * conversation's endpoints, SNI, version and suite from the dissection, and its outcome from src/tls's status
 * records once the pass is through.
 */
import type { Core } from '../core/core';
import { dissectFrames, type DissectedFrame } from '../passes/dissect-frames';
import { CoreFrame } from '../dissectors/core-frame';
import { ipv4, ipv6 } from '../fields/format';
import { fieldId } from '../fields/registry';
import { CIPHER_SUITES, VERSIONS } from '../dissectors/tls/names';
import type { TlsDecryption } from '../tls/decryption';
import type { TlsSessionRow } from '../api/tls';
import type { DissectionSettings } from '../dissectors/decode-as';

const HANDSHAKE_TYPE = fieldId('tls.handshake.type');
const SUITE = fieldId('tls.handshake.ciphersuite');
const SNI = fieldId('tls.handshake.extensions_server_name');
const VERSION = fieldId('tls.handshake.version');
const SUPPORTED_VERSION = fieldId('tls.handshake.extensions.supported_version');

interface Facts {
  client?: string;
  server?: string;
  sni: string;
  version?: number;
  suite?: number;
}

/** Gathers what the table shows of each TLS conversation from the frames of a pass, in capture order. */
export class TlsSessionFacts {
  private readonly byStream = new Map<number, Facts>();

  observe(frame: DissectedFrame): void {
    let type = -1;
    let facts: Facts | undefined;
    for (const item of frame.app.items) {
      if (item.id === HANDSHAKE_TYPE) {
        type = Number(item.value);
        if (type !== 1 && type !== 2) continue;
        const core = new CoreFrame(frame.input);
        const stream = core.value('tcp.stream');
        if (stream === undefined) return;
        facts = this.byStream.get(stream) ?? { sni: '' };
        this.byStream.set(stream, facts);
        const sender = endpoint(core, 'src');
        const receiver = endpoint(core, 'dst');
        if (type === 1 && facts.client === undefined) [facts.client, facts.server] = [sender, receiver];
        if (type === 2 && facts.client === undefined) [facts.client, facts.server] = [receiver, sender];
      } else if (!facts) {
        continue;
      } else if (item.id === SNI && type === 1 && !facts.sni) {
        facts.sni = String(item.value);
      } else if (item.id === SUITE && type === 2) {
        facts.suite = Number(item.value);
      } else if (item.id === VERSION && type === 2) {
        facts.version ??= Number(item.value);
      } else if (item.id === SUPPORTED_VERSION && type === 2) {
        facts.version = Number(item.value);
      }
    }
  }

  /** One row per conversation src/tls followed, by stream number. */
  rows(tls: TlsDecryption): TlsSessionRow[] {
    return tls
      .sessions()
      .sort((a, b) => a.stream - b.stream)
      .map(({ stream, status }) => {
        const facts = this.byStream.get(stream) ?? { sni: '' };
        return {
          stream,
          client: facts.client ?? '',
          server: facts.server ?? '',
          sni: facts.sni,
          version: facts.version === undefined ? '' : (VERSIONS[facts.version] ?? `0x${facts.version.toString(16)}`),
          suite:
            facts.suite === undefined
              ? ''
              : `${CIPHER_SUITES[facts.suite] ?? 'Unknown'} (0x${facts.suite.toString(16).padStart(4, '0')})`,
          state: status.state,
          status: status.text,
          decrypted: status.decrypted,
          failed: status.failed,
        };
      });
  }
}

function endpoint(core: CoreFrame, which: 'src' | 'dst'): string {
  const port = core.value(`tcp.${which}port`) ?? 0;
  const v6 = core.words(`ipv6.${which}`);
  if (v6) return `[${ipv6(v6)}]:${port}`;
  return `${ipv4(core.value(`ip.${which}`) ?? 0)}:${port}`;
}

/** The session table of a capture: one pass with `tls` (its keys), reporting how far it has read. */
export async function scanTlsSessions(
  core: Core,
  blob: Blob,
  tls: TlsDecryption,
  options: {
    settings?: DissectionSettings;
    onProgress?: (read: number, total: number) => void;
  } = {},
): Promise<TlsSessionRow[]> {
  const facts = new TlsSessionFacts();
  await dissectFrames(core, blob, (frame) => facts.observe(frame), {
    tls,
    settings: options.settings,
    onProgress: options.onProgress,
  });
  return facts.rows(tls);
}
