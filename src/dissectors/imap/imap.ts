import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import {
  elapsedNs,
  ONE_MORE_SEGMENT,
  registerPort,
  type Dissector,
  type PacketContext,
  type PduResult,
  type Timestamp,
  MAIL_YIELDS,
} from '../api';
import { relativeTime } from '../format';
import { dissectImf } from '../imf/imf';
import { field } from '../../fields/define';

registerFields([
  field('imap', 'Internet Message Access Protocol', 'protocol'),
  field('imap.isrequest', 'Request', 'bool'),
  field('imap.line', 'Line', 'string'),
  field('imap.request', 'Request', 'string'),
  field('imap.request_tag', 'Request Tag', 'string'),
  field('imap.response', 'Response', 'string'),
  field('imap.response_tag', 'Response Tag', 'string'),
  field('imap.request.command', 'Request Command', 'string'),
  field('imap.response.command', 'Response Command', 'string'),
  field('imap.response.status', 'Response Status', 'string'),
  field('imap.tag', 'Tag', 'string'),
  field('imap.command', 'Command', 'string'),
  field('imap.request.folder', 'Request Folder', 'string'),
  field('imap.request.command.uid', 'Request isUID', 'bool'),
  field('imap.request.username', 'Request Username', 'string'),
  field('imap.request.password', 'Request Password', 'string'),
  // Known to filters; like tshark's single pass, a request never learns its later response.
  field('imap.response_in', 'Response In', 'framenum'),
  field('imap.response_to', 'Request In', 'framenum'),
  field('imap.time', 'Response Time', 'reltime'),
]);

// Commands whose first argument is a mailbox (RFC 9051 §6.3).
const FOLDER_COMMANDS = new Set([
  'SELECT',
  'EXAMINE',
  'CREATE',
  'DELETE',
  'RENAME',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'STATUS',
  'APPEND',
]);
const STATUSES = new Set(['OK', 'NO', 'BAD', 'PREAUTH', 'BYE']);

/** Requests of a connection by tag, until their tagged response. */
type Pending = Map<string, { frame: number; time: Timestamp }>;

/**
 * IMAP (RFC 9051): every line of a segment; tagged requests and responses with their tag, command and status,
 * paired by tag; a message literal of a FETCH response handed to IMF. Lines and literals are gathered across
 * segments until complete.
 */
export const imap: Dissector = {
  name: 'imap',
  yields: ['imap', ...MAIL_YIELDS],
  stream(data, ctx): PduResult {
    const isRequest = ctx.dstPort === 143;
    const layout = scan(data);
    if (!layout) return { more: ONE_MORE_SEGMENT };
    const { tree, columns } = ctx;
    columns.protocol = 'IMAP';
    tree.open('imap', data.abs(0), data.length);
    tree.add('imap.isrequest', data.abs(0), 0, isRequest ? 1 : 0);
    let message: { at: number; length: number } | undefined;
    for (const line of layout) {
      if (line.literal) {
        if (!isRequest && line.fetchBody) message ??= line.literal;
        continue;
      }
      const text = data.text(line.at, line.length);
      const whole = data.text(line.at, line.next - line.at);
      tree.open('imap.line', data.abs(line.at), line.next - line.at, `Line: ${whole}`, whole);
      columns.info = `${isRequest ? 'Request' : 'Response'}: ${text}`;
      if (!text.startsWith('* ') && !text.startsWith('+')) {
        if (isRequest) request(data, line.at, text, ctx);
        else response(data, line.at, text, ctx);
      }
      tree.close();
    }
    tree.close();
    if (message) dissectImf(data.sub(message.at, message.length), ctx);
    return data.length;
  },
};

registerPort('tcp', 143, imap);

interface LinePlace {
  at: number;
  length: number;
  next: number;
  /** A literal ({n}) announced at the end of this line: its bytes follow it. */
  literal?: { at: number; length: number };
  fetchBody?: boolean;
}

/** The segment's lines and literals; undefined while the last line or literal is incomplete. */
function scan(data: Bytes): LinePlace[] | undefined {
  const out: LinePlace[] = [];
  for (let p = 0; p < data.length;) {
    const lf = data.indexOf(0x0a, p);
    if (lf < 0) return undefined;
    const end = lf > p && data.u8(lf - 1) === 0x0d ? lf - 1 : lf;
    const line: LinePlace = { at: p, length: end - p, next: lf + 1 };
    out.push(line);
    p = lf + 1;
    const text = data.latin1(line.at, line.length);
    const literal = /\{(\d+)\+?\}$/.exec(text);
    if (literal) {
      const size = Number(literal[1]);
      if (p + size > data.length) return undefined;
      out.push({
        at: p,
        length: size,
        next: p + size,
        literal: { at: p, length: size },
        fetchBody: /^\* \d+ FETCH .*(BODY(\.PEEK)?\[\]|RFC822) \{\d+\}$/i.test(text),
      });
      p += size;
    }
  }
  return out;
}

/** The space-separated words of a line with their offsets; a quoted string is one word, without its quotes. */
function words(text: string): { word: string; at: number; length: number }[] {
  const out = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m; (m = re.exec(text));) out.push({ word: m[1] ?? m[2], at: m.index, length: m[0].length });
  return out;
}

/** The tag of a STARTTLS awaiting its reply, per conversation: a tagged OK starts TLS (RFC 9051 §6.2.1). */
const startTlsTags = new WeakMap<Pending, string>();

function request(data: Bytes, at: number, text: string, ctx: PacketContext): void {
  const { tree } = ctx;
  const [tag, first, ...args] = words(text);
  tree.add('imap.request', data.abs(at), text.length, text);
  tree.add('imap.request_tag', data.abs(at + tag.at), tag.length, tag.word);
  tree.add('imap.tag', data.abs(at + tag.at), tag.length, tag.word);
  ctx.state<Pending>(() => new Map()).set(tag.word, { frame: ctx.frame, time: ctx.time });
  if (!first) return;
  let command = first;
  const uid = first.word.toUpperCase() === 'UID' && args.length > 0;
  if (uid) {
    tree.add('imap.request.command.uid', data.abs(at + first.at), first.length, 1);
    command = args.shift()!;
  }
  tree.add('imap.request.command', data.abs(at + command.at), command.length, command.word);
  tree.add('imap.command', data.abs(at + first.at), first.length, first.word);
  const verb = command.word.toUpperCase();
  if (verb === 'STARTTLS')
    startTlsTags.set(
      ctx.state<Pending>(() => new Map()),
      tag.word,
    );
  if (FOLDER_COMMANDS.has(verb) && args[0])
    tree.add('imap.request.folder', data.abs(at + args[0].at), args[0].length, args[0].word);
  if (verb === 'LOGIN' && args.length >= 2) {
    tree.add('imap.request.username', data.abs(at + args[0].at), args[0].length, args[0].word);
    tree.add('imap.request.password', data.abs(at + args[1].at), args[1].length, args[1].word);
  }
}

function response(data: Bytes, at: number, text: string, ctx: PacketContext): void {
  const { tree } = ctx;
  const [tag, status, command] = words(text);
  tree.add('imap.response', data.abs(at), text.length, text);
  tree.add('imap.response_tag', data.abs(at + tag.at), tag.length, tag.word);
  tree.add('imap.tag', data.abs(at + tag.at), tag.length, tag.word);
  if (status && STATUSES.has(status.word.toUpperCase())) {
    tree.add('imap.response.status', data.abs(at + status.at), status.length, status.word);
    if (command) {
      tree.add('imap.response.command', data.abs(at + command.at), command.length, command.word);
      tree.add('imap.command', data.abs(at + command.at), command.length, command.word);
    }
  }
  const pending = ctx.state<Pending>(() => new Map());
  if (startTlsTags.get(pending) === tag.word) {
    startTlsTags.delete(pending);
    if (status?.word.toUpperCase() === 'OK') ctx.startTls();
  }
  const request = pending.get(tag.word);
  if (request) {
    pending.delete(tag.word);
    const delay = elapsedNs(request.time, ctx.time);
    tree.add('imap.response_to', data.abs(at), 0, request.frame);
    tree.add('imap.time', data.abs(at), 0, delay, `Response Time: ${relativeTime(delay)} seconds`);
  }
}
