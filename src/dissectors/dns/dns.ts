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
import { ipv4, ipv6 } from '../../fields/format';
import type { TreeBuilder } from '../tree';
import { relativeTime, words } from '../format';
import { readName } from './names';
import { dnssecData, optionsData } from './dnssec';
import './fields';
import { DNS_CLASSES, DNS_OPCODES, DNS_RCODES, DNS_TYPES } from './fields';

/** Queries seen in a conversation by transaction id, so a response names its request and its delay. */
type Pending = Map<number, { frame: number; time: Timestamp }>;

const SECTIONS = ['Answers', 'Authoritative nameservers', 'Additional records'] as const;

/**
 * The protocols that carry DNS messages: DNS itself, mDNS (RFC 6762: the class's top bit is "unicast response"
 * in questions and "cache flush" in records) and LLMNR (RFC 4795: flags C and T where DNS has AA and RD).
 */
export interface DnsVariant {
  /** Filter name of the protocol item (the fields inside stay dns.*). */
  name: 'dns' | 'mdns' | 'llmnr';
  column: string;
}

const DNS: DnsVariant = { name: 'dns', column: 'DNS' };
export const MDNS: DnsVariant = { name: 'mdns', column: 'MDNS' };
export const LLMNR: DnsVariant = { name: 'llmnr', column: 'LLMNR' };

/** A DNS-message dissector over UDP and TCP (a 2-byte length before each message, RFC 7766). */
export function dnsDissector(variant: DnsVariant): Dissector {
  return {
    name: variant.name,
    yields: variant.name === 'dns' ? ['dns'] : [variant.name, 'dns'],
    datagram(data, ctx) {
      message(data, ctx, false, variant);
    },
    stream(data, ctx): PduResult {
      if (data.length < 2) return { more: ONE_MORE_SEGMENT };
      const length = data.u16(0);
      if (data.length < 2 + length) return { more: 2 + length - data.length };
      message(data.sub(0, 2 + length), ctx, true, variant);
      return 2 + length;
    },
  };
}

/** DNS (RFC 1035, 3596, 2782, 6891). */
export const dns = dnsDissector(DNS);

registerPort('udp', 53, dns);
registerPort('tcp', 53, dns);

function message(pdu: Bytes, ctx: PacketContext, overTcp: boolean, variant: DnsVariant): void {
  const { tree, columns } = ctx;
  const mdns = variant === MDNS;
  columns.protocol = variant.column;
  columns.info = '';
  tree.open(variant.name, pdu.abs(0), pdu.length);
  if (overTcp) tree.add('dns.length', pdu.abs(0), 2, pdu.u16(0));
  const msg = overTcp ? pdu.sub(2) : pdu;
  const id = msg.u16(0);
  const flags = msg.u16(2);
  const response = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  tree.add('dns.id', msg.abs(0), 2, id);
  // Registered before the records are read: a query cut short still pairs with its response.
  const pending = ctx.state<Pending>(() => new Map());
  const query = response ? pending.get(id) : undefined;
  if (!response) pending.set(id, { frame: ctx.frame, time: ctx.time });
  flagsTree(tree, msg, flags, response, variant === LLMNR);
  const counts = [msg.u16(4), msg.u16(6), msg.u16(8), msg.u16(10)];
  ['dns.count.queries', 'dns.count.answers', 'dns.count.auth_rr', 'dns.count.add_rr'].forEach((name, i) =>
    tree.add(name, msg.abs(4 + 2 * i), 2, counts[i]),
  );

  let info = `${DNS_OPCODES[opcode] ?? `Unknown operation (${opcode})`}${response ? ' response' : ''} 0x${hex4(id)}`;
  if (response && rcode !== 0) info += ` ${DNS_RCODES[rcode] ?? `Unknown error (${rcode})`}`;
  columns.info = info;
  let p = 12;
  if (counts[0] > 0) {
    tree.openText('Queries', msg.abs(p), 0);
    for (let i = 0; i < counts[0]; i++) {
      const name = readName(msg, p);
      const type = msg.u16(p + name.length);
      const cls = msg.u16(p + name.length + 2);
      const size = name.length + 4;
      const unicast = mdns ? (cls & 0x8000 ? '"QU" question' : '"QM" question') : '';
      tree.openText(
        `${name.text}: type ${typeName(type)}, class ${className(cls, mdns)}${unicast && `, ${unicast}`}`,
        msg.abs(p),
        size,
      );
      tree.add('dns.qry.name', msg.abs(p), name.length, name.text);
      tree.add('dns.qry.name.len', msg.abs(p), name.length, name.text === '<Root>' ? 6 : name.text.length);
      tree.add('dns.count.labels', msg.abs(p), name.length, name.labels);
      tree.add('dns.qry.type', msg.abs(p + name.length), 2, type);
      tree.add('dns.qry.class', msg.abs(p + name.length + 2), 2, mdns ? cls & 0x7fff : cls);
      if (mdns) tree.add('dns.qry.qu', msg.abs(p + name.length + 2), 2, cls >> 15);
      tree.close();
      info += ` ${typeName(type)} ${name.text}${unicast && `, ${unicast}`}`;
      columns.info = info;
      p += size;
    }
    tree.close();
  }
  for (let s = 0; s < 3; s++) {
    if (counts[s + 1] === 0) continue;
    tree.openText(SECTIONS[s], msg.abs(p), 0);
    for (let i = 0; i < counts[s + 1]; i++) {
      const rr = record(tree, msg, p, mdns);
      info += ` ${rr.summary}`;
      columns.info = info;
      p = rr.end;
    }
    tree.close();
  }
  // After the records, as tshark adds it: a response cut short never gets it.
  if (query) {
    tree.add('dns.response_to', 0, 0, query.frame);
    const delay = elapsedNs(query.time, ctx.time);
    tree.add('dns.time', 0, 0, delay, `Time: ${relativeTime(delay)} seconds`);
  }
  tree.close();
}

function flagsTree(tree: TreeBuilder, msg: Bytes, flags: number, response: boolean, llmnr: boolean): void {
  tree.open('dns.flags', msg.abs(2), 2, undefined, flags);
  const bit = (name: string, mask: number) => tree.add(name, msg.abs(2), 2, flags & mask ? 1 : 0);
  bit('dns.flags.response', 0x8000);
  tree.add('dns.flags.opcode', msg.abs(2), 2, (flags >> 11) & 0xf);
  if (llmnr) {
    bit('dns.flags.conflict', 0x0400);
    bit('dns.flags.truncated', 0x0200);
    bit('dns.flags.tentative', 0x0100);
    if (response) tree.add('dns.flags.rcode', msg.abs(2), 2, flags & 0xf);
    tree.close();
    return;
  }
  if (response) bit('dns.flags.authoritative', 0x0400);
  bit('dns.flags.truncated', 0x0200);
  bit('dns.flags.recdesired', 0x0100);
  if (response) bit('dns.flags.recavail', 0x0080);
  bit('dns.flags.z', 0x0040);
  if (response) bit('dns.flags.authenticated', 0x0020);
  // A query's AD bit (RFC 6840 §5.7) asks for it; tshark shows it only when set.
  else if (flags & 0x0020) tree.add('dns.flags.authenticated', msg.abs(2), 2, 1, 'AD bit: Set');
  bit('dns.flags.checkdisable', 0x0010);
  if (response) tree.add('dns.flags.rcode', msg.abs(2), 2, flags & 0xf);
  tree.close();
}

/** One resource record: its subtree, its Info summary ("A 192.0.2.1") and where the next one starts. */
function record(tree: TreeBuilder, msg: Bytes, p: number, mdns: boolean): { summary: string; end: number } {
  const name = readName(msg, p);
  const q = p + name.length;
  const type = msg.u16(q);
  const cls = msg.u16(q + 2);
  const ttl = msg.u32(q + 4);
  const length = msg.u16(q + 8);
  const rdata = q + 10;
  msg.bytes(rdata, length);
  const item = tree.openText('', msg.abs(p), rdata + length - p);
  if (type === 41) {
    tree.add('dns.resp.name', msg.abs(p), name.length, name.text);
    tree.add('dns.resp.type', msg.abs(q), 2, type);
    tree.add('dns.rr.udp_payload_size', msg.abs(q + 2), 2, cls);
    tree.add('dns.resp.ext_rcode', msg.abs(q + 4), 1, ttl >>> 24);
    tree.add('dns.resp.edns0_version', msg.abs(q + 5), 1, (ttl >>> 16) & 0xff);
    tree.open('dns.resp.z', msg.abs(q + 6), 2, undefined, ttl & 0xffff);
    tree.add('dns.resp.z.do', msg.abs(q + 6), 2, (ttl >> 15) & 1);
    tree.add('dns.resp.z.reserved', msg.abs(q + 6), 2, ttl & 0x7fff);
    tree.close();
    tree.add('dns.resp.len', msg.abs(q + 8), 2, length);
    optionsData(tree, msg, rdata, length);
    item.text = `${name.text}: type OPT`;
    tree.close();
    return { summary: 'OPT', end: rdata + length };
  }
  const owner = type === 33 ? serviceName(name.text) : undefined;
  if (owner) {
    // SRV owners are "_service._proto.name" (RFC 2782): tshark shows the three parts instead of the name.
    tree.add('dns.srv.service', msg.abs(p), name.length, owner.service);
    tree.add('dns.srv.proto', msg.abs(p), name.length, owner.proto);
    tree.add('dns.srv.name', msg.abs(p), name.length, owner.name);
  } else {
    tree.add('dns.resp.name', msg.abs(p), name.length, name.text);
  }
  tree.add('dns.resp.type', msg.abs(q), 2, type);
  tree.add('dns.resp.class', msg.abs(q + 2), 2, mdns ? cls & 0x7fff : cls);
  const flush = mdns && (cls & 0x8000) !== 0;
  if (mdns) tree.add('dns.resp.cache_flush', msg.abs(q + 2), 2, cls >> 15);
  tree.add('dns.resp.ttl', msg.abs(q + 4), 4, ttl);
  tree.add('dns.resp.len', msg.abs(q + 8), 2, length);
  const data = dnssecData(tree, msg, type, rdata, length) ? undefined : rdataFields(tree, msg, type, rdata, length);
  item.text = `${name.text}: type ${typeName(type)}, class ${className(cls, mdns)}${flush ? ', cache flush' : ''}${data ? `, ${data.tree}` : ''}`;
  tree.close();
  const head = `${typeName(type)}${flush ? ', cache flush' : ''}`;
  return { summary: data?.info ? `${head} ${data.info}` : head, end: rdata + length };
}

/** The typed fields of common record data; returns its tree and Info texts. */
function rdataFields(
  tree: TreeBuilder,
  msg: Bytes,
  type: number,
  at: number,
  length: number,
): { tree: string; info: string } | undefined {
  const nameField = (field: string, label: string) => {
    const n = readName(msg, at);
    tree.add(field, msg.abs(at), n.length, n.text);
    return { tree: `${label} ${n.text}`, info: n.text };
  };
  switch (type) {
    case 1: {
      if (length !== 4) break;
      const a = msg.u32(at);
      tree.add('dns.a', msg.abs(at), 4, a);
      return { tree: `addr ${ipv4(a)}`, info: ipv4(a) };
    }
    case 28: {
      if (length !== 16) break;
      const a = msg.bytes(at, 16);
      tree.add('dns.aaaa', msg.abs(at), 16, a);
      const text = ipv6(words(a));
      return { tree: `addr ${text}`, info: text };
    }
    case 5:
      return nameField('dns.cname', 'cname');
    case 2:
      return nameField('dns.ns', 'ns');
    case 12:
      return nameField('dns.ptr.domain_name', 'ptr');
    case 15: {
      const preference = msg.u16(at);
      tree.add('dns.mx.preference', msg.abs(at), 2, preference);
      const n = readName(msg, at + 2);
      tree.add('dns.mx.mail_exchange', msg.abs(at + 2), n.length, n.text);
      return { tree: `preference ${preference}, mx ${n.text}`, info: `${preference} ${n.text}` };
    }
    case 16: {
      for (let p = at; p < at + length;) {
        const n = msg.u8(p);
        tree.add('dns.txt.length', msg.abs(p), 1, n);
        tree.add('dns.txt', msg.abs(p + 1), n, msg.text(p + 1, n));
        p += 1 + n;
      }
      return { tree: '', info: '' };
    }
    case 6: {
      const m = readName(msg, at);
      const r = readName(msg, at + m.length);
      tree.add('dns.soa.mname', msg.abs(at), m.length, m.text);
      tree.add('dns.soa.rname', msg.abs(at + m.length), r.length, r.text);
      const q = at + m.length + r.length;
      [
        'dns.soa.serial_number',
        'dns.soa.refresh_interval',
        'dns.soa.retry_interval',
        'dns.soa.expire_limit',
        'dns.soa.minimum_ttl',
      ].forEach((field, i) => tree.add(field, msg.abs(q + 4 * i), 4, msg.u32(q + 4 * i)));
      return { tree: `mname ${m.text}`, info: m.text };
    }
    case 33: {
      const [priority, weight, port] = [msg.u16(at), msg.u16(at + 2), msg.u16(at + 4)];
      const n = readName(msg, at + 6);
      tree.add('dns.srv.priority', msg.abs(at), 2, priority);
      tree.add('dns.srv.weight', msg.abs(at + 2), 2, weight);
      tree.add('dns.srv.port', msg.abs(at + 4), 2, port);
      tree.add('dns.srv.target', msg.abs(at + 6), n.length, n.text);
      return {
        tree: `priority ${priority}, weight ${weight}, port ${port}, target ${n.text}`,
        info: `${priority} ${weight} ${port} ${n.text}`,
      };
    }
  }
  if (length > 0) tree.add('dns.data', msg.abs(at), length);
  return undefined;
}

/** The class's name; mDNS's top bit is a flag, not part of the class. */
function className(cls: number, mdns: boolean): string {
  const value = mdns ? cls & 0x7fff : cls;
  return DNS_CLASSES[value & 0x7fff] ?? hex(value);
}

/** An SRV owner's service, protocol and domain (the first two labels and the rest), if it has three parts. */
function serviceName(text: string): { service: string; proto: string; name: string } | undefined {
  const first = text.indexOf('.');
  const second = text.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || second === text.length - 1) return undefined;
  return { service: text.slice(0, first), proto: text.slice(first + 1, second), name: text.slice(second + 1) };
}

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}

function hex(v: number): string {
  return `0x${hex4(v)}`;
}

function typeName(type: number): string {
  return DNS_TYPES[type] ?? `Unknown (${type})`;
}
