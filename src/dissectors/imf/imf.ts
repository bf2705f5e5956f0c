import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import { addBody } from '../media/media';
import { field } from '../../fields/define';

/** Header fields with their own filter names (lowercased name → field). */
const HEADERS: Record<string, [string, string]> = {
  from: ['imf.from', 'From'],
  to: ['imf.to', 'To'],
  cc: ['imf.cc', 'Cc'],
  subject: ['imf.subject', 'Subject'],
  date: ['imf.date', 'Date'],
  'message-id': ['imf.message_id', 'Message-ID'],
  'content-type': ['imf.content.type', 'Content-Type'],
  'mime-version': ['imf.mime_version', 'MIME-Version'],
  'user-agent': ['imf.user_agent', 'User-Agent'],
};

// Headers whose values tshark lists in the Info column, in this order.
const INFO_HEADERS = ['from', 'subject'];

registerFields([
  field('imf', 'Internet Message Format', 'protocol'),
  ...Object.values(HEADERS).map(([name, label]) => field(name, label, 'string')),
  field('imf.extension', 'Extension', 'string'),
  field('imf.message_text', 'Message-Text', 'none'),
]);

/** An Internet message (RFC 5322), as carried by SMTP's DATA: header fields (unfolded) and the body. */
export function dissectImf(msg: Bytes, ctx: PacketContext): void {
  const { tree, columns } = ctx;
  tree.open('imf', msg.abs(0), msg.length);
  const headers = new Map<string, string>();
  let p = 0;
  while (p < msg.length) {
    if (msg.u8(p) === 0x0a || (msg.u8(p) === 0x0d && p + 1 < msg.length && msg.u8(p + 1) === 0x0a)) {
      p += msg.u8(p) === 0x0a ? 1 : 2;
      break;
    }
    // As tshark does, a field's name runs to the next ':' even across a line break (a stray line joins the
    // next field's name), and its value to the end of the line and any folded continuation (RFC 5322 §2.2.3).
    const colon = msg.indexOf(0x3a, p);
    if (colon < 0) break;
    let end = msg.indexOf(0x0a, colon);
    if (end < 0) end = msg.length - 1;
    while (end + 1 < msg.length && (msg.u8(end + 1) === 0x20 || msg.u8(end + 1) === 0x09)) {
      const next = msg.indexOf(0x0a, end + 1);
      end = next < 0 ? msg.length - 1 : next;
    }
    const name = msg.text(p, colon - p).toLowerCase();
    const value = msg
      .text(colon + 1, end - colon)
      .replace(/\r?\n[ \t]/g, ' ')
      .trim();
    if (!headers.has(name)) headers.set(name, value);
    tree.add(HEADERS[name]?.[0] ?? 'imf.extension', msg.abs(p), end + 1 - p, value, msg.text(p, end + 1 - p).trimEnd());
    p = end + 1;
  }
  const text: string[] = [];
  const mime = headers.has('mime-version');
  if (p < msg.length) {
    // A MIME body goes to its media type's dissector (text/plain's: line-based text) inside IMF.
    if (mime) addBody(tree, msg.sub(p), headers.get('content-type') ?? 'text/plain');
    else messageText(msg, p, text, ctx);
  }
  tree.close();
  columns.protocol = `${columns.protocol}/IMF`;
  let info = '';
  for (const name of INFO_HEADERS) if (headers.has(name)) info += `${name}: ${headers.get(name)}, `;
  if (mime) {
    // A MIME body goes to its media type's dissector, which names the type.
    const type = (headers.get('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase();
    columns.info = `${info} (${type})`;
  } else {
    // Without MIME the body is plain lines, each listed in Info (line ends shown as spaces).
    columns.info = info + text.map((line) => `, ${line}`).join('');
  }
}

/** A body that is no MIME entity: a Message-Text subtree of its lines. */
function messageText(msg: Bytes, from: number, lines: string[], ctx: PacketContext): void {
  const { tree } = ctx;
  tree.open('imf.message_text', msg.abs(from), msg.length - from);
  for (let p = from; p < msg.length;) {
    const lf = msg.indexOf(0x0a, p);
    const next = lf < 0 ? msg.length : lf + 1;
    const line = msg.text(p, next - p).replace(/[\r\n]/g, ' ');
    tree.openText(line, msg.abs(p), next - p);
    tree.close();
    lines.push(line);
    p = next;
  }
  tree.close();
}
