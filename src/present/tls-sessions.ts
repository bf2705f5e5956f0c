/**
 * The TLS session summary both hosts show (the app's TLS sessions table, `loupe tls`): per TLS conversation its
 * endpoints, SNI, version and suite read from the dissection, its decryption outcome from src/tls's status
 * records, the server's certificate chain, and what the checks found (src/tls/certificate-checks.ts, findings.ts).
 */
import type { DissectedFrame } from '../passes/dissect-frames';
import { CoreFrame } from '../dissectors/core-frame';
import { ipv4, ipv6 } from '../fields/format';
import { fieldId } from '../fields/registry';
import { CIPHER_SUITES, VERSIONS } from '../dissectors/tls/names';
import type { TlsDecryption } from '../tls/decryption';
import type { SessionStatus } from '../tls/connection';
import { checkChain, type CertificateSummary } from '../tls/certificate-checks';
import { suiteFindings, versionFindings, type Finding } from '../tls/findings';

const HANDSHAKE_TYPE = fieldId('tls.handshake.type');
const SUITE = fieldId('tls.handshake.ciphersuite');
const SNI = fieldId('tls.handshake.extensions_server_name');
const VERSION = fieldId('tls.handshake.version');
const SUPPORTED_VERSION = fieldId('tls.handshake.extensions.supported_version');
const CERTIFICATE = fieldId('tls.handshake.certificate');
const CLIENT_HELLO = 1;
const SERVER_HELLO = 2;
const CERTIFICATE_MESSAGE = 11;

/** One TLS conversation of a capture: what it negotiated, how its decryption went, what the checks found. */
export interface TlsSessionSummary {
  /** tcp.stream. */
  stream: number;
  /** "192.0.2.1:50112" and "192.0.2.9:443": the ClientHello's sender and receiver (else the first two seen). */
  client: string;
  server: string;
  sni: string;
  /** "TLS 1.3", or '' when no ServerHello was seen. */
  version: string;
  /** "TLS_AES_128_GCM_SHA256 (0x1301)", or ''. */
  suite: string;
  state: SessionStatus['state'];
  /** The decryption outcome in words ("no key for client random 3f2a…"). */
  status: string;
  /** Records decrypted and records that failed authentication. */
  decrypted: number;
  failed: number;
  /** The server's certificate chain, leaf first (empty when none was seen). */
  certificates: CertificateSummary[];
  /** The frame that carried it. */
  certificateFrame?: number;
  findings: Finding[];
}

interface Facts {
  client?: string;
  server?: string;
  sni: string;
  version?: number;
  suite?: number;
  chain: Uint8Array[];
  chainFrame?: number;
  chainTime?: Date;
}

/** Gathers what the summary shows of each TLS conversation from the frames of a pass, in capture order. */
export class TlsSessionFacts {
  private readonly byStream = new Map<number, Facts>();

  observe(frame: DissectedFrame): void {
    let type = -1;
    let core: CoreFrame | undefined;
    let facts: Facts | undefined;
    const factsOfFrame = (): Facts | undefined => {
      core ??= new CoreFrame(frame.input);
      const stream = core.value('tcp.stream');
      if (stream === undefined) return undefined;
      let found = this.byStream.get(stream);
      if (!found) this.byStream.set(stream, (found = { sni: '', chain: [] }));
      return found;
    };
    for (const item of frame.app.items) {
      if (item.id === HANDSHAKE_TYPE) {
        type = Number(item.value);
        if (type !== CLIENT_HELLO && type !== SERVER_HELLO && type !== CERTIFICATE_MESSAGE) continue;
        facts ??= factsOfFrame();
        if (!facts || !core) return;
        const sender = endpoint(core, 'src');
        const receiver = endpoint(core, 'dst');
        if (type === CLIENT_HELLO && facts.client === undefined) [facts.client, facts.server] = [sender, receiver];
        if (type === SERVER_HELLO && facts.client === undefined) [facts.client, facts.server] = [receiver, sender];
        // Only the server's chain counts (a client sends one when asked to authenticate), and only its first.
        if (type === CERTIFICATE_MESSAGE && sender === facts.server && facts.chainFrame === undefined) {
          facts.chainFrame = frame.number;
          facts.chainTime = frameTime(core);
        }
      } else if (!facts) {
        continue;
      } else if (item.id === SNI && type === CLIENT_HELLO && !facts.sni) {
        facts.sni = String(item.value);
      } else if (item.id === SUITE && type === SERVER_HELLO) {
        facts.suite = Number(item.value);
      } else if (item.id === VERSION && type === SERVER_HELLO) {
        facts.version ??= Number(item.value);
      } else if (item.id === SUPPORTED_VERSION && type === SERVER_HELLO) {
        facts.version = Number(item.value);
      } else if (item.id === CERTIFICATE && type === CERTIFICATE_MESSAGE && facts.chainFrame === frame.number) {
        facts.chain.push(item.data.slice(item.start, item.start + item.length));
      }
    }
  }

  /** One summary per TLS conversation seen or followed by `tls`, by stream number. */
  summaries(tls: TlsDecryption): TlsSessionSummary[] {
    const statuses = new Map(tls.sessions().map((s) => [s.stream, s.status]));
    const streams = [...new Set([...this.byStream.keys(), ...statuses.keys()])].sort((a, b) => a - b);
    return streams.map((stream) => {
      const facts = this.byStream.get(stream) ?? { sni: '', chain: [] };
      const status = statuses.get(stream);
      const suiteName = facts.suite === undefined ? undefined : CIPHER_SUITES[facts.suite];
      const chain =
        facts.chain.length && facts.chainTime ? checkChain(facts.chain, facts.chainTime, facts.sni) : undefined;
      return {
        stream,
        client: facts.client ?? '',
        server: facts.server ?? '',
        sni: facts.sni,
        version: facts.version === undefined ? '' : (VERSIONS[facts.version] ?? `0x${facts.version.toString(16)}`),
        suite:
          facts.suite === undefined ? '' : `${suiteName ?? 'Unknown'} (0x${facts.suite.toString(16).padStart(4, '0')})`,
        state: status?.state ?? 'not encrypted',
        status: status?.text ?? 'no encrypted records seen',
        decrypted: status?.decrypted ?? 0,
        failed: status?.failed ?? 0,
        certificates: chain?.certificates ?? [],
        certificateFrame: facts.chainFrame,
        findings: [
          ...versionFindings(facts.version),
          ...suiteFindings(suiteName),
          ...(chain?.findings ?? missingChain(facts)),
        ],
      };
    });
  }
}

/** Why no chain could be checked, when the session had one to show. */
function missingChain(facts: Facts): ReturnType<typeof versionFindings> {
  if (facts.version === undefined) return [];
  const text =
    facts.version === 0x0304
      ? 'certificate chain not checked: TLS 1.3 encrypts it (give the key log to check it)'
      : /_anon_|_PSK_/.test(CIPHER_SUITES[facts.suite ?? -1] ?? '')
        ? ''
        : 'no certificate chain in this connection (a resumed session, or the handshake not all captured)';
  return text ? [{ severity: 'note', check: 'no certificate', text }] : [];
}

function endpoint(core: CoreFrame, which: 'src' | 'dst'): string {
  const port = core.value(`tcp.${which}port`) ?? 0;
  const v6 = core.words(`ipv6.${which}`);
  if (v6) return `[${ipv6(v6)}]:${port}`;
  return `${ipv4(core.value(`ip.${which}`) ?? 0)}:${port}`;
}

function frameTime(core: CoreFrame): Date {
  const [secLo, secHi, nsec] = core.words('frame.time_epoch') ?? [0, 0, 0];
  return new Date(((secHi | 0) * 2 ** 32 + (secLo >>> 0)) * 1000 + Math.floor((nsec | 0) / 1e6));
}
