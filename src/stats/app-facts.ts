import { fieldId } from '../fields/registry';
import type { FieldItem } from '../dissectors/tree';
import { statusText } from '../dissectors/http2/text';

/** One HTTP message as Wireshark's HTTP tap reports it (request, response, or other, e.g. a continuation). */
export interface HttpMessage {
  kind: 'request' | 'response' | 'other';
  method?: string;
  host?: string;
  uri?: string;
  code?: number;
  /** The status code's standard description ("Found" for 302), not the phrase the server sent. */
  description?: string;
}

/** One DNS message as the DNS statistics tree reads it. */
export interface DnsMessage {
  response: boolean;
  opcode: number;
  rcode: number;
  /** The first question's type, class, name length and label count, when it has one. */
  qtype?: number;
  qclass?: number;
  qnameLength?: number;
  labels?: number;
  questions: number;
  answers: number;
  authorities: number;
  additionals: number;
  /** The message's length (its PDU, with TCP's length prefix). */
  size: number;
  /** For a response matched to its query: the time between them, seconds. */
  responseTime?: number;
  /** For a response: the frame of its query, when the capture holds it. */
  responseTo?: number;
}

const id = (name: string) => fieldId(name)!;
const HTTP = id('http');
const [METHOD, HOST, URI, CODE] = [
  id('http.request.method'),
  id('http.host'),
  id('http.request.uri'),
  id('http.response.code'),
];
const DNS_PROTOCOLS = new Set([id('dns'), id('mdns'), id('llmnr')]);
const [RESPONSE, OPCODE, RCODE, QTYPE, QCLASS, QNAME_LEN, LABELS] = [
  id('dns.flags.response'),
  id('dns.flags.opcode'),
  id('dns.flags.rcode'),
  id('dns.qry.type'),
  id('dns.qry.class'),
  id('dns.qry.name.len'),
  id('dns.count.labels'),
];
const [QUERIES, ANSWERS, AUTH, ADD, TIME, RESPONSE_TO] = [
  id('dns.count.queries'),
  id('dns.count.answers'),
  id('dns.count.auth_rr'),
  id('dns.count.add_rr'),
  id('dns.time'),
  id('dns.response_to'),
];

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

/** The HTTP messages of one frame's application items, in order. */
export function httpMessages(items: readonly FieldItem[]): HttpMessage[] {
  const messages: HttpMessage[] = [];
  let current: HttpMessage | undefined;
  for (const item of items) {
    if (item.id === HTTP) messages.push((current = { kind: 'other' }));
    else if (!current) continue;
    else if (item.id === METHOD) {
      current.kind = 'request';
      current.method = text(item.value);
    } else if (item.id === HOST) current.host ??= text(item.value);
    else if (item.id === URI) current.uri ??= text(item.value);
    else if (item.id === CODE) {
      current.kind = 'response';
      current.code = num(item.value);
      current.description = statusText(String(current.code)).slice(4) || undefined;
    }
  }
  return messages;
}

/** The DNS (and mDNS, LLMNR) messages of one frame's application items, in order. */
export function dnsMessages(items: readonly FieldItem[]): DnsMessage[] {
  const messages: DnsMessage[] = [];
  let current: DnsMessage | undefined;
  for (const item of items) {
    if (DNS_PROTOCOLS.has(item.id)) {
      messages.push(
        (current = {
          response: false,
          opcode: 0,
          rcode: 0,
          questions: 0,
          answers: 0,
          authorities: 0,
          additionals: 0,
          size: item.length,
        }),
      );
      continue;
    }
    if (!current) continue;
    const v = item.value;
    if (item.id === RESPONSE) current.response = num(v) !== 0;
    else if (item.id === OPCODE) current.opcode = num(v);
    else if (item.id === RCODE) current.rcode = num(v);
    else if (item.id === QTYPE) current.qtype ??= num(v);
    else if (item.id === QCLASS) current.qclass ??= num(v);
    else if (item.id === QNAME_LEN) current.qnameLength ??= num(v);
    else if (item.id === LABELS) current.labels ??= num(v);
    else if (item.id === QUERIES) current.questions = num(v);
    else if (item.id === ANSWERS) current.answers = num(v);
    else if (item.id === AUTH) current.authorities = num(v);
    else if (item.id === ADD) current.additionals = num(v);
    else if (item.id === TIME) current.responseTime = num(v) / 1e9;
    else if (item.id === RESPONSE_TO) current.responseTo = num(v);
  }
  return messages;
}

/**
 * The application messages the statistics trees count, kept per frame only for the frames that have some (few,
 * next to all frames): frame index → messages.
 */
export class AppFacts {
  readonly http = new Map<number, HttpMessage[]>();
  readonly dns = new Map<number, DnsMessage[]>();

  add(index: number, items: readonly FieldItem[]): void {
    const http = httpMessages(items);
    if (http.length) this.http.set(index, http);
    const dns = dnsMessages(items);
    if (dns.length) this.dns.set(index, dns);
  }
}
