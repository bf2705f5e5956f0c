/**
 * The TLS keys dialog's session table: one field-mode pass with the capture's keys, summarised per TLS
 * conversation by present/tls-sessions.ts (endpoints, SNI, version, suite, decryption outcome, certificate checks).
 */
import type { Core } from '../core/core';
import { dissectFrames } from '../passes/dissect-frames';
import type { TlsDecryption } from '../tls/decryption';
import type { TlsSessionRow } from '../api/tls';
import type { DissectionSettings } from '../dissectors/decode-as';
import { TlsSessionFacts } from '../present/tls-sessions';

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
  return facts.summaries(tls);
}
