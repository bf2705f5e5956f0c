/**
 * Checks of a server's certificate chain as a TLS session presented it, the ones analysts make by hand on a
 * customer trace: validity at capture time, the SNI among the certificate's names (RFC 6125), self-signed
 * certificates and issuers missing from the chain, SHA-1 and MD5 signatures, RSA keys under 2048 bits.
 * Certificates are parsed by pkijs (over asn1js); no signature is verified (there is no trust store here).
 */
import { AltName, Certificate, ECPublicKey, RelativeDistinguishedNames, RSAPublicKey, RSASSAPSSParams } from 'pkijs';
import type { Finding } from './findings';

/** What the session summary shows of one certificate. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** ISO 8601 times. */
  notBefore: string;
  notAfter: string;
  /** DNS names of the subjectAltName extension, else the subject's common name. */
  names: string[];
  /** "sha256WithRSAEncryption". */
  signature: string;
  /** "RSA 2048 bits", "EC secp256r1", or the key algorithm's OID. */
  key: string;
  selfSigned: boolean;
}

export interface ChainReport {
  certificates: CertificateSummary[];
  findings: Finding[];
}

const SIGNATURES: Record<string, { name: string; hash?: 'md5' | 'sha1' | 'md2' | 'md4' }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'sha1' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.113549.1.1.10': { name: 'id-RSASSA-PSS' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
};
const HASH_OIDS: Record<string, 'md5' | 'sha1' | undefined> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
};
const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'secp256r1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
};
const KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.10040.4.1': 'DSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};
const ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
const SUBJECT_ALT_NAME = '2.5.29.17';
const COMMON_NAME = '2.5.4.3';
const DNS_NAME = 2;
const MIN_RSA_BITS = 2048;

interface Parsed {
  cert: Certificate;
  summary: CertificateSummary;
  rsaBits?: number;
  weakHash?: string;
}

/**
 * Checks the chain a server sent (leaf first, DER each) at the capture's time (of the Certificate message) against
 * the name the client asked for (SNI; none: no name check).
 */
export function checkChain(chain: readonly Uint8Array[], at: Date, sni?: string): ChainReport {
  const findings: Finding[] = [];
  const parsed: (Parsed | undefined)[] = chain.map((der, i) => {
    try {
      return parse(der);
    } catch (e) {
      findings.push({
        severity: 'error',
        check: 'unreadable certificate',
        text: `certificate ${i + 1} of the chain cannot be read: ${(e as Error).message}`,
      });
      return undefined;
    }
  });
  const readable = parsed.filter((p): p is Parsed => !!p);
  parsed.forEach((p, i) => {
    if (p) findings.push(...certificateFindings(p, i, parsed, at));
  });
  const leaf = parsed[0];
  if (leaf && sni) {
    const host = sni.toLowerCase().replace(/\.$/, '');
    if (!leaf.summary.names.some((name) => matchesHostName(name, host))) {
      findings.push({
        severity: 'error',
        check: 'name mismatch',
        text: `SNI ${sni} is not among the certificate's names (${leaf.summary.names.join(', ') || 'none'})`,
      });
    }
  }
  return { certificates: readable.map((p) => p.summary), findings };
}

function certificateFindings(p: Parsed, i: number, chain: readonly (Parsed | undefined)[], at: Date): Finding[] {
  const findings: Finding[] = [];
  const which =
    i === 0 ? `the server's certificate (${p.summary.subject})` : `chain certificate ${i + 1} (${p.summary.subject})`;
  const { notBefore, notAfter } = p.cert;
  if (at < notBefore.value) {
    findings.push({
      severity: 'error',
      check: 'not yet valid',
      text: `${which} is not valid yet at capture time: valid from ${iso(notBefore.value)}`,
    });
  } else if (at > notAfter.value) {
    findings.push({
      severity: 'error',
      check: 'expired',
      text: `${which} expired on ${iso(notAfter.value)}, before the capture`,
    });
  }
  if (p.summary.selfSigned && i === 0) {
    findings.push({
      severity: 'warning',
      check: 'self-signed',
      text: `${which} is self-signed: no client trusts it unless told to`,
    });
  } else if (!p.summary.selfSigned && !chain.some((other) => other && other.cert.subject.isEqual(p.cert.issuer))) {
    findings.push(
      i === 0
        ? {
            severity: 'warning',
            check: 'issuer missing',
            text: `the issuer of ${which}, ${p.summary.issuer}, is not in the chain: only a client that already holds it can verify the certificate`,
          }
        : {
            severity: 'note',
            check: 'issuer missing',
            text: `the issuer of ${which}, ${p.summary.issuer}, is not in the chain (a root the client must trust)`,
          },
    );
  }
  // A trust anchor's own signature is never checked, so only a self-signed leaf's counts.
  if (p.weakHash && (i === 0 || !p.summary.selfSigned)) {
    findings.push({
      severity: p.weakHash === 'sha1' ? 'warning' : 'error',
      check: 'weak signature',
      text: `${which} is signed with ${p.weakHash.toUpperCase()} (${p.summary.signature})`,
    });
  }
  if (p.rsaBits !== undefined && p.rsaBits < MIN_RSA_BITS) {
    findings.push({
      severity: 'warning',
      check: 'weak key',
      text: `${which} has a ${p.rsaBits}-bit RSA key (under ${MIN_RSA_BITS} bits)`,
    });
  }
  return findings;
}

function parse(der: Uint8Array): Parsed {
  const cert = Certificate.fromBER(der as Uint8Array<ArrayBuffer>);
  const signatureOid = cert.signatureAlgorithm.algorithmId;
  const signature = SIGNATURES[signatureOid];
  let weakHash = signature?.hash;
  if (signatureOid === '1.2.840.113549.1.1.10') {
    // RSASSA-PSS names its hash in the parameters; absent, it is SHA-1 (RFC 4055 §3.1).
    const params = cert.signatureAlgorithm.algorithmParams
      ? new RSASSAPSSParams({ schema: cert.signatureAlgorithm.algorithmParams })
      : new RSASSAPSSParams();
    weakHash = HASH_OIDS[params.hashAlgorithm.algorithmId];
  }
  const { key, rsaBits } = publicKey(cert);
  return {
    cert,
    rsaBits,
    weakHash,
    summary: {
      subject: nameText(cert.subject),
      issuer: nameText(cert.issuer),
      notBefore: iso(cert.notBefore.value),
      notAfter: iso(cert.notAfter.value),
      names: dnsNames(cert),
      signature: signature?.name ?? signatureOid,
      key,
      selfSigned: cert.subject.isEqual(cert.issuer),
    },
  };
}

function publicKey(cert: Certificate): { key: string; rsaBits?: number } {
  const info = cert.subjectPublicKeyInfo;
  const algorithm = info.algorithm.algorithmId;
  let parsed: ECPublicKey | RSAPublicKey | undefined;
  try {
    parsed = info.parsedKey;
  } catch {
    parsed = undefined;
  }
  if (parsed instanceof RSAPublicKey) {
    const bits = unsignedBits(parsed.modulus.valueBlock.valueHexView);
    return { key: `RSA ${bits} bits`, rsaBits: bits };
  }
  if (parsed instanceof ECPublicKey) return { key: `EC ${CURVES[parsed.namedCurve] ?? parsed.namedCurve}` };
  return { key: KEY_ALGORITHMS[algorithm] ?? algorithm };
}

/** Bits of a big-endian unsigned integer (DER keeps a leading zero byte before a set top bit). */
function unsignedBits(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

/** The DNS names a client matches the host against: subjectAltName's, else the last common name (RFC 6125 §6.4.4). */
function dnsNames(cert: Certificate): string[] {
  const san = cert.extensions?.find((e) => e.extnID === SUBJECT_ALT_NAME)?.parsedValue;
  if (san instanceof AltName) {
    const names = san.altNames.filter((n) => n.type === DNS_NAME).map((n) => String(n.value));
    if (names.length) return names;
  }
  const cn = cert.subject.typesAndValues.filter((tv) => tv.type === COMMON_NAME).pop();
  return cn ? [String(cn.value.valueBlock.value)] : [];
}

/** "CN=good.test, O=Example": the attributes in the order the certificate holds them. */
function nameText(name: RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${ATTRIBUTES[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value ?? '')}`)
    .join(', ');
}

const iso = (date: Date) => date.toISOString().replace(/\.000Z$/, 'Z');

/**
 * Whether a certificate's DNS name matches the host (lower case, no trailing dot) as RFC 6125 §6.4 has it:
 * labels compared without regard to case; a wildcard only as the whole left-most label, standing for exactly one
 * label, and never over fewer than two labels (`*.com` matches nothing).
 */
export function matchesHostName(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p.includes('*')) return p === host;
  const [first, ...rest] = p.split('.');
  if (first !== '*' || rest.length < 2 || rest.some((label) => label.includes('*') || !label)) return false;
  const labels = host.split('.');
  return labels.length === rest.length + 1 && labels[0] !== '' && labels.slice(1).join('.') === rest.join('.');
}
