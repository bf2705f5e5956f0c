import { registerFields } from '../../fields/registry';
import { Bytes } from '../bytes';
import { registerPort, type Dissector, type PacketContext, MAIL_YIELDS } from '../api';
import { dissectImf } from '../imf/imf';
import { field } from '../../fields/define';

registerFields([
  field('pop', 'Post Office Protocol', 'protocol'),
  field('pop.request', 'Request', 'string'),
  field('pop.request.command', 'Request command', 'string'),
  field('pop.request.parameter', 'Request parameter', 'string'),
  field('pop.response', 'Response', 'string'),
  field('pop.response.indicator', 'Response indicator', 'string'),
  field('pop.response.description', 'Response description', 'string'),
  field('pop.response.data', 'Data', 'string'),
  field('pop.data.fragments', 'DATA fragments', 'none'),
  field('pop.data.fragment', 'DATA fragment', 'framenum'),
  field('pop.data.fragment.count', 'DATA fragment count', 'uint'),
  field('pop.data.reassembled.length', 'Reassembled DATA length', 'uint'),
]);

// Commands whose +OK is followed by a message (RFC 1939 §7 TOP, §5 RETR).
const MESSAGE_COMMANDS = new Set(['RETR', 'TOP']);

/** A POP session: the client's last command, and a message arriving in segments after its own +OK. */
interface Session {
  command: string;
  retrieving: boolean;
  chunks: Uint8Array[];
  frames: number[];
}

interface Line {
  at: number;
  /** Length without the line end. */
  length: number;
  next: number;
}

/**
 * POP3 (RFC 1939): command and status lines, multi-line responses as Data lines, and a retrieved message that
 * arrives after its status line gathered up to the final "." and handed to IMF, as tshark does.
 */
export const pop: Dissector = {
  name: 'pop',
  yields: ['pop', ...MAIL_YIELDS],
  stream(data, ctx) {
    const session = ctx.state<Session>(() => ({ command: '', retrieving: false, chunks: [], frames: [] }));
    ctx.columns.protocol = 'POP';
    const fromServer = ctx.srcPort === 110;
    ctx.tree.open('pop', data.abs(0), data.length);
    if (!fromServer) request(data, ctx, session);
    else if (session.retrieving && !isStatus(data)) messageData(data, ctx, session);
    else response(data, ctx, session);
    return data.length;
  },
};

registerPort('tcp', 110, pop);

function lines(data: Bytes): Line[] {
  const out: Line[] = [];
  for (let p = 0; p < data.length;) {
    const lf = data.indexOf(0x0a, p);
    const next = lf < 0 ? data.length : lf + 1;
    const end = lf < 0 ? data.length : lf > p && data.u8(lf - 1) === 0x0d ? lf - 1 : lf;
    out.push({ at: p, length: end - p, next });
    p = next;
  }
  return out;
}

function isStatus(data: Bytes): boolean {
  const head = data.latin1(0, Math.min(4, data.length));
  return head.startsWith('+OK') || head.startsWith('-ERR');
}

function request(data: Bytes, ctx: PacketContext, session: Session): void {
  const { tree } = ctx;
  const all = lines(data);
  all.forEach((line, i) => {
    const text = data.text(line.at, line.length);
    if (i === 0) ctx.columns.info = `C: ${text}`;
    tree.open('pop.request', data.abs(line.at), line.next - line.at, data.text(line.at, line.next - line.at));
    const space = text.indexOf(' ');
    const command = space < 0 ? text : text.slice(0, space);
    tree.add('pop.request.command', data.abs(line.at), command.length, command);
    if (space >= 0)
      tree.add('pop.request.parameter', data.abs(line.at + space + 1), text.length - space - 1, text.slice(space + 1));
    tree.close();
    session.command = command.toUpperCase();
  });
  tree.close();
  session.retrieving = false;
}

function response(data: Bytes, ctx: PacketContext, session: Session): void {
  const { tree } = ctx;
  const [first, ...rest] = lines(data);
  const status = data.text(first.at, first.length);
  ctx.columns.info = `S: ${status}`;
  // STLS accepted: TLS follows (RFC 2595 §4).
  if (session.command === 'STLS' && status.startsWith('+OK')) {
    session.command = '';
    ctx.startTls();
  }
  tree.open('pop.response', data.abs(0), first.next, data.text(0, first.next));
  const indicator = /^(\+OK|-ERR)/.exec(status)?.[1];
  if (indicator) {
    tree.add('pop.response.indicator', data.abs(0), indicator.length, indicator);
    const description = status.slice(indicator.length + 1);
    if (description)
      tree.add('pop.response.description', data.abs(indicator.length + 1), description.length, description);
  }
  tree.close();
  // The value of a Data line is empty in tshark; the line is its tree text.
  for (const line of rest)
    tree.add('pop.response.data', data.abs(line.at), line.next - line.at, '', data.text(line.at, line.next - line.at));
  tree.close();
  // A message that does not come with its status line follows in segments of its own.
  session.retrieving = indicator === '+OK' && MESSAGE_COMMANDS.has(session.command) && rest.length === 0;
  session.chunks = [];
  session.frames = [];
}

/** A segment of a retrieved message: a fragment until the one ending with the "." line, which completes it. */
function messageData(data: Bytes, ctx: PacketContext, session: Session): void {
  session.chunks.push(data.bytes(0, data.length).slice());
  session.frames.push(ctx.frame);
  const total = session.chunks.reduce((n, c) => n + c.length, 0);
  const message = new Uint8Array(total);
  let o = 0;
  for (const c of session.chunks) {
    message.set(c, o);
    o += c.length;
  }
  const { tree } = ctx;
  if (!endsMessage(message)) {
    ctx.columns.info = `S: DATA fragment, ${data.length} bytes`;
    tree.close();
    return;
  }
  session.retrieving = false;
  const frames = session.frames;
  if (frames.length > 1) {
    tree.open('pop.data.fragments', data.abs(0), data.length, `${frames.length} DATA fragments (${total} bytes)`);
    let at = 0;
    session.chunks.forEach((chunk, i) => {
      tree.add(
        'pop.data.fragment',
        0,
        0,
        frames[i],
        `Frame: ${frames[i]}, payload: ${at}-${at + chunk.length - 1} (${chunk.length} bytes)`,
      );
      at += chunk.length;
    });
    tree.add('pop.data.fragment.count', 0, 0, frames.length);
    tree.add('pop.data.reassembled.length', 0, 0, total);
    tree.close();
  }
  tree.close();
  // The message, its final "." line included, is IMF's (in its own buffer when it took several segments).
  if (frames.length === 1) dissectImf(data, ctx);
  else tree.within(message, undefined, () => dissectImf(new Bytes(message), ctx));
}

/** Whether the bytes end with the line holding only "." (RFC 1939 §3). */
function endsMessage(b: Uint8Array): boolean {
  const n = b.length;
  return n >= 3 && b[n - 3] === 0x2e && b[n - 2] === 0x0d && b[n - 1] === 0x0a && (n === 3 || b[n - 4] === 0x0a);
}
