import { Bytes } from '../bytes';
import { fieldId } from '../../fields/registry';
import type { TreeBuilder } from '../tree';
import { addBody, hasMediaTypeDissector, refusedByMediaType } from '../media/media';
import {
  elapsedNs,
  ONE_MORE_SEGMENT,
  registerHeuristic,
  registerPort,
  type Dissector,
  type PacketContext,
  type PduResult,
  type Timestamp,
  MEDIA_YIELDS,
  byUpgrade,
} from '../api';
import { escapeControls, relativeTime } from '../format';
import { HEADER_FIELDS } from './fields';
import { dissectSecurityBlob } from '../gssapi/spnego';
import { dissectNtlmssp } from '../gssapi/ntlmssp';
import { bodyLength, type BodyLength } from './body';
import { decodeContent } from './content-coding';
import { header, type Header } from './headers';
import { http2, startsWithPreface } from '../http2/http2';
import { settingsList } from '../http2/frame-fields';
import { reasonPhrase } from '../http2/text';
import { addExpert } from '../expert';
import { addData } from '../data/data';
import { orphanHeaders } from './orphan';
import { asciiText, fileDataText } from './file-data';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';

interface Request {
  frame: number;
  time: Timestamp;
  method: string;
  uri: string;
  fullUri?: string;
  host: string;
  /** The request before it on the connection. */
  prev?: number;
}

/** A connection's messages so far: requests wait for their response in order (HTTP/1.1 answers in order). */
interface Pairing {
  /** The connection began with HTTP/2's preface: it is handed over to HTTP/2. */
  http2?: boolean;
  /** The protocol a 101 Switching Protocols response handed the connection to (WebSocket). */
  upgraded?: Dissector;
  waiting: Request[];
  requests: number;
  responses: number;
  lastRequest?: number;
  lastResponse?: number;
}

const METHODS = new Set([
  'GET',
  'POST',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'PATCH',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'NOTIFY',
  'SUBSCRIBE',
  'M-SEARCH',
]);

/** Media types whose body dissector replaces the generic " (type)" note (tshark's name for them). */
const MEDIA_PROTOCOLS: Record<string, [string, string]> = {
  'application/json': ['JSON', 'JavaScript Object Notation'],
};

/** HTTP/1.x (RFC 9112): one message per PDU, headers and body reassembled across segments. */
export const http: Dissector = {
  name: 'http',
  yields: ['http', 'http2', 'gss-api', 'spnego', 'ntlmssp', 'websocket', ...MEDIA_YIELDS],
  stream(data, ctx): PduResult {
    const pairing = ctx.state<Pairing>(() => ({ waiting: [], requests: 0, responses: 0 }));
    if (pairing.upgraded) return upgraded(pairing.upgraded, data, ctx);
    if (pairing.http2 || startsWithPreface(data)) {
      pairing.http2 = true;
      return handOver(data, ctx);
    }
    const firstLineEnd = lineEnd(data, 0);
    const first = firstLineEnd < 0 ? '' : data.latin1(0, firstLineEnd);
    const start = startLine(first);
    if (!start) {
      if (firstLineEnd < 0 && data.length < 256 && couldStart(data)) return { more: ONE_MORE_SEGMENT };
      // Bytes that start no message (a capture that begins mid-stream) stay TCP payload, as in tshark, unless
      // they read as header lines.
      return orphanHeaders(data, ctx) ?? data.length;
    }
    ctx.columns.protocol = 'HTTP';
    ctx.columns.info = `${data.text(0, firstLineEnd)} `;
    const headerEnd = endOfHeaders(data);
    if (headerEnd < 0) return { more: ONE_MORE_SEGMENT };
    const headers = parseHeaders(data, firstLineEnd, headerEnd);
    const request = start.kind === 'response' ? pairing.waiting[0] : undefined;
    const body: BodyLength = bodyLength(
      data,
      headerEnd,
      headers,
      start.kind === 'request',
      request?.method,
      start.kind === 'response' ? start.code : 0,
    );
    if ('more' in body) return body;
    message(data, ctx, start, firstLineEnd, headers, headerEnd, body.length, body.chunked, pairing);
    return body.end;
  },
  /** HTTP on another port: a segment that starts with a complete request or status line. */
  heuristic(data) {
    const end = lineEnd(data, 0);
    return end > 0 && startLine(data.latin1(0, end)) !== undefined;
  },
};

for (const port of [80, 8080, 8000, 3128]) registerPort('tcp', port, http);

/**
 * HTTP/2 with prior knowledge on an HTTP port (RFC 9113 §3.3): like tshark's HTTP, which offers each payload to
 * its HTTP/2 heuristic, the connection that opened with the preface goes to HTTP/2, HTTP listed before it.
 */
function handOver(data: Bytes, ctx: PacketContext): PduResult {
  if (!ctx.tree.items.some((item) => item.layer === 'http')) ctx.tree.layer('http');
  return http2.stream!(data, ctx);
}
registerHeuristic('tcp', http);

const HTTP_ID = fieldId('http');

/** The connection after a protocol switch: Wireshark lists HTTP in each frame before the protocol it switched to. */
function upgraded(to: Dissector, data: Bytes, ctx: PacketContext): PduResult {
  if (!ctx.tree.items.some((item) => item.layer === 'http' || item.id === HTTP_ID)) ctx.tree.layer('http');
  return to.stream!(data, ctx);
}

type StartLine =
  | { kind: 'request'; method: string; uri: string; version: string }
  | { kind: 'response'; version: string; code: number; phrase: string };

function startLine(line: string): StartLine | undefined {
  const response = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(line);
  if (response) return { kind: 'response', version: response[1], code: Number(response[2]), phrase: response[3] ?? '' };
  const request = /^([A-Z-]+) ([^ ]+) (HTTP\/\d\.\d)$/.exec(line);
  if (request && METHODS.has(request[1]))
    return { kind: 'request', method: request[1], uri: asciiText(request[2]), version: request[3] };
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
  for (let p = 0; ;) {
    const end = lineEnd(data, p);
    if (end < 0) return -1;
    if (end === p) return lineNext(data, end);
    p = lineNext(data, end);
  }
}

function parseHeaders(data: Bytes, firstLineEnd: number, headerEnd: number): Header[] {
  const headers: Header[] = [];
  for (let p = lineNext(data, firstLineEnd); p < headerEnd;) {
    const end = lineEnd(data, p);
    if (end === p) break;
    const next = lineNext(data, end);
    const line = data.text(p, end - p);
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim(), at: p, length: next - p });
    p = next;
  }
  return headers;
}

function message(
  data: Bytes,
  ctx: PacketContext,
  start: StartLine,
  firstLineEnd: number,
  headers: Header[],
  headerEnd: number,
  bodyLength: number,
  chunked: Uint8Array | undefined,
  pairing: Pairing,
  protocol = 'http',
): void {
  const { tree, columns } = ctx;
  const notification = start.kind === 'request' && start.method === 'NOTIFY';
  tree.open(protocol, data.abs(0), headerEnd + bodyLength);
  const firstLength = lineNext(data, firstLineEnd);
  const firstLine = data.text(0, firstLength);
  tree.openText(firstLine, data.abs(0), firstLength);
  // Wireshark notes every request and status line as a Chat item (its http.chat).
  addExpert(
    tree,
    { severity: ExpertSeverity.Chat, group: ExpertGroup.Sequence, message: escapeControls(firstLine) },
    data.abs(0),
    firstLength,
  );
  if (start.kind === 'request') {
    tree.add('http.request.method', data.abs(0), start.method.length, start.method);
    tree.open('http.request.uri', data.abs(start.method.length + 1), start.uri.length, undefined, start.uri);
    uriParts(tree, start.uri, data.abs(start.method.length + 1));
    tree.close();
    tree.add(
      'http.request.version',
      data.abs(firstLineEnd - start.version.length),
      start.version.length,
      start.version,
    );
  } else {
    tree.add('http.response.version', data.abs(0), start.version.length, start.version);
    tree.add('http.response.code', data.abs(9), 3, start.code);
    const desc = reasonPhrase(start.code);
    if (desc) tree.add('http.response.code.desc', data.abs(9), 3, desc);
    tree.add('http.response.phrase', data.abs(13), Math.max(0, firstLineEnd - 13), start.phrase);
  }
  tree.close();
  for (const h of headers) {
    const known = HEADER_FIELDS[h.name.toLowerCase()];
    const settings = h.name.toLowerCase() === 'http2-settings' ? base64url(h.value) : undefined;
    if (known) {
      tree.open(known[0], data.abs(h.at), h.length, data.text(h.at, h.length), h.value);
      columns.info += securityToken(h, tree);
      if (known[0] === 'http.cookie') cookiePairs(tree, h, data.text(h.at, h.length), data.abs(h.at));
      // An upgrade to h2c carries HTTP/2's SETTINGS payload, base64url-coded (RFC 7540 §3.2.1); its bytes are their own tab.
      if (settings) tree.within(settings, undefined, () => settingsList(new Bytes(settings), tree));
      tree.close();
    }
    if (h.name.toLowerCase() === 'content-length' && /^\d+$/.test(h.value))
      tree.add('http.content_length', data.abs(h.at), h.length, Number(h.value));
    const line = start.kind === 'request' ? 'http.request.line' : 'http.response.line';
    if (!notification) tree.add(line, data.abs(h.at), h.length, data.text(h.at, h.length));
  }
  const at = data.abs(0);
  let request: Request | undefined;
  if (notification) {
    // A GENA/SSDP NOTIFY is a notification, not a request awaiting its response (Wireshark numbers none).
    tree.add('http.notification', at, 0, 1);
    const host = header(headers, 'host');
    if (host) tree.add('http.request.full_uri', at, 0, fullUri(start.uri, host, ctx));
  } else if (start.kind === 'request') {
    tree.add('http.request', at, 0, 1);
    const host = header(headers, 'host');
    request = {
      frame: ctx.frame,
      time: ctx.time,
      method: start.method,
      uri: start.uri,
      host: host ?? '',
      prev: pairing.lastRequest,
    };
    if (host) {
      request.fullUri = fullUri(start.uri, host, ctx);
      tree.add('http.request.full_uri', at, 0, request.fullUri);
    }
    pairing.requests++;
    tree.add('http.request_number', at, 0, pairing.requests, `HTTP request ${pairing.requests}/${pairing.requests}`);
    if (request.prev !== undefined) tree.add('http.prev_request_in', at, 0, request.prev);
    pairing.lastRequest = ctx.frame;
    pairing.waiting.push(request);
  } else {
    tree.add('http.response', at, 0, 1);
    // Interim (1xx) responses leave the request waiting for its final one, except a protocol switch.
    const final = start.code >= 200 || start.code === 101;
    request = final ? pairing.waiting.shift() : pairing.waiting[0];
    pairing.responses++;
    tree.add(
      'http.response_number',
      at,
      0,
      pairing.responses,
      `HTTP response ${pairing.responses}/${pairing.requests}`,
    );
    if (request) {
      const delay = elapsedNs(request.time, ctx.time);
      tree.add('http.time', at, 0, delay, `Time since request: ${relativeTime(delay)} seconds`);
      if (request.prev !== undefined) tree.add('http.prev_request_in', at, 0, request.prev);
    }
    if (pairing.lastResponse !== undefined) tree.add('http.prev_response_in', at, 0, pairing.lastResponse);
    if (request) {
      tree.add('http.request_in', at, 0, request.frame);
      if (request.fullUri) tree.add('http.response_for.uri', at, 0, request.fullUri);
    }
    pairing.lastResponse = ctx.frame;
    // 101 Switching Protocols (RFC 9110 §15.2.2): the bytes after this response, both ways, are the new protocol's.
    const upgrade = start.code === 101 ? byUpgrade(header(headers, 'upgrade') ?? '') : undefined;
    if (upgrade?.stream) pairing.upgraded = upgrade;
  }
  const wire = chunked ?? data.bytes(headerEnd, bodyLength);
  const entity =
    wire.length > 0
      ? body(ctx, data.sub(headerEnd, bodyLength), wire, chunked !== undefined, headers, request)
      : undefined;
  tree.close();
  // The body's own protocol (its media type's) is a layer of its own after HTTP.
  const contentType = header(headers, 'content-type') ?? '';
  let note: string | undefined;
  if (entity === wire && !chunked) note = addBody(tree, data.sub(headerEnd, bodyLength), contentType);
  else if (entity) note = tree.within(entity, undefined, () => addBody(tree, new Bytes(entity), contentType));
  // A media type's own dissector (an image) notes itself in Info; one that refused the body leaves the type's note.
  if (entity?.length && hasMediaTypeDissector(contentType))
    columns.info += note ?? ` (${contentType.split(';')[0].trim().toLowerCase()})`;
}

/** A request's full URI: the URI itself when absolute, else scheme and Host before it. */
function fullUri(uri: string, host: string, ctx: PacketContext): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? uri : `${ctx.secure ? 'https' : 'http'}://${host}${uri}`;
}

/**
 * HTTP messages in UDP datagrams (SSDP's HTTPU, UPnP Device Architecture §1.1.1), one per datagram, shown under
 * `protocol`'s tree line and Protocol column as Wireshark shows SSDP: the HTTP fields inside another protocol.
 */
export function httpDatagram(data: Bytes, ctx: PacketContext, protocol: string, column: string): void {
  const pairing = ctx.state<Pairing>(() => ({ waiting: [], requests: 0, responses: 0 }));
  const firstLineEnd = lineEnd(data, 0);
  const start = firstLineEnd < 0 ? undefined : startLine(data.latin1(0, firstLineEnd));
  // Wireshark leaves a datagram that starts no message undissected (not even Data).
  if (!start) return;
  ctx.columns.protocol = column;
  ctx.columns.info = `${data.text(0, firstLineEnd)} `;
  const end = endOfHeaders(data);
  const headerEnd = end < 0 ? data.length : end;
  const headers = parseHeaders(data, firstLineEnd, headerEnd);
  const declared = Number(header(headers, 'content-length') ?? NaN);
  const bodyLength = Number.isInteger(declared) ? Math.min(declared, data.length - headerEnd) : data.length - headerEnd;
  message(data, ctx, start, firstLineEnd, headers, headerEnd, bodyLength, undefined, pairing, protocol);
}

/** A request URI's path, query and query parameters, as tshark shows them when the URI has a query. */
function uriParts(tree: TreeBuilder, uri: string, at: number): void {
  const q = uri.indexOf('?');
  if (q < 0) return;
  tree.add('http.request.uri.path', at, q, uri.slice(0, q));
  const query = uri.slice(q + 1);
  tree.open('http.request.uri.query', at + q, uri.length - q, undefined, query);
  let from = q + 1;
  for (const parameter of query.split('&')) {
    tree.add('http.request.uri.query.parameter', at + from, parameter.length, parameter);
    from += parameter.length + 1;
  }
  tree.close();
}

/** A Cookie header's name=value pairs (RFC 6265 §4.2.1), each a http.cookie_pair. */
function cookiePairs(tree: TreeBuilder, h: Header, line: string, at: number): void {
  let from = Math.max(h.name.length + 1, line.indexOf(h.value, h.name.length + 1));
  for (const raw of h.value.split(';')) {
    const pair = raw.trim();
    if (pair) tree.add('http.cookie_pair', at + from, pair.length, pair);
    from += raw.length + 1;
  }
}

/**
 * The entity body: its content coding undone, shown as File Data, noted in Info, offered to Export Objects.
 * Returns the entity (undefined when its coding could not be undone).
 */
function body(
  ctx: PacketContext,
  span: Bytes,
  wire: Uint8Array,
  chunked: boolean,
  headers: Header[],
  request: Request | undefined,
): Uint8Array | undefined {
  const { tree, columns } = ctx;
  const [start, length] = [span.abs(0), span.length];
  const contentType = header(headers, 'content-type') ?? '';
  const decoded = decodeContent(header(headers, 'content-encoding'), wire);
  let entity = wire;
  if (decoded && 'failed' in decoded) {
    // Wireshark shows the coded body as Data under the failed coding, with a warning.
    tree.openText(`Content-encoded entity body (${decoded.coding}): ${wire.length} bytes`, start, length);
    addExpert(tree, { severity: ExpertSeverity.Warn, group: ExpertGroup.Undecoded, message: 'Decompression failed' });
    if (chunked) tree.within(wire, undefined, () => addData(tree, new Bytes(wire)));
    else addData(tree, span);
    tree.close();
    return undefined;
  }
  if (decoded) {
    entity = decoded.bytes;
    tree.openText(
      `Content-encoded entity body (${decoded.coding}): ${wire.length} bytes -> ${entity.length} bytes`,
      start,
      length,
    );
    tree.close();
  }
  const text = `File Data: ${entity.length} bytes`;
  // A body sent as it is lies in the PDU; a dechunked or decoded one is its own buffer (a tab of its own).
  if (entity === wire && !chunked) tree.add('http.file_data', start, length, fileDataText(entity), text);
  else tree.within(entity, undefined, () => tree.add('http.file_data', 0, entity.length, fileDataText(entity), text));
  // A media type's dissector that refuses the body leaves it to the generic one (Wireshark says so).
  if (refusedByMediaType(contentType, new Bytes(entity)))
    addExpert(tree, {
      severity: ExpertSeverity.Note,
      group: ExpertGroup.Malformed,
      message: 'HTTP body subdissector failed, trying heuristic subdissector',
    });
  if (entity.length > 0) mediaNote(columns, contentType);
  ctx.exportObject({
    protocol: 'http',
    hostname: request?.host ?? '',
    contentType,
    name: request?.uri ?? '',
    bytes: entity,
  });
  return entity;
}

/** The note a body's media dissector adds to Info: " (type)", or the protocol that took it (JSON). */
function mediaNote(columns: { protocol: string; info: string }, contentType: string): void {
  const type = contentType.split(';')[0].trim().toLowerCase();
  // Opaque bytes go to the data dissector, which adds nothing.
  if (!type || type === 'application/octet-stream') return;
  if (hasMediaTypeDissector(type)) return;
  const known = MEDIA_PROTOCOLS[type];
  if (known) {
    columns.protocol = `HTTP/${known[0]}`;
    columns.info += `, ${known[1]} (${type})`;
  } else {
    columns.info += ` (${type})`;
  }
}

/** base64url text (RFC 4648 §5, padding optional) as bytes; undefined when it is not that. */
function base64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(
      atob(
        text
          .replace(/-/g, '+')
          .replace(/_/g, '/')
          .replace(/=+$/, '')
          .padEnd(Math.ceil(text.replace(/=+$/, '').length / 4) * 4, '='),
      ),
      (c) => c.charCodeAt(0),
    );
  } catch {
    return undefined;
  }
}

const AUTH_HEADERS = new Set(['authorization', 'www-authenticate', 'proxy-authorization', 'proxy-authenticate']);

/**
 * An NTLM or Negotiate token in an authentication header (MS-NTHT, RFC 4559): base64 of an NTLMSSP message or of
 * SPNEGO around one, dissected by the one NTLMSSP implementation (gssapi/). Returns what it adds to Info.
 */
function securityToken(h: { name: string; value: string }, tree: TreeBuilder): string {
  if (!AUTH_HEADERS.has(h.name.toLowerCase())) return '';
  const m = /^(?:NTLM|Negotiate) ([A-Za-z0-9+/]+=*)\s*$/.exec(h.value);
  if (!m) return '';
  let token: Uint8Array;
  try {
    token = Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0));
  } catch {
    return '';
  }
  // A bare NTLMSSP message (the "NTLM" scheme) is NTLMSSP alone; a Negotiate token is GSS-API/SPNEGO around it.
  const bare = String.fromCharCode(...token.subarray(0, 8)) === 'NTLMSSP\0';
  return tree.within(token, undefined, () =>
    bare ? dissectNtlmssp(new Bytes(token), tree) : dissectSecurityBlob(new Bytes(token), tree),
  );
}
