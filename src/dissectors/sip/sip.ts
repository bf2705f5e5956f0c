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
} from '../api';
import { dissectSdp } from './sdp';
import { field } from '../../fields/define';

/** Header names tshark gives a field of their own (sip.<Name>), by lowercased name; the numeric ones print as numbers. */
const HEADERS = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Event',
  'From',
  'In-Reply-To',
  'MIME-Version',
  'Min-Expires',
  'Organization',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Priority',
  'Privacy',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'Reason',
  'Record-Route',
  'Refer-To',
  'Referred-by',
  'Replaces',
  'Reply-To',
  'Require',
  'Route',
  'Server',
  'Session-Expires',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
];
const NUMERIC_HEADERS = ['Content-Length', 'Expires', 'Max-Forwards', 'Retry-After', 'RSeq'];
const HEADER_FIELD = new Map([...HEADERS, ...NUMERIC_HEADERS].map((h) => [h.toLowerCase(), `sip.${h}`]));
// RFC 3261 §7.3.3 compact forms.
const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
};

registerFields([
  field('sip', 'Session Initiation Protocol', 'protocol'),
  field('sip.Request-Line', 'Request-Line', 'string'),
  field('sip.Method', 'Method', 'string'),
  field('sip.r-uri', 'Request-URI', 'string'),
  field('sip.r-uri.user', 'Request-URI User Part', 'string'),
  field('sip.r-uri.host', 'Request-URI Host Part', 'string'),
  field('sip.r-uri.port', 'Request-URI Host Port', 'uint'),
  field('sip.Status-Line', 'Status-Line', 'string'),
  field('sip.Status-Code', 'Status-Code', 'uint'),
  field('sip.resend', 'Resent Packet', 'bool'),
  field('sip.response-request', 'Request Frame', 'framenum'),
  field('sip.response-time', 'Response Time (ms)', 'uint'),
  field('sip.msg_hdr', 'Message Header', 'string'),
  ...HEADERS.map((h) => field(`sip.${h}`, h, 'string')),
  ...NUMERIC_HEADERS.map((h) => field(`sip.${h}`, h, 'uint')),
  field('sip.from.display.info', 'SIP from display info', 'string'),
  field('sip.from.addr', 'SIP from address', 'string'),
  field('sip.from.user', 'SIP from address User Part', 'string'),
  field('sip.from.host', 'SIP from address Host Part', 'string'),
  field('sip.from.port', 'SIP from address Host Port', 'uint'),
  field('sip.from.tag', 'SIP from tag', 'string'),
  field('sip.to.display.info', 'SIP to display info', 'string'),
  field('sip.to.addr', 'SIP to address', 'string'),
  field('sip.to.user', 'SIP to address User Part', 'string'),
  field('sip.to.host', 'SIP to address Host Part', 'string'),
  field('sip.to.port', 'SIP to address Host Port', 'uint'),
  field('sip.to.tag', 'SIP to tag', 'string'),
  field('sip.tag', 'SIP tag', 'string'),
  field('sip.display.info', 'SIP Display info', 'string'),
  field('sip.contact.uri', 'Contact URI', 'string'),
  field('sip.contact.user', 'Contact URI User Part', 'string'),
  field('sip.contact.host', 'Contact URI Host Part', 'string'),
  field('sip.contact.port', 'Contact URI Host Port', 'uint'),
  field('sip.CSeq.seq', 'Sequence Number', 'uint'),
  field('sip.CSeq.method', 'Method', 'string'),
  field('sip.Via.transport', 'Transport', 'string'),
  field('sip.Via.sent-by.address', 'Sent-by Address', 'string'),
  field('sip.Via.sent-by.port', 'Sent-by port', 'uint', { bits: 16 }),
  field('sip.Via.branch', 'Branch', 'string'),
  field('sip.Via.rport', 'RPort', 'string'),
  field('sip.Via.received', 'Received', 'string'),
  field('sip.msg_body', 'Message Body', 'none'),
]);

/** A conversation's SIP state: UDP requests by Call-ID and CSeq number, so responses (and the ACK of an INVITE)
 * name their request; and the frame whose Info the messages so far were listed in. */
interface Conversation {
  transactions: Map<string, { frame: number; time: Timestamp }>;
  infoFrame: number;
}

interface Header {
  name: string;
  value: string;
  /** Offsets of the line and of the value within the message. */
  at: number;
  valueAt: number;
  length: number;
}

/** SIP (RFC 3261) over UDP and TCP: start line, headers with their parts, an SDP body; UDP requests and responses paired. */
export const sip: Dissector = {
  name: 'sip',
  yields: ['sip', 'sdp'],
  datagram(data, ctx) {
    message(data, ctx, true);
  },
  stream(data, ctx): PduResult {
    const headerEnd = endOfHeaders(data);
    if (headerEnd < 0) return { more: ONE_MORE_SEGMENT };
    const length = Number(/\r?\n(?:content-length|l)[ \t]*:[ \t]*(\d+)/i.exec(data.latin1(0, headerEnd))?.[1] ?? 0);
    if (data.length < headerEnd + length) return { more: headerEnd + length - data.length };
    message(data.sub(0, headerEnd + length), ctx, false);
    return headerEnd + length;
  },
};

registerPort('udp', 5060, sip);
registerPort('tcp', 5060, sip);

/** Offset just past the blank line ending the headers, or -1. */
function endOfHeaders(data: Bytes): number {
  for (let p = 0; p < data.length;) {
    const lf = data.indexOf(0x0a, p);
    if (lf < 0) return -1;
    if (lf === p || (lf === p + 1 && data.u8(p) === 0x0d)) return lf + 1;
    p = lf + 1;
  }
  return -1;
}

function message(data: Bytes, ctx: PacketContext, overUdp: boolean): void {
  const { tree, columns } = ctx;
  const firstEnd = lineEnd(data, 0);
  const first = data.text(0, firstEnd.end);
  const request = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(first);
  const status = /^SIP\/2\.0 (\d{3})(?: (.*))?$/.exec(first);
  if (!request && !status) return;
  columns.protocol = 'SIP';
  const headerEnd = endOfHeaders(data);
  const bodyStart = headerEnd < 0 ? data.length : headerEnd;
  const headers = parseHeaders(data, firstEnd.next, bodyStart);
  const find = (name: string) => headers.find((h) => canonical(h.name) === name);
  const cseq = /^(\d+)\s+(\S+)/.exec(find('cseq')?.value ?? '');
  const callId = find('call-id')?.value ?? '';

  tree.open('sip', data.abs(0), data.length);
  let info: string;
  if (request) {
    info = `Request: ${request[1]} ${request[2]}`;
    tree.open('sip.Request-Line', data.abs(0), firstEnd.end, undefined, first);
    tree.add('sip.Method', data.abs(0), request[1].length, request[1]);
    uri(data, request[1].length + 1, request[2], 'sip.r-uri', 'sip.r-uri', ctx);
    tree.close();
  } else {
    const code = Number(status![1]);
    info = `Status: ${code} ${status![2] ?? ''}`.trimEnd();
    if (code >= 200 && code < 300 && cseq) info += ` (${cseq[2]})`;
    tree.open('sip.Status-Line', data.abs(0), firstEnd.end, undefined, first);
    tree.add('sip.Status-Code', data.abs(8), 3, code);
    tree.close();
  }
  tree.add('sip.resend', data.abs(0), 0, 0);
  const conversation = ctx.state<Conversation>(() => ({ transactions: new Map(), infoFrame: 0 }));
  if (overUdp && cseq) pair(ctx, conversation, data.abs(0), `${callId} ${cseq[1]}`, request?.[1]);
  if (headers.length) {
    // The field's value runs to the end of the message, as tshark's does; its bytes are the header block.
    const rest = data.text(firstEnd.next, data.length - firstEnd.next);
    tree.open('sip.msg_hdr', data.abs(firstEnd.next), bodyStart - firstEnd.next, 'Message Header', rest);
    for (const h of headers) header(data, h, ctx);
    tree.close();
  }
  const method = request?.[1] ?? cseq?.[2];
  const code = status ? Number(status[1]) : 0;
  if (method === 'REGISTER' && (request || (code >= 200 && code < 300))) info += ` ${bindings(headers)}`;
  if (bodyStart < data.length) {
    tree.open('sip.msg_body', data.abs(bodyStart), data.length - bodyStart, 'Message Body');
    const type = (find('content-type')?.value ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/sdp') {
      columns.protocol = 'SIP/SDP';
      dissectSdp(data.sub(bodyStart), ctx);
    }
    tree.close();
  }
  tree.close();
  // Every message of a frame is listed in its Info, each followed by " | ".
  if (conversation.infoFrame !== ctx.frame) columns.info = '';
  conversation.infoFrame = ctx.frame;
  columns.info += `${info} | `;
}

/** "(n bindings)" for a REGISTER and its success (RFC 3261 §10.2): Contact "*" removes them all, none fetches them. */
function bindings(headers: Header[]): string {
  const contacts = headers
    .filter((h) => canonical(h.name) === 'contact')
    .flatMap((h) =>
      h.value
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    );
  if (contacts.length === 0) return ' (fetch bindings)';
  if (contacts.length === 1 && contacts[0] === '*') return ' (remove all bindings)';
  return ` (${contacts.length} binding${contacts.length === 1 ? '' : 's'})`;
}

/** A response (or the ACK of an INVITE) names the request of its transaction and how long after it came. */
function pair(
  ctx: PacketContext,
  conversation: Conversation,
  at: number,
  key: string,
  requestMethod: string | undefined,
): void {
  const { transactions } = conversation;
  const request = transactions.get(key);
  if (requestMethod && requestMethod !== 'ACK') {
    transactions.set(key, { frame: ctx.frame, time: ctx.time });
    return;
  }
  if (!request) return;
  ctx.tree.add('sip.response-request', at, 0, request.frame);
  ctx.tree.add('sip.response-time', at, 0, Math.floor(elapsedNs(request.time, ctx.time) / 1e6));
}

function canonical(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

function lineEnd(data: Bytes, from: number): { end: number; next: number } {
  const lf = data.indexOf(0x0a, from);
  if (lf < 0) return { end: data.length, next: data.length };
  return { end: lf > from && data.u8(lf - 1) === 0x0d ? lf - 1 : lf, next: lf + 1 };
}

/** Header fields up to `end`, folded lines joined (RFC 3261 §7.3.1). */
function parseHeaders(data: Bytes, from: number, end: number): Header[] {
  const out: Header[] = [];
  for (let p = from; p < end;) {
    let { end: e, next } = lineEnd(data, p);
    if (e === p) break;
    while (next < end && (data.u8(next) === 0x20 || data.u8(next) === 0x09)) ({ end: e, next } = lineEnd(data, next));
    const line = data.text(p, e - p);
    const colon = line.indexOf(':');
    if (colon > 0) {
      const lead = line.slice(colon + 1).length - line.slice(colon + 1).trimStart().length;
      out.push({
        name: line.slice(0, colon).trim(),
        value: line
          .slice(colon + 1)
          .trim()
          .replace(/\r?\n[ \t]+/g, ' '),
        at: p,
        valueAt: p + colon + 1 + lead,
        length: e - p,
      });
    }
    p = next;
  }
  return out;
}

function header(data: Bytes, h: Header, ctx: PacketContext): void {
  const { tree } = ctx;
  const name = canonical(h.name);
  const field = HEADER_FIELD.get(name);
  const lineText = data.text(h.at, h.length);
  if (!field) {
    tree.openText(lineText, data.abs(h.at), h.length);
    tree.close();
    return;
  }
  const numeric = NUMERIC_HEADERS.some((n) => n.toLowerCase() === name);
  if (numeric) {
    if (/^\d+$/.test(h.value)) tree.add(field, data.abs(h.at), h.length, Number(h.value), lineText);
    else (tree.openText(lineText, data.abs(h.at), h.length), tree.close());
    return;
  }
  tree.open(field, data.abs(h.at), h.length, lineText, h.value);
  if (name === 'from' || name === 'to') nameAddr(data, h, name, ctx);
  else if (name === 'contact') contact(data, h, ctx);
  else if (name === 'via') via(data, h, ctx);
  else if (name === 'cseq') {
    const m = /^(\d+)(\s+)(\S+)/.exec(h.value);
    if (m) {
      tree.add('sip.CSeq.seq', data.abs(h.valueAt), m[1].length, Number(m[1]));
      tree.add('sip.CSeq.method', data.abs(h.valueAt + m[1].length + m[2].length), m[3].length, m[3]);
    }
  }
  tree.close();
}

/** The URI inside name-addr ("Name" <uri>;params) or addr-spec form, and where it starts in the value. */
function addrOf(value: string): { uri: string; at: number; display?: string; rest: string } {
  const lt = value.indexOf('<');
  const gt = value.indexOf('>', lt);
  if (lt >= 0 && gt > lt) {
    const display = value.slice(0, lt).trim();
    return { uri: value.slice(lt + 1, gt), at: lt + 1, display: display || undefined, rest: value.slice(gt + 1) };
  }
  const semi = value.indexOf(';');
  return { uri: semi < 0 ? value : value.slice(0, semi), at: 0, rest: semi < 0 ? '' : value.slice(semi) };
}

function nameAddr(data: Bytes, h: Header, which: 'from' | 'to', ctx: PacketContext): void {
  const { tree } = ctx;
  const a = addrOf(h.value);
  if (a.display) {
    tree.add(`sip.${which}.display.info`, data.abs(h.valueAt), a.display.length, a.display);
    tree.add('sip.display.info', data.abs(h.valueAt), a.display.length, a.display);
  }
  uri(data, h.valueAt + a.at, a.uri, `sip.${which}.addr`, `sip.${which}`, ctx);
  const tag = /;tag=([^;\s]+)/i.exec(a.rest);
  if (tag) {
    const at = h.valueAt + h.value.length - a.rest.length + tag.index + 5;
    tree.add(`sip.${which}.tag`, data.abs(at), tag[1].length, tag[1]);
    tree.add('sip.tag', data.abs(at), tag[1].length, tag[1]);
  }
}

function contact(data: Bytes, h: Header, ctx: PacketContext): void {
  if (h.value === '*') return;
  const a = addrOf(h.value);
  uri(data, h.valueAt + a.at, a.uri, 'sip.contact.uri', 'sip.contact', ctx);
}

/** A SIP URI's field with its user, host and port parts (prefix.user, prefix.host, prefix.port). */
function uri(data: Bytes, at: number, text: string, field: string, prefix: string, ctx: PacketContext): void {
  const { tree } = ctx;
  tree.open(field, data.abs(at), text.length, undefined, text);
  const m = /^(sips?|tel):(?:([^@;?]*)@)?(\[[^\]]+\]|[^:;?>]+)(?::(\d+))?/i.exec(text);
  if (m) {
    const scheme = m[1].length + 1;
    if (m[2] !== undefined) tree.add(`${prefix}.user`, data.abs(at + scheme), m[2].length, m[2]);
    const hostAt = scheme + (m[2] !== undefined ? m[2].length + 1 : 0);
    tree.add(`${prefix}.host`, data.abs(at + hostAt), m[3].length, m[3]);
    if (m[4]) tree.add(`${prefix}.port`, data.abs(at + hostAt + m[3].length + 1), m[4].length, Number(m[4]));
  }
  tree.close();
}

function via(data: Bytes, h: Header, ctx: PacketContext): void {
  const { tree } = ctx;
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*(\S+)\s+([^;:\s]+|\[[^\]]+\])(?::(\d+))?/i.exec(h.value);
  if (!m) return;
  const transportAt = h.value.indexOf(m[1], 7);
  tree.add('sip.Via.transport', data.abs(h.valueAt + transportAt), m[1].length, m[1]);
  const hostAt = h.value.indexOf(m[2], transportAt + m[1].length);
  tree.add('sip.Via.sent-by.address', data.abs(h.valueAt + hostAt), m[2].length, m[2]);
  if (m[3]) tree.add('sip.Via.sent-by.port', data.abs(h.valueAt + hostAt + m[2].length + 1), m[3].length, Number(m[3]));
  for (const param of h.value.slice(m[0].length).matchAll(/;\s*([^=;\s]+)(?:=([^;\s]*))?/g)) {
    const key = param[1].toLowerCase();
    const at = h.valueAt + m[0].length + param.index! + param[0].indexOf(param[1]);
    if (key === 'branch' && param[2]) tree.add('sip.Via.branch', data.abs(at + 7), param[2].length, param[2]);
    else if (key === 'rport') tree.add('sip.Via.rport', data.abs(at), param[0].length - 1, param[2] ?? param[1]);
    else if (key === 'received' && param[2]) tree.add('sip.Via.received', data.abs(at + 9), param[2].length, param[2]);
  }
}
