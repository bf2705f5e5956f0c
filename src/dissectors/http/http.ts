import type { Bytes } from '../bytes';
import { ONE_MORE_SEGMENT, registerHeuristic, registerPort, type Dissector, type PacketContext, type PduResult } from '../api';
import { HEADER_FIELDS } from './fields';
import { bodyLength, type BodyLength } from './body';
import { header, type Header } from './headers';

/** Requests of a connection still waiting for their response (HTTP/1.1 answers in order). */
interface Pairing {
  waiting: { frame: number; method: string }[];
}

const METHODS = new Set(['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'NOTIFY', 'SUBSCRIBE', 'M-SEARCH']);

/** Media types whose body dissector replaces the generic " (type)" note (tshark's name for them). */
const MEDIA_PROTOCOLS: Record<string, [string, string]> = {
  'application/json': ['JSON', 'JavaScript Object Notation'],
};

/** HTTP/1.x (RFC 9112): one message per PDU, headers and body reassembled across segments. */
export const http: Dissector = {
  name: 'http',
  stream(data, ctx): PduResult {
    const firstLineEnd = lineEnd(data, 0);
    const first = firstLineEnd < 0 ? '' : data.latin1(0, firstLineEnd);
    const start = startLine(first);
    if (!start) {
      if (firstLineEnd < 0 && data.length < 256 && couldStart(data)) return { more: ONE_MORE_SEGMENT };
      // Bytes that start no message (a capture that begins mid-stream) stay TCP payload, as in tshark.
      return data.length;
    }
    ctx.columns.protocol = 'HTTP';
    ctx.columns.info = `${data.text(0, firstLineEnd)} `;
    const headerEnd = endOfHeaders(data);
    if (headerEnd < 0) return { more: ONE_MORE_SEGMENT };
    const headers = parseHeaders(data, firstLineEnd, headerEnd);
    const pairing = ctx.state<Pairing>(() => ({ waiting: [] }));
    const request = start.kind === 'response' ? pairing.waiting[0] : undefined;
    const body: BodyLength = bodyLength(data, headerEnd, headers, start.kind === 'request', request?.method, start.kind === 'response' ? start.code : 0);
    if ('more' in body) return body;
    message(data, ctx, start, firstLineEnd, headers, headerEnd, body.length, body.chunked);
    if (start.kind === 'request') pairing.waiting.push({ frame: ctx.frame, method: start.method });
    else if (start.code >= 200 || start.code === 101) pairing.waiting.shift();
    return body.end;
  },
  /** HTTP on another port: a segment that starts with a complete request or status line. */
  heuristic(data) {
    const end = lineEnd(data, 0);
    return end > 0 && startLine(data.latin1(0, end)) !== undefined;
  },
};

for (const port of [80, 8080, 8000, 3128]) registerPort('tcp', port, http);
registerHeuristic('tcp', http);

type StartLine =
  | { kind: 'request'; method: string; uri: string; version: string }
  | { kind: 'response'; version: string; code: number; phrase: string };

function startLine(line: string): StartLine | undefined {
  const response = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(line);
  if (response) return { kind: 'response', version: response[1], code: Number(response[2]), phrase: response[3] ?? '' };
  const request = /^([A-Z-]+) (\S+) (HTTP\/\d\.\d)$/.exec(line);
  if (request && METHODS.has(request[1])) return { kind: 'request', method: request[1], uri: request[2], version: request[3] };
  return undefined;
}

/** Whether a partial first line could still become a start line (so waiting for more is worth it). */
function couldStart(data: Bytes): boolean {
  const head = data.latin1(0, Math.min(data.length, 8));
  return 'HTTP/1.'.startsWith(head.slice(0, 7)) || /^[A-Z-]+( |$)/.test(head);
}

/** Offset of the CR (or lone LF) that ends the line starting at `from`; -1 when the line is incomplete. */
function lineEnd(data: Bytes, from: number): number {
  const lf = data.indexOf(0x0a, from);
  if (lf < 0) return -1;
  return lf > from && data.u8(lf - 1) === 0x0d ? lf - 1 : lf;
}

function lineNext(data: Bytes, end: number): number {
  return data.u8(end) === 0x0d ? end + 2 : end + 1;
}

/** Offset just past the blank line that ends the headers, or -1. */
function endOfHeaders(data: Bytes): number {
  for (let p = 0; ; ) {
    const end = lineEnd(data, p);
    if (end < 0) return -1;
    if (end === p) return lineNext(data, end);
    p = lineNext(data, end);
  }
}

function parseHeaders(data: Bytes, firstLineEnd: number, headerEnd: number): Header[] {
  const headers: Header[] = [];
  for (let p = lineNext(data, firstLineEnd); p < headerEnd; ) {
    const end = lineEnd(data, p);
    if (end === p) break;
    const next = lineNext(data, end);
    const line = data.text(p, end - p);
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim(), at: p, length: next - p });
    p = next;
  }
  return headers;
}

function message(data: Bytes, ctx: PacketContext, start: StartLine, firstLineEnd: number, headers: Header[], headerEnd: number, bodyLength: number, chunked: Uint8Array | undefined): void {
  const { tree, columns } = ctx;
  tree.open('http', data.abs(0), headerEnd + bodyLength);
  const firstLength = lineNext(data, firstLineEnd);
  tree.openText(data.text(0, firstLength), data.abs(0), firstLength);
  if (start.kind === 'request') {
    tree.add('http.request.method', data.abs(0), start.method.length, start.method);
    tree.add('http.request.uri', data.abs(start.method.length + 1), start.uri.length, start.uri);
    tree.add('http.request.version', data.abs(firstLineEnd - start.version.length), start.version.length, start.version);
  } else {
    tree.add('http.response.version', data.abs(0), start.version.length, start.version);
    tree.add('http.response.code', data.abs(9), 3, start.code);
    tree.add('http.response.phrase', data.abs(13), Math.max(0, firstLineEnd - 13), start.phrase);
  }
  tree.close();
  for (const h of headers) {
    const known = HEADER_FIELDS[h.name.toLowerCase()];
    if (known) tree.add(known[0], data.abs(h.at), h.length, h.value, data.text(h.at, h.length));
    if (h.name.toLowerCase() === 'content-length' && /^\d+$/.test(h.value)) tree.add('http.content_length', data.abs(h.at), h.length, Number(h.value));
    tree.add(start.kind === 'request' ? 'http.request.line' : 'http.response.line', data.abs(h.at), h.length, data.text(h.at, h.length));
  }
  tree.add(start.kind === 'request' ? 'http.request' : 'http.response', 0, 0, 1);
  const pairing = ctx.state<Pairing>(() => ({ waiting: [] }));
  if (start.kind === 'response' && pairing.waiting[0]) tree.add('http.request_in', 0, 0, pairing.waiting[0].frame);
  const host = header(headers, 'host');
  if (start.kind === 'request' && host) {
    const uri = start.uri.startsWith('/') ? `http://${host}${start.uri}` : start.uri;
    tree.add('http.request.full_uri', 0, 0, uri);
  }
  const entity = chunked ?? data.bytes(headerEnd, bodyLength);
  if (entity.length > 0) {
    tree.add('http.file_data', data.abs(headerEnd), bodyLength, entity);
    mediaNote(columns, header(headers, 'content-type'), header(headers, 'content-encoding'), entity);
  }
  tree.close();
}

/** The note a body's media dissector adds to Info: " (type)", or the protocol that took it (JSON). */
function mediaNote(columns: { protocol: string; info: string }, contentType: string | undefined, encoding: string | undefined, entity: Uint8Array): void {
  if (!contentType) return;
  if (encoding && encoding.toLowerCase() === 'gzip' && gzipSize(entity) === 0) return;
  const type = contentType.split(';')[0].trim().toLowerCase();
  const known = MEDIA_PROTOCOLS[type];
  if (known) {
    columns.protocol = `HTTP/${known[0]}`;
    columns.info += `, ${known[1]} (${type})`;
  } else {
    columns.info += ` (${type})`;
  }
}

/** A gzip member's uncompressed size (its ISIZE trailer, RFC 1952), without inflating it. */
function gzipSize(b: Uint8Array): number | undefined {
  if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b) return undefined;
  const n = b.length;
  return (b[n - 4] | (b[n - 3] << 8) | (b[n - 2] << 16) | (b[n - 1] << 24)) >>> 0;
}
