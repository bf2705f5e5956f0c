import { headerLines, header } from './mime';

/**
 * MSNP2P (application/x-msnmsgrp2p, MSNP9-MSNP15): after "P2P-Dest:" headers, a 48-byte little-endian binary
 * header (session id, identifier, offset, total size, length, flags...), the data, and a 4-byte footer. A
 * session id of 0 carries MSNSLP, SIP-like text; a file transfer is an INVITE whose body has the file
 * transfer EUF-GUID and a base64 Context holding the file's size and UTF-16LE name.
 */

export const FILE_TRANSFER_GUID = '{5D3E02AB-6190-11D3-BBBB-00C04F795683}';

export interface SlpMessage {
  /** "INVITE", "BYE", or a status line's code ("200", "603"). */
  method: string;
  headers: [string, string][];
  body: [string, string][];
}

export interface P2pFile {
  fileName: string;
  fileSize: number;
}

const HEADER = 48;

/** The MSNSLP message a P2P body carries in its first chunk, if any. */
export function slpMessage(body: Uint8Array): SlpMessage | undefined {
  if (body.length < HEADER) return undefined;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const sessionId = view.getUint32(0, true);
  const offsetLow = view.getUint32(8, true);
  const length = view.getUint32(24, true);
  if (sessionId !== 0 || offsetLow !== 0) return undefined;
  const data = body.subarray(HEADER, Math.min(body.length, HEADER + length));
  const text = new TextDecoder().decode(data).replace(/\0+$/, '');
  const firstEnd = text.indexOf('\r\n');
  if (firstEnd < 0) return undefined;
  const first = text.slice(0, firstEnd);
  let method: string;
  const status = /^MSNSLP\/\d\.\d (\d{3})/.exec(first);
  if (status) method = status[1];
  else if (/^[A-Z]+ /.test(first)) method = first.split(' ')[0];
  else return undefined;
  const blank = text.indexOf('\r\n\r\n');
  const headers = headerLines(blank < 0 ? text.slice(firstEnd + 2) : text.slice(firstEnd + 2, blank));
  const body2 = blank < 0 ? [] : headerLines(text.slice(blank + 4));
  return { method, headers, body: body2 };
}

/** The file an SLP INVITE offers (file transfer EUF-GUID), from its Context. */
export function slpFile(slp: SlpMessage): P2pFile | undefined {
  if (slp.method !== 'INVITE') return undefined;
  if ((header(slp.body, 'EUF-GUID') ?? '').toUpperCase() !== FILE_TRANSFER_GUID) return undefined;
  const context = header(slp.body, 'Context');
  if (!context) return { fileName: '', fileSize: 0 };
  let raw: Uint8Array;
  try {
    raw = Uint8Array.from(atob(context.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    return { fileName: '', fileSize: 0 };
  }
  if (raw.length < 20) return { fileName: '', fileSize: 0 };
  const view = new DataView(raw.buffer);
  const fileSize = view.getUint32(8, true) + view.getUint32(12, true) * 2 ** 32;
  const nameBytes = raw.subarray(20, Math.min(raw.length, 20 + 520));
  let fileName = new TextDecoder('utf-16le').decode(nameBytes.subarray(0, nameBytes.length & ~1));
  const nul = fileName.indexOf('\0');
  if (nul >= 0) fileName = fileName.slice(0, nul);
  return { fileName, fileSize };
}

/** The SLP Call-ID that ties an INVITE to its 200 OK / 603 Decline. */
export function slpCallId(slp: SlpMessage): string | undefined {
  return header(slp.headers, 'Call-ID');
}
