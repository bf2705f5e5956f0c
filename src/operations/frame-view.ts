import { RECORD_WORDS } from '../core/core';
import { fieldById, fieldId } from '../fields/registry';
import { ipv4, ipv6 } from '../fields/format';
import type { DissectedFrame } from '../passes/dissect-frames';
import type { FieldItem } from '../dissectors/tree';

/** What the operations engine needs of one frame: when, between whom, over which conversation, and its PDUs. */
export interface FrameView {
  number: number;
  sec: number;
  nsec: number;
  src: string;
  dst: string;
  /** The transport the application rode on ('' for none, e.g. ICMP). */
  transport: 'tcp' | 'udp' | '';
  srcPort: number;
  dstPort: number;
  /** tcp.stream or udp.stream. */
  stream: number;
  /** ICMP or ICMPv6 echo: type (8/0, 128/129), identifier and sequence number. */
  echo?: { v6: boolean; type: number; ident: number; seq: number };
  /** The application PDUs of the protocols we pair, in order. */
  pdus: Pdu[];
}

/** One application PDU: its protocol and the items under it (nested ones included), in tree order. */
export interface Pdu {
  protocol: string;
  /** The protocol's own item (its bytes are the PDU's). */
  head: FieldItem;
  items: FieldItem[];
}

const id = (name: string) => fieldId(name)!;
const [TIME_EPOCH, IP_SRC, IP_DST, IPV6_SRC, IPV6_DST] = [
  'frame.time_epoch',
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
].map(id);
const [TCP, UDP, ICMP, ICMPV6] = ['tcp', 'udp', 'icmp', 'icmpv6'].map(id);
const [TCP_SRCPORT, TCP_DSTPORT, TCP_STREAM, UDP_SRCPORT, UDP_DSTPORT, UDP_STREAM] = [
  'tcp.srcport',
  'tcp.dstport',
  'tcp.stream',
  'udp.srcport',
  'udp.dstport',
  'udp.stream',
].map(id);
const [ICMP_TYPE, ICMP_IDENT, ICMP_SEQ, ICMPV6_TYPE, ICMPV6_IDENT, ICMPV6_SEQ] = [
  'icmp.type',
  'icmp.ident',
  'icmp.seq',
  'icmpv6.type',
  'icmpv6.echo.identifier',
  'icmpv6.echo.sequence_number',
].map(id);

/** The core fields frameView reads (a pass may have the core emit no others: IngestOptions.keepFields). */
export const FRAME_VIEW_FIELDS: readonly number[] = [
  TIME_EPOCH,
  IP_SRC,
  IP_DST,
  IPV6_SRC,
  IPV6_DST,
  TCP_SRCPORT,
  TCP_DSTPORT,
  TCP_STREAM,
  UDP_SRCPORT,
  UDP_DSTPORT,
  UDP_STREAM,
  ICMP_TYPE,
  ICMP_IDENT,
  ICMP_SEQ,
  ICMPV6_TYPE,
  ICMPV6_IDENT,
  ICMPV6_SEQ,
];

/**
 * The application protocols whose PDUs are read, by their protocol item's id: looked up on first use, since the
 * dissectors register their fields as their modules load, which may come after this one's.
 */
let protocols: Map<number, string> | undefined;
const protocolsById = () =>
  (protocols ??= new Map(['dns', 'http', 'http2', 'ftp', 'smtp', 'smb2', 'msnms', 'dhcp'].map((p) => [id(p), p])));

/** Reads a dissected frame: its core records once (up to an ICMP error's quoted packet), then its items. */
export function frameView(frame: DissectedFrame): FrameView {
  const { records, start, end } = frame.input;
  const view: FrameView = {
    number: frame.number,
    sec: 0,
    nsec: 0,
    src: '',
    dst: '',
    transport: '',
    srcPort: 0,
    dstPort: 0,
    stream: 0,
    pdus: [],
  };
  let icmp: { v6: boolean; type: number; ident?: number; seq?: number } | undefined;
  for (let at = start; at < end; at += RECORD_WORDS) {
    const field = records[at];
    const depth = records[at + 1] & 0xff;
    const value = records[at + 4];
    // An ICMP message's own fields are read; the packet an error quotes is no traffic of this frame.
    if (depth === 0) {
      if (icmp) break;
      if (field === TCP) view.transport = 'tcp';
      else if (field === UDP) view.transport = 'udp';
      else if (field === ICMP || field === ICMPV6) icmp = { v6: field === ICMPV6, type: -1 };
      continue;
    }
    if (depth !== 1) continue;
    if (field === TIME_EPOCH) {
      view.sec = (records[at + 5] | 0) * 2 ** 32 + value;
      view.nsec = records[at + 6] | 0;
    } else if (field === IP_SRC) view.src = ipv4(value);
    else if (field === IP_DST) view.dst = ipv4(value);
    else if (field === IPV6_SRC) view.src = ipv6([value, records[at + 5], records[at + 6], records[at + 7]]);
    else if (field === IPV6_DST) view.dst = ipv6([value, records[at + 5], records[at + 6], records[at + 7]]);
    else if (field === TCP_SRCPORT || field === UDP_SRCPORT) view.srcPort = value;
    else if (field === TCP_DSTPORT || field === UDP_DSTPORT) view.dstPort = value;
    else if (field === TCP_STREAM || field === UDP_STREAM) view.stream = value;
    else if (icmp && (field === ICMP_TYPE || field === ICMPV6_TYPE)) icmp.type = value;
    else if (icmp && (field === ICMP_IDENT || field === ICMPV6_IDENT)) icmp.ident = value;
    else if (icmp && (field === ICMP_SEQ || field === ICMPV6_SEQ)) icmp.seq = value;
  }
  if (icmp && icmp.ident !== undefined && icmp.seq !== undefined)
    view.echo = { v6: icmp.v6, type: icmp.type, ident: icmp.ident, seq: icmp.seq };
  let pdu: Pdu | undefined;
  for (const item of frame.app.items) {
    const protocol = protocolsById().get(item.id);
    if (protocol !== undefined) {
      pdu = { protocol, head: item, items: [] };
      view.pdus.push(pdu);
    } else if (pdu && item.depth > pdu.head.depth) pdu.items.push(item);
    else pdu = undefined;
  }
  return view;
}

/**
 * Whether frameView could find anything to pair in the frame: a PDU of a protocol read here or an ICMP header.
 * Cheaper than the view (no strings): most frames of a capture have neither.
 */
export function mayHoldMessages(frame: DissectedFrame): boolean {
  const { records, start, end } = frame.input;
  for (let at = start; at < end; at += RECORD_WORDS) {
    if ((records[at] === ICMP || records[at] === ICMPV6) && (records[at + 1] & 0xff) === 0) return true;
  }
  const byId = protocolsById();
  for (const item of frame.app.items) if (byId.has(item.id)) return true;
  return false;
}

/** The items of a PDU by field name. */
export class PduFields {
  constructor(readonly pdu: Pdu) {}

  all(name: string): FieldItem[] {
    const wanted = fieldId(name);
    return this.pdu.items.filter((i) => i.id === wanted);
  }

  first(name: string): FieldItem | undefined {
    const wanted = fieldId(name);
    return this.pdu.items.find((i) => i.id === wanted);
  }

  number(name: string): number | undefined {
    const v = this.first(name)?.value;
    return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
  }

  text(name: string): string | undefined {
    const v = this.first(name)?.value;
    return v === undefined || v instanceof Uint8Array ? undefined : String(v);
  }

  /** The PDU's own bytes as text (latin-1: only line structure and ASCII codes matter here). */
  bytesText(): string {
    const { data, start, length } = this.pdu.head;
    let s = '';
    for (let i = start; i < Math.min(data.length, start + length); i++) s += String.fromCharCode(data[i]);
    return s;
  }
}

/** A field value's name in the registry ("A", "NXDOMAIN"...), if it has one. */
export function valueName(field: string, value: number): string | undefined {
  return fieldById(fieldId(field)!)?.values?.[value];
}

/** "a:port", with IPv6 addresses in brackets; the bare address when there is no port. */
export function endpoint(address: string, port: number): string {
  if (!port) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
