import { ipv4, ipv6 } from '../../fields/format';
import { IP_PROTOCOL_NAMES } from '../../fields/value-names';
import { registerPort, type Dissector, type PacketContext } from '../api';
import { bitLine } from '../bit-line';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { ENGINE_TYPES, FIELD_TYPES, SAMPLING_MODES } from './fields';

interface Template {
  frame: number;
  fields: { type: number; length: number; pen?: number }[];
}

/** What one exporter (UDP conversation) said so far: its templates and sequence numbers, per observation domain. */
interface Exporter {
  templates: Map<string, Template>;
  /** The sequence number each domain's next message should carry, and the frame of its last message. */
  expected: Map<number, number>;
  previous: Map<number, number>;
}

const seconds = (ns: number) => `${(ns / 1e9).toFixed(9)} seconds`;
const hex = (v: number, width: number) => `0x${v.toString(16).padStart(width, '0')}`;
const protocolName = (p: number) => `${IP_PROTOCOL_NAMES[p] ?? 'Unknown'} (${p})`;

/**
 * Cisco NetFlow v5 and v9 (RFC 3954) and IPFIX (RFC 7011) export packets on UDP 2055, 4739 and 9996 (tshark's
 * defaults): v5's fixed records; v9 and IPFIX templates remembered per exporter and observation domain, the data
 * records they describe, sequence numbers checked.
 */
export const cflow: Dissector = {
  name: 'cflow',
  yields: ['cflow'],
  datagram(data, ctx) {
    const version = data.u16(0);
    ctx.columns.protocol = 'CFLOW';
    ctx.tree.open('cflow', data.abs(0), data.length);
    ctx.tree.add('cflow.version', data.abs(0), 2, version);
    const exporter = ctx.state<Exporter>(() => ({ templates: new Map(), expected: new Map(), previous: new Map() }));
    if (version === 5) v5(data, ctx);
    else if (version === 9 || version === 10) templated(data, ctx, exporter, version);
    ctx.tree.close();
  },
};

for (const port of [2055, 4739, 9996]) registerPort('udp', port, cflow);

function timestamp(t: TreeBuilder, p: Bytes, at: number, nsec: number | undefined): void {
  const secs = p.u32(at);
  const ns = BigInt(secs) * 1_000_000_000n + BigInt(nsec ?? 0);
  t.open('cflow.timestamp', p.abs(at), nsec === undefined ? 4 : 8, undefined, ns);
}

function v5(p: Bytes, ctx: PacketContext): void {
  const t = ctx.tree;
  const count = p.u16(2);
  t.add('cflow.count', p.abs(2), 2, count);
  t.add('cflow.sysuptime', p.abs(4), 4, p.u32(4) * 1e6, `SysUptime: ${seconds(p.u32(4) * 1e6)}`);
  timestamp(t, p, 8, p.u32(12));
  t.add('cflow.unix_secs', p.abs(8), 4, p.u32(8));
  t.add('cflow.unix_nsecs', p.abs(12), 4, p.u32(12));
  t.close();
  t.add('cflow.sequence', p.abs(16), 4, p.u32(16));
  const engineType = p.u8(20);
  t.add(
    'cflow.engine_type',
    p.abs(20),
    1,
    engineType,
    `EngineType: ${ENGINE_TYPES[engineType] ?? 'Unknown'} (${engineType})`,
  );
  t.add('cflow.engine_id', p.abs(21), 1, p.u8(21));
  const sampling = p.u16(22);
  const mode = sampling >> 14;
  t.add(
    'cflow.samplingmode',
    p.abs(22),
    2,
    mode,
    `${bitLine(sampling, 0xc000, 16)} = SamplingMode: ${SAMPLING_MODES[mode] ?? 'Unknown'} (${mode})`,
  );
  t.add(
    'cflow.samplerate',
    p.abs(22),
    2,
    sampling & 0x3fff,
    `${bitLine(sampling, 0x3fff, 16)} = SampleRate: ${sampling & 0x3fff}`,
  );
  ctx.columns.info = `total: ${count} (v5) flow${count === 1 ? '' : 's'}`;
  // Records the packet cannot hold are left out, as tshark does (no Malformed).
  for (let i = 0; i < count && 24 + 48 * (i + 1) <= p.length; i++) {
    const r = p.sub(24 + 48 * i, 48);
    t.openText(`pdu ${i + 1}/${count}`, r.abs(0), 48);
    t.add('cflow.srcaddr', r.abs(0), 4, r.u32(0));
    t.add('cflow.dstaddr', r.abs(4), 4, r.u32(4));
    t.add('cflow.nexthop', r.abs(8), 4, r.u32(8));
    t.add('cflow.inputint', r.abs(12), 2, r.u16(12));
    t.add('cflow.outputint', r.abs(14), 2, r.u16(14));
    t.add('cflow.packets', r.abs(16), 4, r.u32(16));
    t.add('cflow.octets', r.abs(20), 4, r.u32(20));
    duration(t, r, 24, r.u32(24), 28, r.u32(28), '');
    t.add('cflow.srcport', r.abs(32), 2, r.u16(32));
    t.add('cflow.dstport', r.abs(34), 2, r.u16(34));
    t.add('cflow.padding', r.abs(36), 1, r.bytes(36, 1));
    t.add('cflow.tcpflags', r.abs(37), 1, r.u8(37), `TCP Flags: ${hex(r.u8(37), 2)}`);
    t.add('cflow.protocol', r.abs(38), 1, r.u8(38), `Protocol: ${protocolName(r.u8(38))}`);
    t.add('cflow.tos', r.abs(39), 1, r.u8(39));
    t.add('cflow.srcas', r.abs(40), 2, r.u16(40));
    t.add('cflow.dstas', r.abs(42), 2, r.u16(42));
    mask(t, r, 'cflow.srcmask', 'SrcMask', 44, r.u32(0));
    mask(t, r, 'cflow.dstmask', 'DstMask', 45, r.u32(4));
    t.add('cflow.padding', r.abs(46), 2, r.bytes(46, 2));
    t.close();
  }
}

function mask(t: TreeBuilder, r: Bytes, field: string, label: string, at: number, address: number): void {
  const bits = r.u8(at);
  const prefix = bits === 0 ? 0 : (address & (~0 << (32 - Math.min(bits, 32)))) >>> 0;
  t.add(field, r.abs(at), 1, bits, `${label}: ${bits} (prefix: ${ipv4(prefix)}/${bits})`);
}

/** "[Duration: ...]" over the flow's first and last switched times (milliseconds of system uptime). */
function duration(
  t: TreeBuilder,
  r: Bytes,
  startAt: number,
  start: number,
  endAt: number,
  end: number,
  note: string,
): void {
  const ns = (end - start) * 1e6;
  t.open('cflow.timedelta', r.abs(Math.min(startAt, endAt)), 0, `[Duration: ${seconds(ns)}${note}]`, ns);
  t.add('cflow.timestart', r.abs(startAt), 4, start * 1e6, `StartTime: ${seconds(start * 1e6)}`);
  t.add('cflow.timeend', r.abs(endAt), 4, end * 1e6, `EndTime: ${seconds(end * 1e6)}`);
  t.close();
}

const SET_NAMES: Record<number, string> = {
  0: 'Data Template (V9)',
  1: 'Options Template(V9)',
  2: 'Data Template (V10 [IPFIX])',
  3: 'Options Template (V10 [IPFIX])',
};

function templated(p: Bytes, ctx: PacketContext, exporter: Exporter, version: number): void {
  const t = ctx.tree;
  const ipfix = version === 10;
  let at: number;
  const headerValue = p.u16(2);
  let sequence: number;
  let domain: number;
  if (ipfix) {
    t.add('cflow.len', p.abs(2), 2, headerValue);
    timestamp(t, p, 4, undefined);
    t.add('cflow.exporttime', p.abs(4), 4, p.u32(4));
    t.close();
    sequence = p.u32(8);
    domain = p.u32(12);
    at = 16;
  } else {
    t.add('cflow.count', p.abs(2), 2, headerValue);
    t.add('cflow.sysuptime', p.abs(4), 4, p.u32(4) * 1e6, `SysUptime: ${seconds(p.u32(4) * 1e6)}`);
    timestamp(t, p, 8, undefined);
    t.add('cflow.unix_secs', p.abs(8), 4, p.u32(8));
    t.close();
    sequence = p.u32(12);
    domain = p.u32(16);
    at = 20;
  }
  const expected = exporter.expected.get(domain);
  const seqAt = ipfix ? 8 : 12;
  if (expected !== undefined && expected !== sequence) {
    t.open('cflow.sequence', p.abs(seqAt), 4, `FlowSequence: ${sequence} (expected ${expected})`, sequence);
    const message = `Unexpected flow sequence for domain ID ${domain} (expected ${expected}, got ${sequence})`;
    t.open('_ws.expert', p.abs(seqAt), 4, `[Expert Info (Warning/Sequence): ${message}]`, message);
    t.add('cflow.unexpected_sequence_number', p.abs(seqAt), 4, undefined, `[${message}]`);
    for (const line of ['[Severity level: Warning]', '[Group: Sequence]']) {
      t.openText(line, p.abs(seqAt), 0);
      t.close();
    }
    t.close();
    t.close();
  } else {
    t.add('cflow.sequence', p.abs(seqAt), 4, sequence);
  }
  t.add(ipfix ? 'cflow.od_id' : 'cflow.source_id', p.abs(seqAt + 4), 4, domain);
  const end = ipfix ? Math.min(headerValue, p.length) : p.length;
  const notes: string[] = [];
  let records = 0;
  for (let n = 1; at + 4 <= end; n++) {
    const id = p.u16(at);
    const length = p.u16(at + 2);
    if (length < 4) break;
    const set = p.sub(at, Math.min(length, end - at));
    const line = t.openText(`${ipfix ? 'Set' : 'FlowSet'} ${n} [id=${id}]`, set.abs(0), set.length);
    t.add('cflow.flowset_id', set.abs(0), 2, id, `FlowSet Id: ${SET_NAMES[id] ?? '(Data)'} (${id})`);
    t.add('cflow.flowset_length', set.abs(2), 2, length);
    if (id === 0 || id === 2) {
      const ids = templates(t, set, ctx, exporter, domain, ipfix);
      line.text += ` (Data Template): ${ids.join(',')}`;
      notes.push(...ids.map((i) => `[Data-Template:${i}]`));
    } else if (id >= 256) {
      const template = exporter.templates.get(`${domain}/${id}`);
      notes.push(`[Data:${id}]`);
      if (template) {
        const count = dataRecords(t, set, template);
        records += count;
        line.text += ` (${count} flows)`;
      } else {
        const message = `Data (${set.length - 4} bytes), no template found`;
        t.open('_ws.expert', set.abs(4), set.length - 4, `[Expert Info (Warning/Malformed): ${message}]`, message);
        t.add('cflow.no_template_found', set.abs(4), set.length - 4, undefined, `[${message}]`);
        for (const text of ['[Severity level: Warning]', '[Group: Malformed]']) {
          t.openText(text, set.abs(4), 0);
          t.close();
        }
        t.close();
      }
    }
    t.close();
    at += length;
  }
  // v9 counts export packets, IPFIX the data records sent before this message (RFC 3954 §5.1, RFC 7011 §3.1).
  exporter.expected.set(domain, (sequence + (ipfix ? records : 1)) >>> 0);
  const previous = exporter.previous.get(domain);
  exporter.previous.set(domain, ctx.frame);
  if (expected !== undefined && expected !== sequence) {
    t.add('cflow.sequence_analysis.expected_sn', p.abs(seqAt), 0, expected, `[Expected Sequence Number: ${expected}]`);
    if (previous !== undefined)
      t.add(
        'cflow.sequence_analysis.previous_frame',
        p.abs(seqAt),
        0,
        previous,
        `[Previous Frame in Sequence: ${previous}]`,
      );
  }
  const suffix = notes.length ? ` ${notes.join(' ')}` : '';
  const domainText = String(domain).padStart(5);
  ctx.columns.info = ipfix
    ? `IPFIX flow (${String(headerValue).padStart(4)} bytes) Obs-Domain-ID=${domainText}${suffix}`
    : `total: ${headerValue} (v9) record${headerValue === 1 ? '' : 's'} Obs-Domain-ID=${domainText}${suffix}`;
}

function templates(
  t: TreeBuilder,
  set: Bytes,
  ctx: PacketContext,
  exporter: Exporter,
  domain: number,
  ipfix: boolean,
): number[] {
  const ids: number[] = [];
  let at = 4;
  while (at + 4 <= set.length) {
    const id = set.u16(at);
    const count = set.u16(at + 2);
    if (id < 256) break;
    const fields: Template['fields'] = [];
    const item = t.openText(`Template (Id = ${id}, Count = ${count})`, set.abs(at), 4);
    t.add('cflow.template_id', set.abs(at), 2, id);
    t.add('cflow.template_field_count', set.abs(at + 2), 2, count);
    let p = at + 4;
    for (let i = 0; i < count; i++) {
      const raw = set.u16(p);
      const pen = ipfix && raw & 0x8000;
      const type = ipfix ? raw & 0x7fff : raw;
      const length = set.u16(p + 2);
      const name = FIELD_TYPES[type] ?? 'Unknown';
      const size = pen ? 8 : 4;
      t.openText(`Field (${i + 1}/${count}): ${name}`, set.abs(p), size);
      if (ipfix) {
        t.add(
          'cflow.template_ipfix_pen_provided',
          set.abs(p),
          2,
          pen ? 1 : 0,
          `${bitLine(raw, 0x8000, 16)} = Pen provided: ${pen ? 'Yes' : 'No'}`,
        );
        t.add(
          'cflow.template_ipfix_field_type',
          set.abs(p),
          2,
          type,
          `${bitLine(raw, 0x7fff, 16)} = Type: ${name} (${type})`,
        );
      } else {
        t.add('cflow.template_field_type', set.abs(p), 2, type, `Type: ${name} (${type})`);
      }
      t.add('cflow.template_field_length', set.abs(p + 2), 2, length);
      if (pen) t.add('cflow.template_ipfix_field_pen', set.abs(p + 4), 4, set.u32(p + 4), `PEN: ${set.u32(p + 4)}`);
      t.close();
      fields.push({ type, length, ...(pen ? { pen: set.u32(p + 4) } : {}) });
      p += size;
    }
    item.length = p - at;
    t.close();
    exporter.templates.set(`${domain}/${id}`, { frame: ctx.frame, fields });
    ids.push(id);
    at = p;
  }
  return ids;
}

/** The data records of a set, as its template lays them out; returns how many there were. */
function dataRecords(t: TreeBuilder, set: Bytes, template: Template): number {
  t.add('cflow.template_frame', set.abs(0), 0, template.frame, `[Template Frame: ${template.frame}]`);
  const size = template.fields.reduce((sum, f) => sum + (f.length === 0xffff ? 1 : f.length), 0);
  let at = 4;
  let count = 0;
  while (size > 0 && at + size <= set.length) {
    count++;
    t.openText(`Flow ${count}`, set.abs(at), size);
    record(t, set.sub(at, size), template);
    t.close();
    at += size;
  }
  if (at < set.length) t.add('cflow.padding', set.abs(at), set.length - at, set.bytes(at, set.length - at));
  return count;
}

function uintOf(r: Bytes, at: number, length: number): number {
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + r.u8(at + i);
  return v;
}

function record(t: TreeBuilder, r: Bytes, template: Template): void {
  let at = 0;
  const times: { start?: [number, number]; end?: [number, number] } = {};
  for (const f of template.fields) {
    const { type, length } = f;
    const value = () => uintOf(r, at, Math.min(length, 6));
    if (f.pen !== undefined) {
      t.openText(`Enterprise ${f.pen} field ${type}: ${length} bytes`, r.abs(at), length);
      t.close();
    } else if (type === 21 || type === 22) {
      if (type === 22) times.start = [at, value()];
      else times.end = [at, value()];
      if (times.start && times.end)
        duration(t, r, times.start[0], times.start[1], times.end[0], times.end[1], ' (switched)');
    } else if (type === 6) {
      tcpFlags(t, r, at, value());
    } else if (type === 4) {
      t.add('cflow.protocol', r.abs(at), length, value(), `Protocol: ${protocolName(value())}`);
    } else if ((type === 27 || type === 28) && length === 16) {
      const words = [0, 4, 8, 12].map((o) => r.u32(at + o));
      t.add(
        type === 27 ? 'cflow.srcaddr_v6' : 'cflow.dstaddr_v6',
        r.abs(at),
        16,
        r.bytes(at, 16),
        `${type === 27 ? 'SrcAddr' : 'DstAddr'}: ${ipv6(words)}`,
      );
    } else if (SIMPLE[type] && length <= 8) {
      t.add(SIMPLE[type], r.abs(at), length, value());
    } else {
      t.openText(`${FIELD_TYPES[type] ?? `Type ${type}`}: ${length} bytes`, r.abs(at), length);
      t.close();
    }
    at += length;
  }
}

/** Field types shown as one number or IPv4 address, by the field tshark gives them. */
const SIMPLE: Record<number, string> = {
  1: 'cflow.octets',
  2: 'cflow.packets',
  3: 'cflow.flows',
  5: 'cflow.tos',
  7: 'cflow.srcport',
  8: 'cflow.srcaddr',
  9: 'cflow.srcmask',
  10: 'cflow.inputint',
  11: 'cflow.dstport',
  12: 'cflow.dstaddr',
  13: 'cflow.dstmask',
  14: 'cflow.outputint',
  15: 'cflow.nexthop',
  16: 'cflow.srcas',
  17: 'cflow.dstas',
  18: 'cflow.bgpnexthop',
};

const TCP_FLAGS: [string, string, number][] = [
  ['cflow.tcpflags.urg', 'URG', 0x20],
  ['cflow.tcpflags.ack', 'ACK', 0x10],
  ['cflow.tcpflags.psh', 'PSH', 0x08],
  ['cflow.tcpflags.rst', 'RST', 0x04],
  ['cflow.tcpflags.syn', 'SYN', 0x02],
  ['cflow.tcpflags.fin', 'FIN', 0x01],
];

function tcpFlags(t: TreeBuilder, r: Bytes, at: number, flags: number): void {
  const set = TCP_FLAGS.filter(([, , mask]) => flags & mask).map(([, name]) => name);
  t.open('cflow.tcpflags', r.abs(at), 1, `TCP Flags: ${[hex(flags, 2), ...set].join(', ')}`, flags);
  t.add(
    'cflow.tcpflags.reserved',
    r.abs(at),
    1,
    flags >> 6,
    `${bitLine(flags, 0xc0, 8)} = Reserved: 0x${(flags >> 6).toString(16)}`,
  );
  for (const [field, name, mask] of TCP_FLAGS)
    t.add(
      field,
      r.abs(at),
      1,
      flags & mask ? 1 : 0,
      `${bitLine(flags, mask, 8)} = ${name}: ${flags & mask ? 'Used' : 'Not used'}`,
    );
  t.close();
}
