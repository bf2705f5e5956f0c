import { Bytes, Malformed } from '../bytes';
import { registerAlpn, type Dissector, type PacketContext, type PduResult } from '../api';
import { addBody, hasMediaDissector } from '../media/media';
import { decodeContent } from '../http/content-coding';
import { treeBytes } from '../../fields/format';
import type { TreeBuilder } from '../tree';
import { FRAME_TYPES, HEADER_FIELDS, SETTINGS } from './fields';
import { HpackDecoder, HpackError, type HpackEvent, type Representation } from './hpack';
import { bitLine } from '../bit-line';
import { formatText, statusText } from './text';

/** The client connection preface (RFC 9113 §3.4). */
const MAGIC = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const FRAME_HEADER = 9;

const enum Type {
  DATA = 0,
  HEADERS = 1,
  PRIORITY = 2,
  RST_STREAM = 3,
  SETTINGS = 4,
  PUSH_PROMISE = 5,
  PING = 6,
  GOAWAY = 7,
  WINDOW_UPDATE = 8,
  CONTINUATION = 9,
}
const END_STREAM = 0x01;
const ACK = 0x01;
const END_HEADERS = 0x04;
const PADDED = 0x08;
const PRIORITY_FLAG = 0x20;

/** A body's DATA payloads so far, in one direction of one stream. */
interface Body {
  pieces: { frame: number; bytes: Uint8Array }[];
}

/** What one direction of a stream said in its header blocks. */
interface Message {
  contentType?: string;
  contentEncoding?: string;
}

/** Per connection: each side's HPACK decoder, its SETTINGS awaiting acknowledgement, and per stream its bodies. */
interface Connection {
  decoders: [HpackDecoder, HpackDecoder];
  /** Per side, for each SETTINGS it sent and the peer has not acknowledged: the header table sizes it named. */
  unacked: [number[][], number[][]];
  /** "stream side" → the message's headers and its body so far. */
  messages: Map<string, Message>;
  bodies: Map<string, Body>;
  /** The packet whose Info HTTP/2 last wrote (its first frame replaces what TCP or TLS wrote, later ones append). */
  infoFrame?: number;
}

/**
 * HTTP/2 (RFC 9113): the connection preface, then frames, each its own protocol item ("HyperText Transfer Protocol
 * 2") as tshark shows them; frames spanning TCP segments or TLS records are reassembled by the session. Header blocks
 * are decoded by HPACK fragment by fragment; DATA is gathered per stream and direction, and the complete body goes
 * to its media type's dissector.
 */
export const http2: Dissector = {
  name: 'http2',
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

/** HTTP/2's state rides on the conversation's state object under a key of its own. */
const STATE = Symbol('http2');

/**
 * The connection's HTTP/2 state. HTTP/2 runs as the conversation's dissector (Decode As), or under the one that
 * handed it the bytes (HTTP after the preface, TLS after ALPN h2), whose state object ctx.state gives: HTTP/2's
 * own state hangs off that object, so it never takes the other protocol's for its own.
 */
function connection(ctx: PacketContext): Connection {
  const holder = ctx.state<{ [STATE]?: Connection }>(() => ({}));
  return (holder[STATE] ??= {
    decoders: [new HpackDecoder(), new HpackDecoder()],
    unacked: [[], []],
    messages: new Map(),
    bodies: new Map(),
  });
}

/** The first HTTP/2 item of a packet replaces the Info TCP or TLS wrote; later ones append to it. Each sets the Protocol. */
function info(ctx: PacketContext, entry: string): void {
  const { columns } = ctx;
  const conn = connection(ctx);
  columns.info =
    conn.infoFrame === ctx.frame && columns.protocol.startsWith('HTTP2') && columns.info
      ? `${columns.info}, ${entry}`
      : entry;
  columns.protocol = 'HTTP2';
  conn.infoFrame = ctx.frame;
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

/** Each frame type's flags, high bit first: [mask, field, label in the Flags line]. */
const FLAGS: Record<number, { unused: [string, number]; bits: [number, string, string][] }> = {
  [Type.DATA]: {
    unused: ['http2.flags.unused_data', 0xf6],
    bits: [
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_STREAM, 'http2.flags.end_stream', 'End Stream'],
    ],
  },
  [Type.HEADERS]: {
    unused: ['http2.flags.unused_headers', 0xd2],
    bits: [
      [PRIORITY_FLAG, 'http2.flags.priority', 'Priority'],
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_HEADERS, 'http2.flags.eh', 'End Headers'],
      [END_STREAM, 'http2.flags.end_stream', 'End Stream'],
    ],
  },
  [Type.SETTINGS]: { unused: ['http2.flags.unused_settings', 0xfe], bits: [[ACK, 'http2.flags.ack.settings', 'ACK']] },
  [Type.PUSH_PROMISE]: {
    unused: ['http2.flags.unused_push_promise', 0xf3],
    bits: [
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_HEADERS, 'http2.flags.eh', 'End Headers'],
    ],
  },
  [Type.PING]: { unused: ['http2.flags.unused_ping', 0xfe], bits: [[ACK, 'http2.flags.ack.ping', 'ACK']] },
  // As Wireshark shows it: CONTINUATION's unused mask covers the Padded bit it also lists.
  [Type.CONTINUATION]: {
    unused: ['http2.flags.unused_continuation', 0xfb],
    bits: [
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_HEADERS, 'http2.flags.eh', 'End Headers'],
    ],
  },
};
const NO_FLAGS = { unused: ['http2.flags.unused', 0xff] as [string, number], bits: [] as [number, string, string][] };

function flagsTree(tree: TreeBuilder, f: Bytes, type: number, flags: number): void {
  const known = FLAGS[type] ?? NO_FLAGS;
  const names = known.bits.filter(([mask]) => flags & mask).map(([, , label]) => label);
  const hex = `0x${flags.toString(16).padStart(2, '0')}`;
  tree.open('http2.flags', f.abs(4), 1, `Flags: ${[hex, ...names].join(', ')}`, flags);
  const [unusedField, unusedMask] = known.unused;
  const unused = (flags & unusedMask) >>> trailingZeros(unusedMask);
  tree.add(
    unusedField,
    f.abs(4),
    1,
    unused,
    `${bitLine(flags, unusedMask, 8)} = Unused: 0x${unused.toString(16).padStart(2, '0')}`,
  );
  for (const [mask, field, label] of known.bits) {
    tree.add(
      field,
      f.abs(4),
      1,
      flags & mask ? 1 : 0,
      `${bitLine(flags, mask, 8)} = ${label}: ${flags & mask ? 'True' : 'False'}`,
    );
  }
  tree.close();
}

function trailingZeros(mask: number): number {
  let n = 0;
  while (n < 32 && !((mask >>> n) & 1)) n++;
  return n;
}

/** Pad Length (when PADDED), then the generated pad length every padded frame type shows. Returns the pad length. */
function padLength(payload: Bytes, tree: TreeBuilder, flags: number): number {
  const pad = flags & PADDED ? payload.u8(0) : 0;
  if (flags & PADDED) tree.add('http2.padding', payload.abs(0), 1, pad);
  tree.add(
    'http2.pad_length',
    flags & PADDED ? payload.abs(0) : payload.abs(0),
    flags & PADDED ? 1 : 0,
    pad,
    `[Pad Length: ${pad}]`,
  );
  return pad;
}

/** A priority block (§5.3.2 of RFC 7540, kept in RFC 9113's frames): exclusive bit, dependency, weight. */
function priority(p: Bytes, tree: TreeBuilder, at: number): void {
  const word = p.u32(at);
  const exclusive = word >>> 31;
  tree.add(
    'http2.exclusive',
    p.abs(at),
    4,
    exclusive,
    `${bitLine(word, 0x80000000, 32)} = Exclusive: ${exclusive ? 'True' : 'False'}`,
  );
  tree.add(
    'http2.stream_dependency',
    p.abs(at),
    4,
    word & 0x7fffffff,
    `${bitLine(word, 0x7fffffff, 32)} = Stream Dependency: ${word & 0x7fffffff}`,
  );
  const weight = p.u8(at + 4);
  tree.add('http2.headers.weight', p.abs(at + 4), 1, weight);
  tree.add('http2.headers.weight_real', p.abs(at + 4), 1, weight + 1, `[Weight real: ${weight + 1}]`);
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

/**
 * A SETTINGS payload's parameters (§6.5.1), each a line of its own; returns the header table sizes it names. HTTP/1.1's
 * HTTP2-Settings header (RFC 7540 §3.2.1) carries the same payload.
 */
export function settingsList(p: Bytes, tree: TreeBuilder): number[] {
  const tableSizes: number[] = [];
  for (let at = 0; at + 6 <= p.length; at += 6) {
    const id = p.u16(at);
    const value = p.u32(at + 2);
    const [label, field] = SETTINGS[id] ?? [`Unknown (${id})`, 'http2.settings.unknown'];
    tree.open('http2.settings', p.abs(at), 6, `Settings - ${label} : ${value}`);
    tree.add('http2.settings.id', p.abs(at), 2, id);
    tree.add(field, p.abs(at + 2), 4, value);
    tree.close();
    if (id === 1) tableSizes.push(value);
  }
  return tableSizes;
}

/** Where a HEADERS, PUSH_PROMISE or CONTINUATION frame's header block fragment lies, and its padding. */
function headerFrame(
  p: Bytes,
  ctx: PacketContext,
  conn: Connection,
  type: number,
  streamId: number,
  flags: number,
): string | undefined {
  const { tree } = ctx;
  let at = 0;
  let pad = 0;
  if (type !== Type.CONTINUATION) {
    pad = padLength(p, tree, flags);
    if (flags & PADDED) at = 1;
  } else {
    tree.add('http2.pad_length', p.abs(0), 0, 0, '[Pad Length: 0]');
  }
  if (type === Type.HEADERS && flags & PRIORITY_FLAG) {
    priority(p, tree, at);
    at += 5;
  }
  if (type === Type.PUSH_PROMISE) {
    const word = p.u32(at);
    const promised = word & 0x7fffffff;
    tree.add(
      'http2.push_promise.r',
      p.abs(at),
      4,
      word >>> 31,
      `${bitLine(word, 0x80000000, 32)} = Reserved: 0x${word >>> 31}`,
    );
    tree.add(
      'http2.push_promise.promised_stream_id',
      p.abs(at),
      4,
      promised,
      `${bitLine(word, 0x7fffffff, 32)} = Promised-Stream-ID: ${promised}`,
    );
    at += 4;
  }
  const blockLength = p.length - at - pad;
  if (blockLength < 0) throw new Malformed('padding longer than the frame');
  const block = p.bytes(at, blockLength);
  if (type === Type.CONTINUATION)
    tree.add(
      'http2.continuation.header',
      p.abs(at),
      blockLength,
      asciiText(block),
      `Continuation Header: ${formatText(asciiText(block))}`,
    );
  else
    tree.add(type === Type.PUSH_PROMISE ? 'http2.push_promise.header' : 'http2.headers', p.abs(at), blockLength, block);
  let summary: string | undefined;
  let events: HpackEvent[] | undefined;
  try {
    events = conn.decoders[ctx.side].decode(block, (flags & END_HEADERS) !== 0);
  } catch (e) {
    // A block HPACK cannot decode (or a table spoiled by an earlier one) shows only its bytes.
    if (!(e instanceof HpackError)) throw e;
  }
  if (events) {
    const fields = headerTree(tree, events);
    const get = (name: string) => fields.find((h) => h.name === name)?.value;
    const status = get(':status');
    const method = get(':method');
    const path = get(':path');
    if (type !== Type.CONTINUATION) {
      if (status !== undefined) summary = statusText(status);
      else if (method !== undefined && path !== undefined) summary = `${method} ${path}`;
      const authority = get(':authority');
      if (authority !== undefined) {
        const uri = `${get(':scheme') ?? 'http'}://${authority}${path ?? '(null)'}`;
        tree.add('http2.request.full_uri', p.abs(0), 0, uri, `[Full request URI: ${uri}]`);
      }
    }
    if (type !== Type.PUSH_PROMISE) {
      const message = messageOf(conn, streamId, ctx.side);
      message.contentType ??= get('content-type');
      message.contentEncoding ??= get('content-encoding');
    }
  }
  if (pad)
    tree.add(
      type === Type.PUSH_PROMISE ? 'http2.push_promise.padding' : 'http2.headers.padding',
      p.abs(p.length - pad),
      pad,
      p.bytes(p.length - pad, pad),
    );
  return summary;
}

const REPRESENTATIONS: Record<Representation, string> = {
  indexed: 'Indexed Header Field',
  incremental: 'Literal Header Field with Incremental Indexing',
  without: 'Literal Header Field without Indexing',
  never: 'Literal Header Field never Indexed',
};

/**
 * The decoded header fields, laid out as Wireshark keeps them (name length, name, value length, value: four-octet
 * lengths) in a buffer of their own that the items point into.
 */
function headerTree(tree: TreeBuilder, events: HpackEvent[]): { name: string; value: string }[] {
  const fields = events.flatMap((e) => (e.kind === 'field' ? [e] : []));
  const total = fields.reduce((n, e) => n + 8 + e.name.length + e.value.length, 0);
  const buffer = new Uint8Array(total);
  const view = new DataView(buffer.buffer);
  const out: { name: string; value: string }[] = [];
  // The count takes in table size updates too, the length only the fields (each with two four-octet lengths).
  if (events.length) {
    tree.add('http2.header.length', 0, 0, total, `[Header Length: ${total}]`);
    tree.add('http2.header.count', 0, 0, events.length, `[Header Count: ${events.length}]`);
  }
  tree.within(buffer, undefined, () => {
    let at = 0;
    for (const e of events) {
      if (e.kind === 'size-update') {
        tree.open('http2.header_table_size_update', 0, 0, 'Header table size update');
        tree.add('http2.header_table_size_update.header_table_size', 0, 0, e.size);
        tree.close();
        continue;
      }
      const name = asciiText(e.name);
      const value = asciiText(e.value);
      out.push({ name, value });
      const start = at;
      view.setUint32(at, e.name.length);
      buffer.set(e.name, at + 4);
      at += 4 + e.name.length;
      view.setUint32(at, e.value.length);
      buffer.set(e.value, at + 4);
      const valueAt = at + 4;
      at += 4 + e.value.length;
      const shown = name === ':status' ? statusText(value) : value;
      tree.open('http2.header', start, at - start, `Header: ${name}: ${shown}`);
      tree.add('http2.header.name.length', start, 4, e.name.length);
      tree.add('http2.header.name', start + 4, e.name.length, name);
      tree.add('http2.header.value.length', valueAt - 4, 4, e.value.length);
      tree.add('http2.header.value', valueAt, e.value.length, value);
      const field = HEADER_FIELDS.get(name);
      if (field) {
        const numeric = /^\d+$/.test(value) ? Number(value) : undefined;
        const isNumber = name === ':status' || name === 'age' || name === 'content-length' || name === 'max-forwards';
        if (!isNumber) tree.add(field, valueAt, e.value.length, value, `${name}: ${value}`);
        else if (numeric !== undefined) tree.add(field, valueAt, e.value.length, numeric, `${name}: ${numeric}`);
      }
      tree.add('http2.header.unescaped', valueAt, e.value.length, unescape(value), `[Unescaped: ${unescape(value)}]`);
      const literalName =
        e.representation === 'indexed' ? '' : e.index === undefined ? ' - New Name' : ' - Indexed Name';
      tree.add('http2.header.repr', valueAt, 0, REPRESENTATIONS[e.representation] + literalName);
      if (e.index !== undefined) tree.add('http2.header.index', valueAt, 0, e.index);
      tree.close();
    }
  });
  return out;
}

function messageOf(conn: Connection, streamId: number, side: 0 | 1): Message {
  const key = `${streamId} ${side}`;
  let m = conn.messages.get(key);
  if (!m) conn.messages.set(key, (m = {}));
  return m;
}

/**
 * DATA (§6.1): the payload is a piece of the stream's body in this direction. The frame that ends the stream shows
 * the body gathered from every piece and hands it to its media type's dissector (the type this direction's headers
 * named, else the other direction's, as Wireshark picks it).
 */
function dataFrame(
  p: Bytes,
  ctx: PacketContext,
  conn: Connection,
  streamId: number,
  flags: number,
): { note?: { type: string; shown?: string }; media?: () => void } {
  const { tree } = ctx;
  const pad = padLength(p, tree, flags);
  const at = flags & PADDED ? 1 : 0;
  const length = p.length - at - pad;
  if (length < 0) throw new Malformed('padding longer than the frame');
  const key = `${streamId} ${ctx.side}`;
  const body = conn.bodies.get(key) ?? { pieces: [] };
  body.pieces.push({ frame: ctx.frame, bytes: p.bytes(at, length).slice() });
  const end = (flags & END_STREAM) !== 0;
  let result: { note?: { type: string; shown?: string }; media?: () => void } = {};
  if (!end) {
    conn.bodies.set(key, body);
    tree.add('http2.data.data', p.abs(at), length, p.bytes(at, length));
  } else {
    conn.bodies.delete(key);
    const own = conn.messages.get(key)?.contentType;
    const other = conn.messages.get(`${streamId} ${1 - ctx.side}`)?.contentType;
    // Only types with a dissector of their own are handed over: HTTP/2 has no generic Media Type fallback.
    const found = own ?? other;
    const type = found !== undefined && hasMediaDissector(found) ? found : undefined;
    // The body as it came: in this frame (one piece), or gathered from the pieces into a buffer of its own.
    let wire = p.sub(at, length);
    let frames: number[] | undefined;
    if (body.pieces.length > 1) {
      const whole = joined(body.pieces.map((piece) => piece.bytes));
      frames = body.pieces.map((piece) => piece.frame);
      fragmentsTree(tree, body, whole, p.abs(0));
      wire = new Bytes(whole);
    }
    const inWire = (fill: () => void) => (frames ? tree.within(wire.data, frames, fill) : fill());
    const coding = conn.messages.get(key)?.contentEncoding;
    const decoded = wire.length ? decodeContent(coding, wire.bytes(0, wire.length)) : undefined;
    const hand = (bytes: Bytes) =>
      type !== undefined && bytes.length > 0 ? () => addBody(tree, bytes, type, own ?? null) : undefined;
    if (!decoded) {
      inWire(() => tree.add('http2.data.data', wire.abs(0), wire.length, wire.bytes(0, wire.length)));
      const media = hand(wire);
      result = { media: media && (() => inWire(media)) };
    } else if ('failed' in decoded) {
      // A body that does not inflate is shown, and handed on, as it came.
      tree.openText(`Content-encoded entity body (${decoded.coding}): ${wire.length} bytes`, wire.abs(0), wire.length);
      decompressionFailed(tree, wire);
      inWire(() => tree.add('http2.data.data', wire.abs(0), wire.length, wire.bytes(0, wire.length)));
      tree.close();
      inWire(() => hand(wire)?.());
      result = {};
    } else {
      const entity = decoded.bytes;
      tree.openText(
        `Content-encoded entity body (${decoded.coding}): ${wire.length} bytes -> ${entity.length} bytes`,
        wire.abs(0),
        wire.length,
      );
      tree.within(entity, undefined, () => tree.add('http2.data.data', 0, entity.length, entity));
      tree.close();
      tree.within(entity, undefined, () => hand(new Bytes(entity))?.());
      result = {};
    }
    // The body's dissector ran (now, inside the frame's Stream line, when the body was decoded; else after it).
    if (type !== undefined && wire.length > 0)
      result.note = { type: baseType(type), shown: own === undefined ? undefined : baseType(own) };
  }
  if (pad) tree.add('http2.data.padding', p.abs(p.length - pad), pad, p.bytes(p.length - pad, pad));
  return result;
}

/** "Body decompression failed" with its expert item (Warning/Undecoded). */
function decompressionFailed(tree: TreeBuilder, wire: Bytes): void {
  const message = 'Body decompression failed';
  tree.open('http2.body_decompression_failed', wire.abs(0), wire.length, message);
  tree.open('_ws.expert', wire.abs(0), wire.length, `[Expert Info (Warning/Undecoded): ${message}]`, message);
  for (const line of [`[${message}]`, '[Severity level: Warning]', '[Group: Undecoded]']) {
    tree.openText(line, wire.abs(0), 0);
    tree.close();
  }
  tree.close();
  tree.close();
}

/** "[3 Body fragments (44000 bytes): #8(16384), #9(16384), #9(11232)]" with a line per piece. */
function fragmentsTree(tree: TreeBuilder, body: Body, whole: Uint8Array, at: number): void {
  const summary = body.pieces.map((piece) => `#${piece.frame}(${piece.bytes.length})`).join(', ');
  tree.open(
    'http2.body.fragments',
    at,
    0,
    `[${body.pieces.length} Body fragments (${whole.length} bytes): ${summary}]`,
  );
  let offset = 0;
  for (const piece of body.pieces) {
    const last = offset + piece.bytes.length - 1;
    tree.add(
      'http2.body.fragment',
      at,
      0,
      piece.frame,
      `[Frame: ${piece.frame}, payload: ${offset}-${last} (${piece.bytes.length} bytes)]`,
    );
    offset += piece.bytes.length;
  }
  tree.add('http2.body.fragment.count', at, 0, body.pieces.length, `[Body fragment count: ${body.pieces.length}]`);
  tree.add('http2.body.reassembled.length', at, 0, whole.length, `[Reassembled body length: ${whole.length}]`);
  tree.add('http2.body.reassembled.data', at, 0, whole, `[Reassembled body data: ${treeBytes(whole)}]`);
  tree.close();
}

function joined(pieces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of pieces) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Header octets as Wireshark's ASCII strings read them: each octet above 0x7f a U+FFFD. */
function asciiText(b: Uint8Array): string {
  let s = '';
  for (let at = 0; at < b.length; at += 8192)
    s += String.fromCharCode(...b.subarray(at, Math.min(b.length, at + 8192)));
  return s.replace(/[\x80-\xff]/g, '\ufffd');
}

/** %XX escapes undone (a value with a malformed escape stays as it is). */
function unescape(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function baseType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
