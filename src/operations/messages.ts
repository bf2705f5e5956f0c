import type { FrameView, Pdu } from './frame-view';
import { endpoint, PduFields, valueName } from './frame-view';
import type { OperationKind, OperationSeverity } from './types';

/** A request or response found in a frame, ready to be paired. */
export type Message = Request | Response;

export interface Request {
  role: 'request';
  kind: OperationKind;
  /** Requests and responses pair when their keys agree (the conversation and, where there is one, the ID). */
  key: string;
  /**
   * Matched by an identifier (DNS, SMB2...): a request repeating a key still waiting is a retransmission of it.
   * Otherwise responses answer requests in order (HTTP/1.x, FTP, SMTP).
   */
  byId: boolean;
  summary: string;
  /** A request that expects no answer (DHCP RELEASE, an MSNP message sent unacknowledged). */
  oneWay?: boolean;
  /** SMTP message data: moves the message's pending request to this frame, where the message ends. */
  continues?: boolean;
}

export interface Response {
  role: 'response';
  kind: OperationKind;
  key: string;
  status: string;
  severity: OperationSeverity;
}

/** Per-connection memory the line protocols need (multi-line replies, SMTP's DATA mode, MSNP's client side). */
interface LineState {
  /** A multi-line reply ("250-...") whose last line ("250 ...") has not come yet. */
  replyOpen?: boolean;
  /** SMTP: the server said 354, what the client sends now is message data. */
  inData?: boolean;
  /** MSNP: the client's address and port (it speaks first). */
  client?: string;
}

const DNS_RCODE_TEXT: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};
const DNS_FAILURES = new Set([2, 3, 5]);

/** DHCP message types (RFC 2132 §9.6) that ask, and those that answer. */
const DHCP_TYPES: Record<number, string> = {
  1: 'DISCOVER',
  2: 'OFFER',
  3: 'REQUEST',
  4: 'DECLINE',
  5: 'ACK',
  6: 'NAK',
  7: 'RELEASE',
  8: 'INFORM',
};
const DHCP_ONE_WAY = new Set([4, 7]);

const STATUS_PENDING = 0x103;
/** NTSTATUS severity (MS-ERREF 2.3): the top two bits 11 are errors; "more processing required" is an SPNEGO round. */
const STATUS_MORE_PROCESSING_REQUIRED = 0xc0000016;

/** Reads the requests and responses of each frame, remembering what the line protocols need across frames. */
export class MessageReader {
  private readonly lines = new Map<string, LineState>();

  read(frame: FrameView): Message[] {
    const out: Message[] = [];
    if (frame.echo) this.echo(frame, out);
    for (const pdu of frame.pdus) {
      const fields = new PduFields(pdu);
      if (pdu.protocol === 'dns') this.dns(frame, fields, out);
      else if (pdu.protocol === 'http') this.http(frame, fields, out);
      else if (pdu.protocol === 'http2') this.http2(frame, fields, out);
      else if (pdu.protocol === 'ftp') this.ftp(frame, fields, out);
      else if (pdu.protocol === 'smtp') this.smtp(frame, fields, out);
      else if (pdu.protocol === 'smb2') this.smb2(frame, fields, out);
      else if (pdu.protocol === 'msnms') this.msnp(frame, pdu, out);
      else if (pdu.protocol === 'dhcp') this.dhcp(fields, out);
    }
    return out;
  }

  private conversation(frame: FrameView): string {
    return `${frame.transport}${frame.stream}`;
  }

  private line(frame: FrameView): LineState {
    const key = this.conversation(frame);
    let state = this.lines.get(key);
    if (!state) this.lines.set(key, (state = {}));
    return state;
  }

  /** ICMP echo: a reply answers the request with its identifier and sequence number, between the same hosts. */
  private echo(frame: FrameView, out: Message[]): void {
    const { v6, type, ident, seq } = frame.echo!;
    const request = v6 ? type === 128 : type === 8;
    const reply = v6 ? type === 129 : type === 0;
    if (!request && !reply) return;
    const [from, to] = request ? [frame.src, frame.dst] : [frame.dst, frame.src];
    const key = `${from}>${to}:${ident}:${seq}`;
    if (request)
      out.push({ role: 'request', kind: 'icmp', key, byId: true, summary: `Echo request id=${ident}, seq=${seq}` });
    else out.push({ role: 'response', kind: 'icmp', key, status: 'Echo reply', severity: 'ok' });
  }

  /** DNS: by transaction ID within the conversation (the query name must agree too). */
  private dns(frame: FrameView, f: PduFields, out: Message[]): void {
    const id = f.number('dns.id');
    if (id === undefined) return;
    const name = f.text('dns.qry.name') ?? '';
    const key = `${this.conversation(frame)}:${id}:${name.toLowerCase()}`;
    if (!f.number('dns.flags.response')) {
      const type = f.number('dns.qry.type');
      const typeName = type === undefined ? '' : (valueName('dns.qry.type', type) ?? `TYPE${type}`);
      out.push({ role: 'request', kind: 'dns', key, byId: true, summary: `${typeName} ${name}`.trim() });
      return;
    }
    const rcode = f.number('dns.flags.rcode') ?? 0;
    const answers = f.number('dns.count.answers') ?? 0;
    const code = DNS_RCODE_TEXT[rcode] ?? `RCODE${rcode}`;
    out.push({
      role: 'response',
      kind: 'dns',
      key,
      status: rcode === 0 ? `${code}, ${answers} answer${answers === 1 ? '' : 's'}` : code,
      severity: DNS_FAILURES.has(rcode) ? 'failed' : 'ok',
    });
  }

  /** HTTP/1.x: responses answer a connection's requests in order; 1xx responses are interim. */
  private http(frame: FrameView, f: PduFields, out: Message[]): void {
    const key = this.conversation(frame);
    const method = f.text('http.request.method');
    if (method !== undefined) {
      const summary = `${method} ${f.text('http.request.uri') ?? ''}`.trim();
      out.push({ role: 'request', kind: 'http', key, byId: false, summary });
      return;
    }
    const code = f.number('http.response.code');
    if (code === undefined || (code >= 100 && code < 200)) return;
    const phrase = f.text('http.response.phrase') ?? '';
    out.push({ role: 'response', kind: 'http', key, status: `${code} ${phrase}`.trim(), severity: httpSeverity(code) });
  }

  /** HTTP/2: each stream is one exchange; the request's :method and :path, the response's :status. */
  private http2(frame: FrameView, f: PduFields, out: Message[]): void {
    const stream = f.number('http2.streamid');
    if (!stream) return;
    const headers = new Map<string, string>();
    const names = f.all('http2.header.name');
    const values = f.all('http2.header.value');
    names.forEach((n, i) => headers.set(String(n.value), String(values[i]?.value ?? '')));
    const key = `${this.conversation(frame)}/${stream}`;
    const method = headers.get(':method');
    if (method !== undefined) {
      const summary = `${method} ${headers.get(':path') ?? ''}`;
      out.push({ role: 'request', kind: 'http2', key, byId: true, summary });
      return;
    }
    const status = Number(headers.get(':status'));
    if (!headers.has(':status') || (status >= 100 && status < 200)) return;
    out.push({ role: 'response', kind: 'http2', key, status: String(status), severity: httpSeverity(status) });
  }

  /** FTP (RFC 959 §4.2): replies answer commands in order; 1yz replies are preliminary. */
  private ftp(frame: FrameView, f: PduFields, out: Message[]): void {
    const key = this.conversation(frame);
    const command = f.text('ftp.request.command');
    if (command !== undefined) {
      const arg = f.text('ftp.request.arg');
      const summary = command.toUpperCase() === 'PASS' ? 'PASS ****' : `${command} ${arg ?? ''}`.trim();
      out.push({ role: 'request', kind: 'ftp', key, byId: false, summary });
      return;
    }
    const code = f.number('ftp.response.code');
    if (code === undefined) return;
    this.reply(frame, f, 'ftp', code, f.text('ftp.response.arg') ?? '', out);
  }

  /** SMTP (RFC 5321): replies answer commands in order; after a 354 the client's lines are the message. */
  private smtp(frame: FrameView, f: PduFields, out: Message[]): void {
    const key = this.conversation(frame);
    const state = this.line(frame);
    const commands = f.all('smtp.req.command');
    const parameters = f.all('smtp.req.parameter');
    if (commands.length) {
      // Pipelined commands (RFC 2920) each get their reply.
      for (const command of commands) {
        const parameter = parameters.find((p) => p.start > command.start && p.start <= command.start + 64);
        const summary = `${command.value} ${parameter?.value ?? ''}`.trim();
        out.push({ role: 'request', kind: 'smtp', key, byId: false, summary });
      }
      return;
    }
    // A client's lines that are no command: message data after a 354, else a command the dissector did not know.
    if (!f.first('smtp.rsp')) {
      if (state.inData)
        out.push({ role: 'request', kind: 'smtp', key, byId: false, summary: 'Message data', continues: true });
      else {
        const text = f.bytesText().split(/\r?\n/)[0].slice(0, 80);
        out.push({ role: 'request', kind: 'smtp', key, byId: false, summary: text });
      }
      return;
    }
    const code = f.number('smtp.response.code');
    if (code !== undefined) {
      state.inData = false;
      this.reply(frame, f, 'smtp', code, f.text('smtp.rsp.parameter') ?? '', out);
      if (code === 354) state.inData = true;
    } else if (state.replyOpen && /^\d{3} /m.test(f.bytesText())) state.replyOpen = false;
  }

  /** An FTP or SMTP reply: one per reply, however many lines and frames it spans. */
  private reply(frame: FrameView, f: PduFields, kind: 'ftp' | 'smtp', code: number, text: string, out: Message[]) {
    const state = this.line(frame);
    const open = state.replyOpen;
    // The reply is complete once a line has its code followed by a space (or nothing): RFC 959 §4.2, 5321 §4.2.1.
    state.replyOpen = !/(^|\n)\d{3}( |\r?\n|$)/.test(f.bytesText());
    if (open || (code >= 100 && code < 200)) return;
    out.push({
      role: 'response',
      kind,
      key: this.conversation(frame),
      status: `${code} ${text}`.trim(),
      severity: code >= 400 ? 'failed' : 'ok',
    });
  }

  /** SMB2: a response answers the request with its message ID; STATUS_PENDING is an interim response. */
  private smb2(frame: FrameView, f: PduFields, out: Message[]): void {
    const id = f.number('smb2.msg_id');
    const command = f.number('smb2.cmd');
    if (id === undefined || command === undefined) return;
    const key = `${this.conversation(frame)}:${id}`;
    if (!f.number('smb2.flags.response')) {
      const name = valueName('smb2.cmd', command) ?? `0x${command.toString(16)}`;
      const target = f.text('smb2.filename') ?? f.text('smb2.tree') ?? '';
      out.push({ role: 'request', kind: 'smb2', key, byId: true, summary: `${name} ${target}`.trim() });
      return;
    }
    const status = (f.number('smb2.nt_status') ?? 0) >>> 0;
    if (status === STATUS_PENDING) return;
    const failed = status >>> 30 === 3 && status !== STATUS_MORE_PROCESSING_REQUIRED;
    out.push({
      role: 'response',
      kind: 'smb2',
      key,
      status: valueName('smb2.nt_status', status) ?? `0x${status.toString(16).padStart(8, '0')}`,
      severity: failed ? 'failed' : 'ok',
    });
  }

  /**
   * MSNP: the server answers a client command with the same transaction ID (an error as a three-digit code).
   * Only the client (the side that speaks first) asks; the server's own commands answer or notify.
   */
  private msnp(frame: FrameView, pdu: Pdu, out: Message[]): void {
    const state = this.line(frame);
    const from = endpoint(frame.src, frame.srcPort);
    // Each command line is an item of its own (its text), the command's fields under it.
    const commands: { line: string; items: Pdu['items'] }[] = [];
    for (const item of pdu.items) {
      if (item.id === 0 && item.text !== undefined && item.depth === pdu.head.depth + 1)
        commands.push({ line: item.text.trim(), items: [] });
      else commands.at(-1)?.items.push(item);
    }
    for (const { line, items } of commands) {
      const f = new PduFields({ ...pdu, items });
      const trid = f.number('msnms.trid');
      if (trid === undefined || trid === 0) continue;
      state.client ??= from;
      const key = `${this.conversation(frame)}:${trid}`;
      if (from === state.client) {
        // MSG with acknowledgement type U (none) or N (only failures) expects no answer when all goes well.
        const ack = f.text('msnms.ack_type');
        const summary = line.length > 80 ? `${line.slice(0, 79)}…` : line;
        out.push({ role: 'request', kind: 'msnp', key, byId: true, summary, oneWay: ack === 'U' || ack === 'N' });
        continue;
      }
      const error = f.number('msnms.error_code');
      const command = f.text('msnms.command') ?? '';
      out.push({
        role: 'response',
        kind: 'msnp',
        key,
        status: error !== undefined ? `${error} ${f.text('msnms.error') ?? ''}`.trim() : command,
        severity: error !== undefined || command === 'NAK' ? 'failed' : 'ok',
      });
    }
  }

  /** DHCP: a server's reply answers the client's message with the same transaction ID (wherever it is sent). */
  private dhcp(f: PduFields, out: Message[]): void {
    const xid = f.number('dhcp.id');
    const type = f.number('dhcp.option.dhcp');
    const op = f.number('dhcp.type');
    if (xid === undefined || op === undefined) return;
    const key = `${xid}`;
    const name = type === undefined ? 'BOOTP' : (DHCP_TYPES[type] ?? `type ${type}`);
    if (op === 1) {
      const summary = `${name} xid 0x${xid.toString(16).padStart(8, '0')}`;
      out.push({ role: 'request', kind: 'dhcp', key, byId: true, summary, oneWay: DHCP_ONE_WAY.has(type ?? 0) });
    } else if (op === 2)
      out.push({ role: 'response', kind: 'dhcp', key, status: name, severity: type === 6 ? 'failed' : 'ok' });
  }
}

function httpSeverity(code: number): OperationSeverity {
  return code >= 400 ? 'failed' : code >= 300 ? 'redirect' : 'ok';
}
