import { Bytes } from '../bytes';
import { registerAlpn, type Dissector, type PacketContext, type PduResult, MEDIA_YIELDS } from '../api';
import { bitLine } from '../bit-line';
import { FRAME_TYPES } from './fields';
import { ACK, END_STREAM, Type, connection, info, type Connection } from './state';
import { flagsTree, priority, settingsList } from './frame-fields';
import { headerFrame } from './header-block';
import { dataFrame } from './body';

/** The client connection preface (RFC 9113 §3.4). */
const MAGIC = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const FRAME_HEADER = 9;

/**
 * HTTP/2 (RFC 9113): the connection preface, then frames, each its own protocol item ("HyperText Transfer Protocol
 * 2") as tshark shows them; frames spanning TCP segments or TLS records are reassembled by the session. Header blocks
 * are decoded by HPACK fragment by fragment; DATA is gathered per stream and direction, and the complete body goes
 * to its media type's dissector.
 */
export const http2: Dissector = {
  name: 'http2',
  yields: ['http2', 'http', ...MEDIA_YIELDS],
  stream(data, ctx): PduResult {
    const magic = magicPrefix(data);
    if (magic === 'partial') return { more: MAGIC.length - data.length };
    if (magic === 'whole') {
      preface(data, ctx);
      return MAGIC.length;
    }
    if (data.length < FRAME_HEADER) return { more: FRAME_HEADER - data.length };
    const length = data.u24(0);
    if (data.length < FRAME_HEADER + length) return { more: FRAME_HEADER + length - data.length };
    frame(data.sub(0, FRAME_HEADER + length), ctx);
    return FRAME_HEADER + length;
  },
  /**
   * tshark's HTTP/2 heuristic, for a dissector that hands payloads on (TLS without ALPN h2): a payload that opens
   * with the preface. Registered on no transport: tshark 4.0 has no HTTP/2 heuristic on TCP.
   */
  heuristic(data) {
    return startsWithPreface(data);
  },
};

registerAlpn('h2', http2);

function magicPrefix(data: Bytes): 'whole' | 'partial' | undefined {
  const n = Math.min(data.length, MAGIC.length);
  if (data.latin1(0, n) !== MAGIC.slice(0, n)) return undefined;
  return n === MAGIC.length ? 'whole' : 'partial';
}

/** Whether a payload starts with the client connection preface (HTTP hands such a connection over). */
export function startsWithPreface(data: Bytes): boolean {
  return magicPrefix(data) === 'whole';
}

function preface(data: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  tree.open('http2', data.abs(0), MAGIC.length);
  tree.open('http2.stream', data.abs(0), MAGIC.length, 'Stream: Magic');
  tree.add('http2.magic', data.abs(0), MAGIC.length, MAGIC);
  tree.close();
  tree.close();
  info(ctx, 'Magic');
}

/** One frame (§4.1): its header, then its type's payload. */
function frame(f: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  const length = f.u24(0);
  const type = f.u8(3);
  const flags = f.u8(4);
  const word = f.u32(5);
  const streamId = word & 0x7fffffff;
  const name = FRAME_TYPES[type] ?? `Unknown type (${type})`;
  const payload = f.sub(FRAME_HEADER);
  tree.open('http2', f.abs(0), f.length);
  const line = tree.open(
    'http2.stream',
    f.abs(0),
    f.length,
    `Stream: ${name}, Stream ID: ${streamId}, Length ${length}`,
  );
  tree.add('http2.length', f.abs(0), 3, length);
  tree.add('http2.type', f.abs(3), 1, type);
  flagsTree(tree, f, type, flags);
  tree.add('http2.r', f.abs(5), 4, word >>> 31, `${bitLine(word, 0x80000000, 32)} = Reserved: 0x${word >>> 31}`);
  tree.add(
    'http2.streamid',
    f.abs(5),
    4,
    streamId,
    `${bitLine(word, 0x7fffffff, 32)} = Stream Identifier: ${streamId}`,
  );
  const conn = connection(ctx);
  let entry = `${name}[${streamId}]`;
  let media: (() => void) | undefined;
  let json = false;
  try {
    switch (type) {
      case Type.DATA: {
        if (!(flags & END_STREAM)) line.text += ' (partial entity body)';
        const done = dataFrame(payload, ctx, conn, streamId, flags);
        // The body's dissector notes itself in Info: " (text/plain)", or JSON's name and type and a Protocol of its own.
        if (done.note && done.note.type === 'application/json') {
          entry += `, JavaScript Object Notation${done.note.shown ? ` (${done.note.shown})` : ''}`;
          json = true;
        } else if (done.note?.shown) entry += ` (${done.note.shown})`;
        media = done.media;
        break;
      }
      case Type.HEADERS:
      case Type.PUSH_PROMISE:
      case Type.CONTINUATION: {
        const summary = headerFrame(payload, ctx, conn, type, streamId, flags);
        if (summary) {
          line.text += `, ${summary}`;
          entry += `: ${summary}`;
        }
        break;
      }
      case Type.PRIORITY:
        priority(payload, tree, 0);
        break;
      case Type.RST_STREAM:
        tree.add('http2.rst_stream.error', payload.abs(0), 4, payload.u32(0));
        break;
      case Type.SETTINGS:
        settings(payload, ctx, conn, flags);
        break;
      case Type.PING:
        tree.add(flags & ACK ? 'http2.pong' : 'http2.ping', payload.abs(0), 8, payload.bytes(0, 8));
        break;
      case Type.GOAWAY: {
        const last = payload.u32(0);
        tree.add(
          'http2.goway.r',
          payload.abs(0),
          4,
          last >>> 31,
          `${bitLine(last, 0x80000000, 32)} = Reserved: 0x${last >>> 31}`,
        );
        tree.add(
          'http2.goaway.last_stream_id',
          payload.abs(0),
          4,
          last & 0x7fffffff,
          `${bitLine(last, 0x7fffffff, 32)} = Last-Stream-ID: ${last & 0x7fffffff}`,
        );
        tree.add('http2.goaway.error', payload.abs(4), 4, payload.u32(4));
        if (payload.length > 8)
          tree.add('http2.goaway.addata', payload.abs(8), payload.length - 8, payload.bytes(8, payload.length - 8));
        break;
      }
      case Type.WINDOW_UPDATE: {
        const w = payload.u32(0);
        tree.add(
          'http2.window_update.r',
          payload.abs(0),
          4,
          w >>> 31,
          `${bitLine(w, 0x80000000, 32)} = Reserved: 0x${w >>> 31}`,
        );
        tree.add(
          'http2.window_update.window_size_increment',
          payload.abs(0),
          4,
          w & 0x7fffffff,
          `${bitLine(w, 0x7fffffff, 32)} = Window Size Increment: ${w & 0x7fffffff}`,
        );
        break;
      }
      default:
        if (payload.length) tree.add('http2.unknown', payload.abs(0), payload.length, payload.bytes(0, payload.length));
    }
  } finally {
    tree.close();
    info(ctx, entry);
    if (json) ctx.columns.protocol = 'HTTP2/JSON';
  }
  // A complete body's media layer belongs to this frame's item, beside its Stream line.
  media?.();
  tree.close();
}

function settings(p: Bytes, ctx: PacketContext, conn: Connection, flags: number): void {
  const tableSizes = settingsList(p, ctx.tree);
  if (flags & ACK) {
    // The peer acknowledged this side's oldest SETTINGS: its header table size now bounds what this side sends.
    const acked = conn.unacked[1 - ctx.side].shift();
    for (const size of acked ?? []) conn.decoders[ctx.side].setLimit(size);
  } else {
    // The smallest size named takes effect first, then the last (RFC 7541 §4.2).
    const sizes = tableSizes.length ? [Math.min(...tableSizes), tableSizes[tableSizes.length - 1]] : [];
    conn.unacked[ctx.side].push(sizes);
  }
}
