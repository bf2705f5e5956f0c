import type { Bytes } from '../bytes';
import { ONE_MORE_SEGMENT } from '../api';
import { header, type Header } from './headers';

/** Where a message's body ends (RFC 9112 §6.3), or that more bytes are needed to know. */
export type BodyLength = { length: number; end: number; chunked?: Uint8Array } | { more: number };

export function bodyLength(
  data: Bytes,
  headerEnd: number,
  headers: Header[],
  isRequest: boolean,
  requestMethod: string | undefined,
  code: number,
): BodyLength {
  if (!isRequest && (requestMethod === 'HEAD' || (code >= 100 && code < 200) || code === 204 || code === 304))
    return { length: 0, end: headerEnd };
  const transfer = header(headers, 'transfer-encoding');
  if (
    transfer &&
    transfer
      .toLowerCase()
      .split(',')
      .map((t) => t.trim())
      .includes('chunked')
  )
    return dechunk(data, headerEnd);
  const declared = header(headers, 'content-length');
  if (declared !== undefined && /^\d+$/.test(declared)) {
    const length = Number(declared);
    if (data.length < headerEnd + length) return { more: headerEnd + length - data.length };
    return { length, end: headerEnd + length };
  }
  // A request without a length has no body; a response's body runs to the end of the connection.
  if (isRequest) return { length: 0, end: headerEnd };
  return { length: data.length - headerEnd, end: data.length };
}

/** Joins chunks (RFC 9112 §7.1) up to the last chunk and its trailers. */
function dechunk(data: Bytes, from: number): BodyLength {
  const parts: Uint8Array[] = [];
  let p = from;
  for (;;) {
    const lineEndAt = findCrlf(data, p);
    if (lineEndAt < 0) return { more: ONE_MORE_SEGMENT };
    const size = parseInt(
      data
        .latin1(p, lineEndAt - p)
        .split(';')[0]
        .trim(),
      16,
    );
    if (Number.isNaN(size)) return { length: data.length - from, end: data.length };
    p = lineEndAt + 2;
    if (size === 0) break;
    if (data.length < p + size + 2) return { more: ONE_MORE_SEGMENT };
    parts.push(data.bytes(p, size));
    p += size + 2;
  }
  // Trailer fields, then the final empty line.
  for (;;) {
    const end = findCrlf(data, p);
    if (end < 0) return { more: ONE_MORE_SEGMENT };
    const blank = end === p;
    p = end + 2;
    if (blank) break;
  }
  const body = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of parts) {
    body.set(b, o);
    o += b.length;
  }
  return { length: p - from, end: p, chunked: body };
}

function findCrlf(data: Bytes, from: number): number {
  for (let p = from; p + 1 < data.length; p++) if (data.u8(p) === 0x0d && data.u8(p + 1) === 0x0a) return p;
  return -1;
}
