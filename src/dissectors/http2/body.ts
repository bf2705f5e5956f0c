import { addExpert } from '../expert';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';
import { Bytes, Malformed } from '../bytes';
import type { PacketContext } from '../api';
import { addBody, hasMediaDissector } from '../media/media';
import { decodeContent } from '../http/content-coding';
import { treeBytes } from '../../fields/format';
import type { TreeBuilder } from '../tree';
import { END_STREAM, PADDED, type Body, type Connection } from './state';
import { padLength } from './frame-fields';

/**
 * DATA (§6.1): the payload is a piece of the stream's body in this direction. The frame that ends the stream shows
 * the body gathered from every piece and hands it to its media type's dissector (the type this direction's headers
 * named, else the other direction's, as Wireshark picks it).
 */
export function dataFrame(
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
export function decompressionFailed(tree: TreeBuilder, wire: Bytes): void {
  const message = 'Body decompression failed';
  tree.open('http2.body_decompression_failed', wire.abs(0), wire.length, message);
  addExpert(tree, { severity: ExpertSeverity.Warn, group: ExpertGroup.Undecoded, message }, wire.abs(0), wire.length);
  tree.close();
}

/** "[3 Body fragments (44000 bytes): #8(16384), #9(16384), #9(11232)]" with a line per piece. */
export function fragmentsTree(tree: TreeBuilder, body: Body, whole: Uint8Array, at: number): void {
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

export function joined(pieces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of pieces) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export function baseType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
