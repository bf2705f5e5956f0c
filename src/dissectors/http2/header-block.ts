import { Bytes, Malformed } from '../bytes';
import type { PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { bitLine } from '../bit-line';
import { HEADER_FIELDS } from './fields';
import { HpackError, type HpackEvent, type Representation } from './hpack';
import { formatText, statusText } from './text';
import { END_HEADERS, PADDED, PRIORITY_FLAG, Type, messageOf, type Connection } from './state';
import { padLength, priority } from './frame-fields';

/** Where a HEADERS, PUSH_PROMISE or CONTINUATION frame's header block fragment lies, and its padding. */
export function headerFrame(
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

export const REPRESENTATIONS: Record<Representation, string> = {
  indexed: 'Indexed Header Field',
  incremental: 'Literal Header Field with Incremental Indexing',
  without: 'Literal Header Field without Indexing',
  never: 'Literal Header Field never Indexed',
};

/**
 * The decoded header fields, laid out as Wireshark keeps them (name length, name, value length, value: four-octet
 * lengths) in a buffer of their own that the items point into.
 */
export function headerTree(tree: TreeBuilder, events: HpackEvent[]): { name: string; value: string }[] {
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

/** Header octets as Wireshark's ASCII strings read them: each octet above 0x7f a U+FFFD. */
export function asciiText(b: Uint8Array): string {
  let s = '';
  for (let at = 0; at < b.length; at += 8192)
    s += String.fromCharCode(...b.subarray(at, Math.min(b.length, at + 8192)));
  return s.replace(/[\x80-\xff]/g, '\ufffd');
}

/** %XX escapes undone (a value with a malformed escape stays as it is). */
export function unescape(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
