import type { PacketContext } from '../api';
import { HpackDecoder } from './hpack';

/** Frame types (RFC 9113 §6). */
export const Type = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PUSH_PROMISE: 5,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;
export const END_STREAM = 0x01;
export const ACK = 0x01;
export const END_HEADERS = 0x04;
export const PADDED = 0x08;
export const PRIORITY_FLAG = 0x20;

/** A body's DATA payloads so far, in one direction of one stream. */
export interface Body {
  pieces: { frame: number; bytes: Uint8Array }[];
}

/** What one direction of a stream said in its header blocks. */
export interface Message {
  contentType?: string;
  contentEncoding?: string;
}

/** Per connection: each side's HPACK decoder, its SETTINGS awaiting acknowledgement, and per stream its bodies. */
export interface Connection {
  decoders: [HpackDecoder, HpackDecoder];
  /** Per side, for each SETTINGS it sent and the peer has not acknowledged: the header table sizes it named. */
  unacked: [number[][], number[][]];
  /** "stream side" → the message's headers and its body so far. */
  messages: Map<string, Message>;
  bodies: Map<string, Body>;
  /** The packet whose Info HTTP/2 last wrote (its first frame replaces what TCP or TLS wrote, later ones append). */
  infoFrame?: number;
}

/** HTTP/2's state rides on the conversation's state object under a key of its own. */
const STATE = Symbol('http2');

/**
 * The connection's HTTP/2 state. HTTP/2 runs as the conversation's dissector (Decode As), or under the one that
 * handed it the bytes (HTTP after the preface, TLS after ALPN h2), whose state object ctx.state gives: HTTP/2's
 * own state hangs off that object, so it never takes the other protocol's for its own.
 */
export function connection(ctx: PacketContext): Connection {
  const holder = ctx.state<{ [STATE]?: Connection }>(() => ({}));
  return (holder[STATE] ??= {
    decoders: [new HpackDecoder(), new HpackDecoder()],
    unacked: [[], []],
    messages: new Map(),
    bodies: new Map(),
  });
}

/** The first HTTP/2 item of a packet replaces the Info TCP or TLS wrote; later ones append to it. Each sets the Protocol. */
export function info(ctx: PacketContext, entry: string): void {
  const { columns } = ctx;
  const conn = connection(ctx);
  columns.info =
    conn.infoFrame === ctx.frame && columns.protocol.startsWith('HTTP2') && columns.info
      ? `${columns.info}, ${entry}`
      : entry;
  columns.protocol = 'HTTP2';
  conn.infoFrame = ctx.frame;
}

export function messageOf(conn: Connection, streamId: number, side: 0 | 1): Message {
  const key = `${streamId} ${side}`;
  let m = conn.messages.get(key);
  if (!m) conn.messages.set(key, (m = {}));
  return m;
}
