import { urlDecode } from './protocol';

/** A MSG payload: MIME headers, then a body. */
export interface MimeMessage {
  headers: [string, string][];
  body: Uint8Array;
  /** Offset of the body in the payload. */
  bodyOffset: number;
}

const utf8 = new TextDecoder();

/** Splits a payload at its first empty line; header values are read as UTF-8. */
export function parseMime(payload: Uint8Array): MimeMessage {
  let end = -1;
  for (let i = 0; i + 1 < payload.length; i++) {
    if (payload[i] === 0x0a && payload[i + 1] === 0x0a) {
      end = i;
      break;
    }
    if (
      i + 3 < payload.length &&
      payload[i] === 0x0d &&
      payload[i + 1] === 0x0a &&
      payload[i + 2] === 0x0d &&
      payload[i + 3] === 0x0a
    ) {
      end = i;
      break;
    }
  }
  const headerBytes = end < 0 ? payload : payload.subarray(0, end);
  const bodyOffset = end < 0 ? payload.length : end + (payload[end] === 0x0d ? 4 : 2);
  return { headers: headerLines(utf8.decode(headerBytes)), body: payload.subarray(bodyOffset), bodyOffset };
}

/** "Name: value" lines (invitation bodies have the same shape as MIME headers). */
export function headerLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** A header's value by case-insensitive name. */
export function header(headers: readonly [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** The media type (lowercase, no parameters) and charset of a Content-Type value. */
export function contentType(value: string | undefined): { type: string; charset?: string } {
  if (!value) return { type: '' };
  const [type, ...params] = value.split(';');
  const out: { type: string; charset?: string } = { type: type.trim().toLowerCase() };
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";]+)"?/i.exec(p);
    if (m) out.charset = m[1].trim();
  }
  return out;
}

/** A body as text in its declared charset (UTF-8 when none is given or the charset is unknown). */
export function decodeText(body: Uint8Array, charset?: string): string {
  if (charset) {
    try {
      return new TextDecoder(charset.toLowerCase()).decode(body);
    } catch {
      // An unknown label: fall through to UTF-8.
    }
  }
  return utf8.decode(body);
}

/** X-MMS-IM-Format: the font, effects and colour a message was written in. */
export interface MessageFormat {
  font?: string;
  /** Effects: any of B (bold), I (italic), U (underline), S (strikethrough). */
  effects?: string;
  /** The colour as CSS #rrggbb (MSNP writes it as BGR hex without leading zeros). */
  color?: string;
  charset?: string;
  pitchFamily?: string;
  rightToLeft?: boolean;
}

export function parseImFormat(value: string): MessageFormat {
  const out: MessageFormat = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toUpperCase();
    const v = part.slice(eq + 1).trim();
    if (key === 'FN' && v) out.font = urlDecode(v);
    else if (key === 'EF' && v) out.effects = v;
    else if (key === 'CO' && /^[0-9a-fA-F]{1,6}$/.test(v)) out.color = bgrToCss(v);
    else if (key === 'CS' && v) out.charset = v;
    else if (key === 'PF' && v) out.pitchFamily = v;
    else if (key === 'RL') out.rightToLeft = v === '1';
  }
  return out;
}

function bgrToCss(hex: string): string {
  const bgr = hex.padStart(6, '0').toLowerCase();
  return `#${bgr.slice(4, 6)}${bgr.slice(2, 4)}${bgr.slice(0, 2)}`;
}
