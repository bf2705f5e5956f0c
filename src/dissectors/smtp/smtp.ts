import { registerFields } from '../../fields/registry';
import { Bytes } from '../bytes';
import { registerPort, type Dissector, type PacketContext, MAIL_YIELDS } from '../api';
import { dissectImf } from '../imf/imf';
import { addTextLines } from '../media/text-lines';
import { field } from '../../fields/define';

registerFields([
  field('smtp', 'Simple Mail Transfer Protocol', 'protocol'),
  field('smtp.req', 'Request', 'bool'),
  field('smtp.rsp', 'Response', 'bool'),
  field('smtp.req.command', 'Command', 'string'),
  field('smtp.req.parameter', 'Request parameter', 'string'),
  field('smtp.response.code', 'Response code', 'uint'),
  field('smtp.rsp.parameter', 'Response parameter', 'string'),
  field('smtp.data.fragment', 'DATA fragment', 'bytes'),
]);

// Commands tshark recognises (RFC 5321 and common extensions); any other client line is message data.
const COMMANDS = new Set([
  'HELO',
  'EHLO',
  'MAIL',
  'RCPT',
  'DATA',
  'RSET',
  'SEND',
  'SOML',
  'SAML',
  'VRFY',
  'EXPN',
  'HELP',
  'NOOP',
  'QUIT',
  'TURN',
  'ATRN',
  'AUTH',
  'STARTTLS',
  'BDAT',
  'ETRN',
  'XCLIENT',
  'XFORWARD',
]);

/** A session's client side: whether it is sending a message, and the message so far. */
interface Session {
  inData: boolean;
  message: Uint8Array[];
  /** The client sent STARTTLS: a 220 reply starts TLS (RFC 3207). */
  startTls?: boolean;
}

/** SMTP (RFC 5321): command and reply lines; the message after DATA gathered up to "." and handed to IMF. */
export const smtp: Dissector = {
  name: 'smtp',
  yields: ['smtp', ...MAIL_YIELDS],
  stream(data, ctx) {
    const session = ctx.state<Session>(() => ({ inData: false, message: [] }));
    ctx.columns.protocol = 'SMTP';
    ctx.tree.open('smtp', data.abs(0), data.length);
    let message: Bytes | undefined;
    if (ctx.dstPort !== 25 && ctx.dstPort !== 587) response(data, ctx, session);
    else if (session.inData) message = messageData(data, ctx, session);
    else message = request(data, ctx, session);
    ctx.tree.close();
    // The whole message is a layer of its own after SMTP (tshark's IMF beside SMTP, not inside it).
    if (message) ctx.tree.within(message.data, undefined, () => dissectImf(message, ctx));
    return data.length;
  },
};

registerPort('tcp', 25, smtp);
registerPort('tcp', 587, smtp);

function lines(data: Bytes): { at: number; text: string; next: number }[] {
  const out = [];
  for (let p = 0; p < data.length;) {
    const lf = data.indexOf(0x0a, p);
    const next = lf < 0 ? data.length : lf + 1;
    const end = lf > p && data.u8(lf - 1) === 0x0d ? lf - 1 : lf < 0 ? data.length : lf;
    out.push({ at: p, text: data.text(p, end - p), next });
    p = next;
  }
  return out;
}

/** A client's command lines; what is no command is message data (then the message, if this completes one). */
function request(data: Bytes, ctx: PacketContext, session: Session): Bytes | undefined {
  const all = lines(data);
  const first = all[0]?.text.split(' ')[0].toUpperCase() ?? '';
  if (!COMMANDS.has(first)) {
    // tshark takes a line that is no command for message data, and keeps it for the next message.
    return messageData(data, ctx, session);
  }
  const shown: string[] = [];
  for (const line of all) {
    const space = line.text.indexOf(' ');
    const command = space < 0 ? line.text : line.text.slice(0, space);
    ctx.tree.openText(data.text(line.at, line.next - line.at), data.abs(line.at), line.next - line.at);
    ctx.tree.add('smtp.req.command', data.abs(line.at), command.length, command);
    if (space >= 0)
      ctx.tree.add(
        'smtp.req.parameter',
        data.abs(line.at + space + 1),
        line.text.length - space - 1,
        line.text.slice(space + 1),
      );
    ctx.tree.close();
    shown.push(line.text);
    const verb = command.toUpperCase();
    if (verb === 'DATA') session.inData = true;
    session.startTls = verb === 'STARTTLS';
  }
  ctx.tree.add('smtp.req', 0, 0, 1);
  ctx.columns.info = `C: ${shown.join(' | ')}`;
  return undefined;
}

/** A piece of a message still open: shown as its text lines inside SMTP. */
function fragmentInfo(data: Bytes, ctx: PacketContext): void {
  ctx.tree.add('smtp.data.fragment', data.abs(0), data.length);
  addTextLines(ctx.tree, data);
  ctx.columns.info = `C: DATA fragment, ${data.length} bytes`;
}

/**
 * Message data: fragments until the line holding only "." (RFC 5321 §4.1.1.4); returns the whole message when
 * this completes it.
 */
function messageData(data: Bytes, ctx: PacketContext, session: Session): Bytes | undefined {
  session.message.push(data.bytes(0, data.length).slice());
  const total = session.message.reduce((n, b) => n + b.length, 0);
  const joined = new Uint8Array(total);
  let o = 0;
  for (const b of session.message) {
    joined.set(b, o);
    o += b.length;
  }
  const end = terminator(joined);
  if (end < 0 || !session.inData) {
    fragmentInfo(data, ctx);
    return undefined;
  }
  session.inData = false;
  session.message = [];
  return total === data.length ? data.sub(0, end) : new Bytes(joined, 0, end);
}

/** Where the message ends: the offset of the CRLF before ".\r\n" at a line start (or of ".\r\n" at the start). */
function terminator(b: Uint8Array): number {
  const n = b.length;
  if (n >= 3 && b[n - 3] === 0x2e && b[n - 2] === 0x0d && b[n - 1] === 0x0a && (n === 3 || b[n - 4] === 0x0a))
    return n - 3;
  return -1;
}

function response(data: Bytes, ctx: PacketContext, session: Session): void {
  const all = lines(data);
  const texts: string[] = [];
  all.forEach((line, i) => {
    const m = /^(\d{3})([ -]?)(.*)$/.exec(line.text);
    ctx.tree.openText(data.text(line.at, line.next - line.at), data.abs(line.at), line.next - line.at);
    if (m && i === 0) ctx.tree.add('smtp.response.code', data.abs(line.at), 3, Number(m[1]));
    if (m && m[3]) ctx.tree.add('smtp.rsp.parameter', data.abs(line.at + 4), m[3].length, m[3]);
    ctx.tree.close();
    texts.push(i === 0 || !m ? line.text : m[3]);
  });
  ctx.tree.add('smtp.rsp', 0, 0, 1);
  ctx.columns.info = `S: ${texts.join(' | ')}`;
  if (session.startTls && /^220\b/.test(all[0]?.text ?? '')) ctx.startTls();
  session.startTls = false;
}
