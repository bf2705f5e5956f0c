import type { Bytes } from './bytes';
import type { Columns } from './core-columns';
import type { TreeBuilder } from './tree';
import type { TlsDecryption } from '../tls/decryption';

/**
 * A stream dissector's answer: bytes consumed, or that the PDU needs more bytes than `data` holds (the items
 * it added are dropped unless `keepItems`: TLS shows an empty layer on the segment where a record starts).
 */
export type PduResult = number | { more: number; keepItems?: boolean };

/** `{ more: ONE_MORE_SEGMENT }`: the PDU's length is not known yet; call again with the next segment added. */
export const ONE_MORE_SEGMENT = -1;

export type Transport = 'tcp' | 'udp';

/** A capture timestamp: whole seconds since the epoch and nanoseconds. */
export interface Timestamp {
  sec: number;
  nsec: number;
}

/** A file a protocol carried (an HTTP body, an FTP transfer), as File > Export Objects lists it. */
export interface ExportedObject {
  /** 'http' or 'ftp-data' (tshark's --export-objects names). */
  protocol: string;
  /** The frame that completed it. */
  frame: number;
  hostname: string;
  contentType: string;
  /** The name the protocol gave it (a request URI, a RETR argument), before it is made a safe file name (objects.ts). */
  name: string;
  bytes: Uint8Array;
}

/** What a dissector sees of the packet it is given. */
export interface PacketContext {
  frame: number;
  time: Timestamp;
  transport: Transport;
  /** tcp.stream or udp.stream of the conversation. */
  stream: number;
  srcPort: number;
  dstPort: number;
  /** The conversation side that sent this packet (0: endpoint A, the first sender). */
  side: 0 | 1;
  tree: TreeBuilder;
  columns: Columns;
  /** This dissector's state for this conversation (made on first use). */
  state<T>(make: () => T): T;
  /** This dissector's state for the whole pass, across conversations (QUIC numbers its connections). */
  passState<T>(make: () => T): T;
  /** Hands a future conversation to a dissector (FTP's data connections): by server port, and address if known. */
  expect(transport: Transport, port: number, dissector: Dissector, note: unknown): void;
  /** The note given to expect() when this conversation was announced. */
  readonly expected?: unknown;
  /** Offers a carried file to Export Objects (kept only when the session collects them); it belongs to this
   * frame unless `frame` names another. */
  exportObject(object: Omit<ExportedObject, 'frame'> & { frame?: number }): void;
  /**
   * The conversation's next bytes, both ways, are TLS: a STARTTLS the server accepted (SMTP, IMAP, POP3, FTP AUTH
   * TLS), as tshark hands such a conversation to TLS; the protocol inside gets the decrypted data by its port.
   */
  startTls(): void;
  /** TLS decryption for this pass (its keys and per-connection state), when the session has one. */
  readonly tls?: TlsDecryption;
  /** The data was decrypted from TLS (HTTP's full request URI is then https://). */
  readonly secure?: boolean;
}

/** Nanoseconds from `from` to `to` (tshark's "Time since request"). */
export function elapsedNs(from: Timestamp, to: Timestamp): number {
  return (to.sec - from.sec) * 1e9 + (to.nsec - from.nsec);
}

export interface Dissector {
  /** Its protocol's filter name (the key of its conversation state). */
  name: string;
  /** A datagram (UDP). Throw Malformed (bytes.ts) on short data. */
  datagram?(data: Bytes, ctx: PacketContext): void;
  /** The start of a PDU in a TCP stream (data runs to the end of what has arrived in order). */
  stream?(data: Bytes, ctx: PacketContext): PduResult;
  /** Whether the payload looks like this protocol (tried when no port claims a conversation). */
  heuristic?(data: Bytes, ctx: PacketContext): boolean;
  /**
   * The protocols its dissection may add to a frame (a protocol is the first part of its field names): its own
   * and those it hands payloads to. Unset: any (TLS hands decrypted data to whatever ALPN, port or heuristic
   * names). The query planner (src/passes/protocol-reach.ts) dissects only conversations whose dissectors may
   * yield a wanted field; test/passes/protocol-reach.test.ts checks every declaration against full dissections.
   */
  yields?: readonly string[];
  /**
   * What it may add when it decrypts nothing (no TLS keys, no secrets in the capture), for a dissector whose
   * `yields` is unset because decrypted data may be anything: its cleartext protocols (TLS's handshake and
   * certificates). The query planner reads it when told no keys are at hand.
   */
  clearYields?: readonly string[];
  /**
   * The dissectors (by name) it hands later conversations to by ctx.expect(), the one way a conversation's
   * dissection reaches another's: the protocol tree of one frame then dissects this dissector's conversations too
   * (src/worker/tree-frames.ts), and the query planner counts what those may yield.
   */
  announces?: readonly string[];
}

/** What media bodies (HTTP, mail, FTP data) may be dissected as. */
export const MEDIA_YIELDS = [
  'media',
  'json',
  'urlencoded-form',
  'data-text-lines',
  'data',
  'png',
  'image-gif',
  'image-jfif',
] as const;
/** What a mail message (SMTP DATA, POP3 RETR, IMAP FETCH) may be dissected as. */
export const MAIL_YIELDS = ['imf', ...MEDIA_YIELDS] as const;
/** What an SMB (v1) message over NetBIOS may be dissected as. */
export const SMB_YIELDS = ['smb', 'mailslot', 'browser', 'data'] as const;

const ports: Record<Transport, Map<number, Dissector>> = { tcp: new Map(), udp: new Map() };
const heuristics: Record<Transport, Heuristic[]> = { tcp: [], udp: [] };
const byName = new Map<string, Dissector>();

/** A heuristic dissector on a transport, known by tshark's short name ("http_tcp", "tls_tcp"). */
export interface Heuristic {
  name: string;
  dissector: Dissector;
  /** Whether it is tried unless the user disables it (tshark's default for that heuristic). */
  enabledByDefault: boolean;
}

/** Registers a dissector for a well-known port (tshark's "tcp.port"/"udp.port" tables). */
export function registerPort(transport: Transport, port: number, dissector: Dissector): void {
  ports[transport].set(port, dissector);
  byName.set(dissector.name, dissector);
}

export function registerHeuristic(transport: Transport, dissector: Dissector, enabledByDefault = true): void {
  heuristics[transport].push({ name: `${dissector.name}_${transport}`, dissector, enabledByDefault });
  byName.set(dissector.name, dissector);
}

const alpn = new Map<string, Dissector>();

/**
 * Registers a dissector for an ALPN protocol id ("h2", "http/1.1"): TLS hands a decrypted session's application
 * data to it when the handshake negotiated that id (tshark's tls.alpn table).
 */
export function registerAlpn(protocolId: string, dissector: Dissector): void {
  alpn.set(protocolId, dissector);
  byName.set(dissector.name, dissector);
}

/** The dissector registered for an ALPN protocol id. */
export function byAlpn(protocolId: string): Dissector | undefined {
  return alpn.get(protocolId);
}

const upgrades = new Map<string, Dissector>();

/**
 * Registers a dissector for an HTTP Upgrade token ("websocket"): HTTP hands the connection to it after a 101
 * Switching Protocols response naming that token (tshark's http.upgrade table).
 */
export function registerUpgrade(token: string, dissector: Dissector): void {
  upgrades.set(token.toLowerCase(), dissector);
  byName.set(dissector.name, dissector);
}

/** The dissector registered for an HTTP Upgrade token (case-insensitive). */
export function byUpgrade(token: string): Dissector | undefined {
  return upgrades.get(token.trim().toLowerCase());
}

/** The dissector registered for one port, before any Decode As rule. */
export function byPort(transport: Transport, port: number): Dissector | undefined {
  return ports[transport].get(port);
}

export function heuristicsFor(transport: Transport): readonly Heuristic[] {
  return heuristics[transport];
}

/** A registered dissector by its protocol's filter name ("http"), for Decode As. */
export function dissectorNamed(name: string): Dissector | undefined {
  return byName.get(name);
}

/** Every registered application dissector's name, sorted. */
export function dissectorNames(): string[] {
  return [...byName.keys()].sort();
}

/** Every registration, as data: each dissector's ports per transport, heuristics and ALPN ids (the protocol list). */
export function registrations(): {
  ports: { transport: Transport; port: number; dissector: string }[];
  heuristics: { transport: Transport; name: string; dissector: string; enabledByDefault: boolean }[];
  alpn: { id: string; dissector: string }[];
} {
  const transports: Transport[] = ['tcp', 'udp'];
  return {
    ports: transports.flatMap((transport) =>
      [...ports[transport]].map(([port, d]) => ({ transport, port, dissector: d.name })),
    ),
    heuristics: transports.flatMap((transport) =>
      heuristics[transport].map((h) => ({
        transport,
        name: h.name,
        dissector: h.dissector.name,
        enabledByDefault: h.enabledByDefault,
      })),
    ),
    alpn: [...alpn].map(([id, d]) => ({ id, dissector: d.name })),
  };
}
