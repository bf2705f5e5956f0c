import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext } from '../api';
import { field } from '../../fields/define';

const REDIS_PORT = 6379;
const CR = 0x0d;
const LF = 0x0a;

registerFields([
  field('resp', 'REdis Serialization Protocol', 'protocol'),
  field('resp.string', 'String', 'string'),
  field('resp.error', 'Error', 'string'),
  field('resp.bulk_string', 'Bulk String', 'none'),
  field('resp.bulk_string.value', 'Value', 'bytes'),
  field('resp.bulk_string.length', 'Length', 'int'),
  field('resp.integer', 'Integer', 'string'),
  field('resp.array', 'Array', 'none'),
  field('resp.array.length', 'Length', 'string'),
  field('resp.fragment', 'Fragment', 'none'),
]);

/** The end of the CRLF-terminated line starting at `at` (the offset of its CR), or -1 when it has not all arrived. */
function lineEnd(data: Bytes, at: number): number {
  for (let p = at; p + 1 < data.length; p++) if (data.u8(p) === CR && data.u8(p + 1) === LF) return p;
  return -1;
}

const INCOMPLETE = -1;

/** The length of the RESP value at `at` (RESP2 and RESP3's common types), or INCOMPLETE. */
function measure(data: Bytes, at: number, depth = 0): number {
  const end = lineEnd(data, at);
  if (end < 0) return INCOMPLETE;
  const type = data.u8(at);
  const n = Number(data.latin1(at + 1, end - at - 1));
  if (type === 0x24 /* $ */) {
    if (!(n >= 0)) return end + 2 - at;
    return end + 2 + n + 2 <= data.length ? end + 2 + n + 2 - at : INCOMPLETE;
  }
  if (type === 0x2a /* * */ && n > 0 && depth < 32) {
    let p = end + 2;
    for (let i = 0; i < n; i++) {
      const size = measure(data, p, depth + 1);
      if (size === INCOMPLETE) return INCOMPLETE;
      p += size;
    }
    return p - at;
  }
  return end + 2 - at;
}

const printable = (b: Uint8Array) => b.every((c) => c >= 0x20 && c < 0x7f);

/**
 * Redis's RESP on TCP 6379: simple strings, errors, integers, bulk strings and arrays, nested; inline commands are
 * fragments. Info gives the command's words (requests, to port 6379) or each reply's summary, as tshark does.
 */
export const resp: Dissector = {
  name: 'resp',
  yields: ['resp'],
  stream(data, ctx) {
    // A blank line between values (redis-cli --pipe sends one) belongs to no value.
    if (data.length >= 2 && data.u8(0) === CR && data.u8(1) === LF) return 2;
    const size = measure(data, 0);
    if (size === INCOMPLETE) return { more: ONE_MORE_SEGMENT };
    const request = ctx.dstPort === REDIS_PORT;
    if (ctx.columns.protocol !== 'RESP') {
      ctx.columns.protocol = 'RESP';
      ctx.columns.info = request ? 'Request:' : 'Response:';
    }
    const { tree } = ctx;
    if (!tree.resume('resp')) tree.open('resp', data.abs(0), size);
    const summary = value(data.sub(0, size), ctx, request, 0);
    if (summary !== undefined) ctx.columns.info += ` ${summary}`;
    tree.close();
    return size;
  },
};

registerPort('tcp', REDIS_PORT, resp);

/** Adds the value to the tree; its Info summary (undefined: none). */
function value(data: Bytes, ctx: PacketContext, request: boolean, depth: number): string | undefined {
  const { tree } = ctx;
  const end = lineEnd(data, 0);
  const text = data.text(1, end - 1);
  const line = end + 2;
  switch (data.u8(0)) {
    case 0x2b /* + */:
      tree.add('resp.string', data.abs(0), line, text);
      return text || undefined;
    case 0x2d /* - */:
      tree.add('resp.error', data.abs(0), line, text);
      return `Error: ${text}`;
    case 0x3a /* : */:
      tree.add('resp.integer', data.abs(0), line, text, `Integer: ${text}`);
      // Info gives a reply's integers; a request's (never a command word) tshark leaves out.
      return request ? undefined : text;
    case 0x24 /* $ */: {
      const n = Number(text);
      if (!(n >= 0)) {
        tree.open('resp.bulk_string', data.abs(0), line, 'Bulk String: [NULL]');
        tree.add('resp.bulk_string.length', data.abs(1), end - 1, n);
        tree.close();
        return undefined;
      }
      const bytes = data.bytes(line, n);
      const readable = printable(bytes);
      const shown = readable ? data.text(line, n) : undefined;
      tree.open('resp.bulk_string', data.abs(0), line + n + 2, readable ? `Bulk String: ${shown}` : 'Bulk String');
      tree.add('resp.bulk_string.length', data.abs(1), end - 1, n);
      tree.add('resp.bulk_string.value', data.abs(line), n, bytes);
      tree.close();
      // Info quotes readable text; an empty or binary string only by its length (left out of a command's words).
      return readable && n > 0 ? shown : request && depth > 0 ? undefined : `BulkString(${n})`;
    }
    case 0x2a /* * */: {
      const n = Number(text);
      tree.open('resp.array', data.abs(0), data.length, n >= 0 ? `Array: Length ${n}` : 'Array: [NULL]');
      tree.add('resp.array.length', data.abs(1), end - 1, text, `Length: ${text}`);
      const words: string[] = [];
      for (let i = 0, p = line; i < n && depth < 32; i++) {
        const size = measure(data, p, depth + 1);
        const summary = value(data.sub(p, size), ctx, request, depth + 1);
        if (summary !== undefined) words.push(summary);
        p += size;
      }
      tree.close();
      return request ? words.join(' ') || undefined : `Array(${n})`;
    }
    default:
      // An inline command (a line of words) or anything else that is no RESP value.
      tree.add('resp.fragment', data.abs(0), line, undefined, 'Fragment');
      return '[fragment]';
  }
}
