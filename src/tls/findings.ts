/**
 * What a TLS session's checks found: its certificate chain (certificate-checks.ts) and its negotiated version and
 * cipher suite (obsolete versions and suites that give no or little protection).
 */

export type FindingSeverity = 'error' | 'warning' | 'note';

export interface Finding {
  severity: FindingSeverity;
  /** A short name of the check ("expired", "weak signature", "obsolete version"). */
  check: string;
  /** The finding in words. */
  text: string;
}

const OBSOLETE_VERSIONS: Record<number, { name: string; severity: FindingSeverity }> = {
  0x0002: { name: 'SSL 2.0', severity: 'error' },
  0x0300: { name: 'SSL 3.0', severity: 'error' },
  0x0301: { name: 'TLS 1.0', severity: 'warning' },
  0x0302: { name: 'TLS 1.1', severity: 'warning' },
};

/** The negotiated version, when obsolete (RFC 7568 for SSL 3.0, RFC 8996 for TLS 1.0 and 1.1). */
export function versionFindings(version: number | undefined): Finding[] {
  const obsolete = version === undefined ? undefined : OBSOLETE_VERSIONS[version];
  if (!obsolete) return [];
  return [
    {
      severity: obsolete.severity,
      check: 'obsolete version',
      text: `${obsolete.name} negotiated: deprecated (${version === 0x0300 || version === 2 ? 'RFC 7568' : 'RFC 8996'})`,
    },
  ];
}

/**
 * The negotiated suite (its IANA name, "TLS_RSA_WITH_RC4_128_SHA"), when it gives no encryption (NULL), no
 * authentication (anon), export-grade keys or RC4 (RFC 7465).
 */
export function suiteFindings(name: string | undefined): Finding[] {
  if (!name) return [];
  const findings: Finding[] = [];
  const add = (severity: FindingSeverity, text: string) =>
    findings.push({ severity, check: 'obsolete suite', text: `${name}: ${text}` });
  if (/_WITH_NULL_|_NULL_WITH_/.test(name)) add('error', 'NULL cipher, the records are not encrypted');
  if (/_anon_/.test(name)) add('error', 'anonymous key exchange, the server is not authenticated');
  if (/EXPORT/.test(name)) add('error', 'export-grade keys (40 or 56 bits)');
  if (/_RC4_/.test(name)) add('error', 'RC4 is prohibited (RFC 7465)');
  return findings;
}
