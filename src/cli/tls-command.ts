/**
 * `loupe tls`: every TLS session of a capture with its version, suite, SNI, decryption outcome, the server's
 * certificate chain and what the checks found (present/tls-sessions.ts), as text or JSON. The checks are not
 * tshark expert items, so `loupe fields` and `loupe show` stay what tshark prints.
 */
import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import type { DissectionSettings } from '../dissectors/decode-as';
import { dissectFrames } from '../passes/dissect-frames';
import { TlsSessionFacts, type TlsSessionSummary } from '../present/tls-sessions';
import type { TlsDecryption } from '../tls/decryption';

export async function tlsCommand(
  core: Core,
  blob: Blob,
  tls: TlsDecryption,
  options: { json: boolean; settings?: DissectionSettings },
  write: (s: string) => void,
): Promise<IngestResult | undefined> {
  const facts = new TlsSessionFacts();
  const result = await dissectFrames(core, blob, (frame) => facts.observe(frame), { tls, settings: options.settings });
  const sessions = facts.summaries(tls);
  write(options.json ? JSON.stringify({ sessions }, null, 1) + '\n' : sessionsText(sessions));
  return result;
}

/** The sessions as readable text: a block per session, findings last. */
export function sessionsText(sessions: readonly TlsSessionSummary[]): string {
  if (sessions.length === 0) return 'No TLS session in the capture.\n';
  const lines: string[] = [`${sessions.length} TLS session${sessions.length === 1 ? '' : 's'}`];
  for (const s of sessions) {
    lines.push('');
    const ends = s.client || s.server ? `${s.client} -> ${s.server}` : 'endpoints not seen';
    lines.push(`tcp.stream ${s.stream}: ${ends}${s.sni ? `, SNI ${s.sni}` : ', no SNI'}`);
    lines.push(`  ${s.version || 'version not seen'}${s.suite ? `, ${s.suite}` : ''}`);
    const counts = s.decrypted || s.failed ? ` (${s.decrypted} records decrypted, ${s.failed} failed)` : '';
    lines.push(`  Decryption: ${s.status}${counts}`);
    s.certificates.forEach((c, i) => {
      const where = i === 0 ? ` (frame ${s.certificateFrame})` : '';
      lines.push(
        `  Certificate ${i + 1}${where}: ${c.subject}${c.selfSigned ? ' (self-signed)' : `, issued by ${c.issuer}`}`,
      );
      lines.push(`    valid ${c.notBefore} to ${c.notAfter}; ${c.key}; ${c.signature}`);
      if (c.names.length) lines.push(`    names: ${c.names.join(', ')}`);
    });
    if (s.findings.length === 0) {
      lines.push('  Findings: none');
    } else {
      lines.push('  Findings:');
      for (const f of s.findings) lines.push(`    ${f.severity}: ${f.text}`);
    }
  }
  return lines.join('\n') + '\n';
}
