import { registerFields } from '../../fields/registry';
import { ipv4 } from '../../fields/format';
import { Malformed, type Bytes } from '../bytes';
import { elapsedNs, registerPort, type Dissector, type PacketContext, type Timestamp } from '../api';
import { relativeTime } from '../format';
import { ATTRIBUTES, attributeField, type AttributeDef } from './attributes';
import { field } from '../../fields/define';

// RFC 2865 §3, RFC 2866 §4, RFC 5176 §3 codes.
const CODES: Record<number, string> = {
  1: 'Access-Request',
  2: 'Access-Accept',
  3: 'Access-Reject',
  4: 'Accounting-Request',
  5: 'Accounting-Response',
  11: 'Access-Challenge',
  12: 'Status-Server',
  13: 'Status-Client',
  40: 'Disconnect-Request',
  41: 'Disconnect-ACK',
  42: 'Disconnect-NAK',
  43: 'CoA-Request',
  44: 'CoA-ACK',
  45: 'CoA-NAK',
};
const REQUESTS = new Set([1, 4, 40, 43]);
/** Status-Server and Status-Client: tshark neither marks nor pairs them, and their answer finds no request. */
const STATUS = new Set([12, 13]);

const KIND_TYPES = {
  string: 'string',
  bytes: 'bytes',
  uint: 'uint',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  time: 'abstime',
} as const;

registerFields([
  field('radius', 'RADIUS Protocol', 'protocol'),
  field('radius.code', 'Code', 'uint', { bits: 8, values: CODES }),
  field('radius.id', 'Packet identifier', 'uint', { bits: 8, base: 'hex-dec' }),
  field('radius.length', 'Length', 'uint', { bits: 16 }),
  field('radius.authenticator', 'Authenticator', 'bytes'),
  field('radius.req', 'Request', 'bool'),
  field('radius.rsp', 'Response', 'bool'),
  field('radius.reqframe', 'Request Frame', 'framenum'),
  field('radius.rspframe', 'Response Frame', 'framenum'),
  field('radius.time', 'Time from request', 'reltime'),
  field('radius.avp', 'AVP', 'bytes'),
  field('radius.avp.type', 'Type', 'uint', { bits: 8 }),
  field('radius.avp.length', 'Length', 'uint', { bits: 8 }),
  field('radius.User_Password_encrypted', 'User-Password (encrypted)', 'bytes'),
  field('radius.CHAP_Ident', 'CHAP Ident', 'hex8'),
  field('radius.CHAP_String', 'CHAP String', 'bytes'),
  field('radius.Unknown_Attribute', 'Unknown-Attribute', 'bytes'),
  ...Object.values(ATTRIBUTES).flatMap((def) => [
    field(attributeField(def), def.name, KIND_TYPES[def.kind], { values: def.values }),
    field(`${attributeField(def)}.len`, 'Length', 'uint', { bits: 8 }),
  ]),
]);

interface Pending {
  /** Requests by identifier and code family: their frame and time. */
  requests: Map<number, { frame: number; time: Timestamp }>;
}

/** RADIUS (RFC 2865, RFC 2866) on UDP 1812/1813 and the legacy 1645/1646: the header, then each attribute. */
export const radius: Dissector = {
  name: 'radius',
  yields: ['radius'],
  datagram(data, ctx) {
    ctx.columns.protocol = 'RADIUS';
    const code = data.u8(0);
    const id = data.u8(1);
    const length = data.u16(2);
    const name = CODES[code] ?? `Unknown Packet Type(${code})`;
    ctx.columns.info = `${name} id=${id}`;
    const { tree } = ctx;
    tree.open('radius', data.abs(0), data.length, 'RADIUS Protocol');
    tree.add('radius.code', data.abs(0), 1, code);
    tree.add('radius.id', data.abs(1), 1, id);
    tree.add('radius.length', data.abs(2), 2, length);
    tree.add('radius.authenticator', data.abs(4), 16, data.bytes(4, 16));
    if (length < 20 || length > data.length) throw new Malformed(`RADIUS length ${length}`);
    pair(code, id, data, ctx);
    if (length > 20) {
      tree.openText('Attribute Value Pairs', data.abs(20), length - 20);
      for (let at = 20; at < length;) at += attribute(data, at, ctx);
      tree.close();
    }
    tree.close();
  },
};

for (const port of [1812, 1813, 1645, 1646, 3799]) registerPort('udp', port, radius);

function pair(code: number, id: number, data: Bytes, ctx: PacketContext): void {
  const { requests } = ctx.state<Pending>(() => ({ requests: new Map() }));
  const { tree } = ctx;
  if (STATUS.has(code)) {
    requests.delete(id);
    return;
  }
  if (REQUESTS.has(code)) {
    tree.add('radius.req', data.abs(0), 0, 1);
    requests.set(id, { frame: ctx.frame, time: ctx.time });
    return;
  }
  tree.add('radius.rsp', data.abs(0), 0, 1);
  const request = requests.get(id);
  if (!request) return;
  tree.add(
    'radius.reqframe',
    data.abs(0),
    0,
    request.frame,
    `[This is a response to a request in frame ${request.frame}]`,
  );
  const delay = elapsedNs(request.time, ctx.time);
  tree.add('radius.time', data.abs(0), 0, delay, `[Time from request: ${relativeTime(delay)} seconds]`);
}

/** One attribute (type, length, value); returns its length. */
function attribute(data: Bytes, at: number, ctx: PacketContext): number {
  const { tree } = ctx;
  const type = data.u8(at);
  const length = data.u8(at + 1);
  const def: AttributeDef | undefined = ATTRIBUTES[type];
  const avp = tree.open('radius.avp', data.abs(at), Math.min(length, data.length - at));
  tree.add('radius.avp.type', data.abs(at), 1, type);
  tree.add('radius.avp.length', data.abs(at + 1), 1, length);
  if (length < 2) throw new Malformed(`RADIUS attribute length ${length}`);
  const value = data.sub(at + 2, length - 2);
  const shown = def ? valueText(def, value) : hex(value.bytes(0, value.length));
  avp.text = `AVP: t=${def?.name ?? 'Unknown-Attribute'}(${type}) l=${length} val=${shown}`;
  const where = [value.abs(0), value.length] as const;
  if (!def) tree.add('radius.Unknown_Attribute', ...where, value.bytes(0, value.length));
  else if (type === 2) tree.add('radius.User_Password_encrypted', ...where, value.bytes(0, value.length));
  else if (type === 3) {
    tree.open(attributeField(def), ...where, undefined, value.bytes(0, value.length));
    tree.add('radius.CHAP_Ident', value.abs(0), 1, value.u8(0));
    tree.add('radius.CHAP_String', value.abs(1), value.length - 1, value.bytes(1, value.length - 1));
    tree.close();
  } else tree.add(attributeField(def), ...where, typedValue(def, value));
  tree.close();
  return length;
}

function typedValue(def: AttributeDef, value: Bytes): number | string | bigint | Uint8Array {
  switch (def.kind) {
    case 'string':
      return value.text(0, value.length);
    case 'uint':
    case 'ipv4':
      return value.u32(0);
    case 'time':
      return BigInt(value.u32(0)) * 1_000_000_000n;
    default:
      return value.bytes(0, value.length);
  }
}

/** The value as the AVP line shows it. */
function valueText(def: AttributeDef, value: Bytes): string {
  if (def.name === 'User-Password') return 'Encrypted';
  switch (def.kind) {
    case 'string':
      return value.text(0, value.length);
    case 'ipv4':
      return ipv4(value.u32(0));
    case 'uint': {
      const v = value.u32(0);
      return def.values?.[v] ? `${def.values[v]}(${v})` : String(v);
    }
    default:
      return hex(value.bytes(0, value.length));
  }
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
