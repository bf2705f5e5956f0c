import type { Bytes } from '../bytes';
import { ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { bitLine } from '../bit-line';
import { CONNACK_CODES, MESSAGE_TYPES, PROPERTIES, QOS, REASON_CODES } from './fields';

const MQTT_PORT = 1883;
const [CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
];
const DISCONNECT = 14;
const AUTH = 15;
const V5 = 5;
const ACK_KINDS: Record<number, string> = { 4: 'puback', 5: 'pubrec', 6: 'pubrel', 7: 'pubcomp' };

interface Conversation {
  /** The protocol level the CONNECT asked for (3.1.1 until one is seen). */
  version: number;
}

/** A Variable Byte Integer (MQTT 5.0 §1.5.5): its value and size, or undefined when cut short. */
function varint(data: Bytes, at: number): { value: number; size: number } | undefined {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    if (at + i >= data.length) return undefined;
    const b = data.u8(at + i);
    value += (b & 0x7f) * 128 ** i;
    if (!(b & 0x80)) return { value, size: i + 1 };
  }
  return { value, size: 4 };
}

/**
 * MQTT 3.1, 3.1.1 and 5.0 on TCP 1883: the fixed header, then CONNECT..DISCONNECT and AUTH with their variable
 * headers (v5 properties and reason codes) and payloads (client ID, will, credentials, topics, messages).
 */
export const mqtt: Dissector = {
  name: 'mqtt',
  yields: ['mqtt'],
  stream(data, ctx) {
    if (data.length < 2) return { more: ONE_MORE_SEGMENT };
    const length = varint(data, 1);
    if (!length) return { more: ONE_MORE_SEGMENT };
    const total = 1 + length.size + length.value;
    if (data.length < total) return { more: total - data.length };
    const state = ctx.state<Conversation>(() => ({ version: 4 }));
    controlPacket(data.sub(0, total), 1 + length.size, ctx, state);
    return total;
  },
};

registerPort('tcp', MQTT_PORT, mqtt);

const named = (names: Record<number, string>, v: number) => `${names[v] ?? 'Unknown'} (${v})`;
const setText = (v: number, mask: number, label: string) =>
  `${bitLine(v, mask, 8)} = ${label}: ${v & mask ? 'Set' : 'Not set'}`;

function controlPacket(packet: Bytes, header: number, ctx: PacketContext, state: Conversation): void {
  const { tree } = ctx;
  const flags = packet.u8(0);
  const type = flags >> 4;
  const typeName = MESSAGE_TYPES[type] ?? 'Unknown';
  const qos = (flags >> 1) & 3;
  let info = typeName;

  // Info as far as known before the body is read, so a malformed one still names its type.
  const first = ctx.columns.protocol !== 'MQTT';
  const before = first || !ctx.columns.info ? '' : `${ctx.columns.info}, `;
  ctx.columns.protocol = 'MQTT';
  ctx.columns.info = before + info;
  tree.open('mqtt', packet.abs(0), packet.length, `MQ Telemetry Transport Protocol, ${typeName}`);
  const flagNotes = [`Message Type: ${typeName}`];
  if (type === PUBLISH) {
    if (flags & 8) flagNotes.push('DUP Flag');
    flagNotes.push(`QoS Level: ${QOS[qos]}`);
    if (flags & 1) flagNotes.push('Retain');
  }
  tree.open('mqtt.hdrflags', packet.abs(0), 1, `Header Flags: 0x${hex2(flags)}, ${flagNotes.join(', ')}`, flags);
  tree.add(
    'mqtt.msgtype',
    packet.abs(0),
    1,
    type,
    `${bitLine(flags, 0xf0, 8)} = Message Type: ${named(MESSAGE_TYPES, type)}`,
  );
  if (type === PUBLISH) {
    tree.add('mqtt.dupflag', packet.abs(0), 1, (flags >> 3) & 1, setText(flags, 0x08, 'DUP Flag'));
    tree.add('mqtt.qos', packet.abs(0), 1, qos, `${bitLine(flags, 0x06, 8)} = QoS Level: ${named(QOS, qos)}`);
    tree.add('mqtt.retain', packet.abs(0), 1, flags & 1, setText(flags, 0x01, 'Retain'));
  } else {
    tree.add(
      'mqtt.hdr_reserved',
      packet.abs(0),
      1,
      flags & 0x0f,
      `${bitLine(flags, 0x0f, 8)} = Reserved: ${flags & 0x0f}`,
    );
  }
  tree.close();
  tree.add('mqtt.len', packet.abs(1), header - 1, packet.length - header);
  const body = packet.sub(header);
  const v5 = state.version === V5;

  switch (type) {
    case CONNECT:
      connect(body, tree, state);
      break;
    case CONNACK: {
      const ack = body.u8(0);
      tree.open('mqtt.conack.flags', body.abs(0), 1, undefined, ack);
      tree.add('mqtt.conack.flags.reserved', body.abs(0), 1, ack & 0xfe ? 1 : 0, setText(ack, 0xfe, 'Reserved'));
      tree.add('mqtt.conack.flags.sp', body.abs(0), 1, ack & 1, setText(ack, 0x01, 'Session Present'));
      tree.close();
      const code = body.u8(1);
      if (v5) {
        tree.add('mqtt.connack.reason_code', body.abs(1), 1, code, `Reason Code: ${named(REASON_CODES, code)}`);
        properties(body, 2, tree, 'mqtt.properties');
      } else tree.add('mqtt.conack.val', body.abs(1), 1, code, `Return Code: ${named(CONNACK_CODES, code)}`);
      break;
    }
    case PUBLISH: {
      const topic = string(body, 0, tree, 'mqtt.topic_len', 'mqtt.topic');
      let at = topic.next;
      if (qos > 0) {
        tree.add('mqtt.msgid', body.abs(at), 2, body.u16(at));
        info += ` (id=${body.u16(at)})`;
        at += 2;
      }
      info += ` [${topic.text}]`;
      if (v5) at = properties(body, at, tree, 'mqtt.properties');
      // An empty message (a retained message cleared) prints as tshark prints empty bytes.
      if (at < body.length) tree.add('mqtt.msg', body.abs(at), body.length - at, body.bytes(at, body.length - at));
      else tree.add('mqtt.msg', body.abs(at), 0, '<MISSING>', 'Message: <MISSING>');
      break;
    }
    case PUBACK:
    case PUBREC:
    case PUBREL:
    case PUBCOMP:
      tree.add('mqtt.msgid', body.abs(0), 2, body.u16(0));
      info += ` (id=${body.u16(0)})`;
      if (v5 && body.length > 2) {
        const code = body.u8(2);
        tree.add(
          `mqtt.${ACK_KINDS[type]}.reason_code`,
          body.abs(2),
          1,
          code,
          `Reason Code: ${named(REASON_CODES, code)}`,
        );
        if (body.length > 3) properties(body, 3, tree, 'mqtt.properties');
      }
      break;
    case SUBSCRIBE:
    case UNSUBSCRIBE: {
      tree.add('mqtt.msgid', body.abs(0), 2, body.u16(0));
      info += ` (id=${body.u16(0)})`;
      let at = v5 ? properties(body, 2, tree, 'mqtt.properties') : 2;
      const topics: string[] = [];
      while (at < body.length) {
        const topic = string(body, at, tree, 'mqtt.topic_len', 'mqtt.topic');
        topics.push(topic.text);
        at = topic.next;
        if (type === SUBSCRIBE) {
          subscriptionOptions(body, at, tree, v5);
          at++;
        }
      }
      info += ` [${topics.join(', ')}]`;
      break;
    }
    case SUBACK:
    case UNSUBACK: {
      tree.add('mqtt.msgid', body.abs(0), 2, body.u16(0));
      info += ` (id=${body.u16(0)})`;
      let at = v5 ? properties(body, 2, tree, 'mqtt.properties') : 2;
      for (; at < body.length; at++) {
        const code = body.u8(at);
        if (v5)
          tree.add(
            `mqtt.${type === SUBACK ? 'suback' : 'unsuback'}.reason_code`,
            body.abs(at),
            1,
            code,
            `Reason Code: ${named(REASON_CODES, code)}`,
          );
        else if (type === SUBACK)
          tree.add('mqtt.suback.qos', body.abs(at), 1, code, `Granted QoS: ${named(QOS, code)}`);
      }
      break;
    }
    case DISCONNECT:
    case AUTH:
      if (v5 && body.length > 0) {
        const code = body.u8(0);
        const kind = type === AUTH ? 'auth' : 'disconnect';
        tree.add(`mqtt.${kind}.reason_code`, body.abs(0), 1, code, `Reason Code: ${named(REASON_CODES, code)}`);
        if (body.length > 1) properties(body, 1, tree, 'mqtt.properties');
      }
      break;
  }
  tree.close();
  ctx.columns.info = before + info;
}

const hex2 = (v: number) => v.toString(16).padStart(2, '0');

/** A UTF-8 string with its two-byte length, as two fields; its text and the offset after it. */
function string(body: Bytes, at: number, tree: TreeBuilder, lengthField: string, field: string) {
  const n = body.u16(at);
  tree.add(lengthField, body.abs(at), 2, n);
  const text = body.text(at + 2, n);
  tree.add(field, body.abs(at + 2), n, text);
  return { text, next: at + 2 + n };
}

function connect(body: Bytes, tree: TreeBuilder, state: Conversation): void {
  let at = string(body, 0, tree, 'mqtt.proto_len', 'mqtt.protoname').next;
  const version = body.u8(at);
  state.version = version;
  tree.add('mqtt.ver', body.abs(at), 1, version);
  const flags = body.u8(at + 1);
  const willQos = (flags >> 3) & 3;
  const notes: string[] = [];
  if (flags & 0x80) notes.push('User Name Flag');
  if (flags & 0x40) notes.push('Password Flag');
  if (flags & 0x20) notes.push('Will Retain');
  notes.push(`QoS Level: ${QOS[willQos]}`);
  if (flags & 0x04) notes.push('Will Flag');
  if (flags & 0x02) notes.push('Clean Session Flag');
  tree.open('mqtt.conflags', body.abs(at + 1), 1, `Connect Flags: 0x${hex2(flags)}, ${notes.join(', ')}`, flags);
  tree.add('mqtt.conflag.uname', body.abs(at + 1), 1, flags >> 7, setText(flags, 0x80, 'User Name Flag'));
  tree.add('mqtt.conflag.passwd', body.abs(at + 1), 1, (flags >> 6) & 1, setText(flags, 0x40, 'Password Flag'));
  tree.add('mqtt.conflag.retain', body.abs(at + 1), 1, (flags >> 5) & 1, setText(flags, 0x20, 'Will Retain'));
  tree.add(
    'mqtt.conflag.qos',
    body.abs(at + 1),
    1,
    willQos,
    `${bitLine(flags, 0x18, 8)} = QoS Level: ${named(QOS, willQos)}`,
  );
  tree.add('mqtt.conflag.willflag', body.abs(at + 1), 1, (flags >> 2) & 1, setText(flags, 0x04, 'Will Flag'));
  tree.add('mqtt.conflag.cleansess', body.abs(at + 1), 1, (flags >> 1) & 1, setText(flags, 0x02, 'Clean Session Flag'));
  tree.add('mqtt.conflag.reserved', body.abs(at + 1), 1, flags & 1, setText(flags, 0x01, '(Reserved)'));
  tree.close();
  tree.add('mqtt.kalive', body.abs(at + 2), 2, body.u16(at + 2));
  at += 4;
  const v5 = version === V5;
  if (v5) at = properties(body, at, tree, 'mqtt.properties');
  at = string(body, at, tree, 'mqtt.clientid_len', 'mqtt.clientid').next;
  if (flags & 0x04) {
    if (v5) at = properties(body, at, tree, 'mqtt.will_properties');
    at = string(body, at, tree, 'mqtt.willtopic_len', 'mqtt.willtopic').next;
    const n = body.u16(at);
    tree.add('mqtt.willmsg_len', body.abs(at), 2, n);
    tree.add('mqtt.willmsg', body.abs(at + 2), n, body.bytes(at + 2, n));
    at += 2 + n;
  }
  if (flags & 0x80) at = string(body, at, tree, 'mqtt.username_len', 'mqtt.username').next;
  if (flags & 0x40) string(body, at, tree, 'mqtt.passwd_len', 'mqtt.passwd');
}

function subscriptionOptions(body: Bytes, at: number, tree: TreeBuilder, v5: boolean): void {
  const options = body.u8(at);
  if (!v5) {
    tree.add('mqtt.sub.qos', body.abs(at), 1, options, `Requested QoS: ${named(QOS, options)}`);
    return;
  }
  tree.open('mqtt.subscription_options', body.abs(at), 1, undefined, options);
  tree.add(
    'mqtt.subscription_options_qos',
    body.abs(at),
    1,
    options & 3,
    `${bitLine(options, 0x03, 8)} = QoS: ${named(QOS, options & 3)}`,
  );
  tree.add('mqtt.subscription_options_nl', body.abs(at), 1, (options >> 2) & 1, setText(options, 0x04, 'No Local'));
  tree.add(
    'mqtt.subscription_options_rap',
    body.abs(at),
    1,
    (options >> 3) & 1,
    setText(options, 0x08, 'Retain As Published'),
  );
  tree.add(
    'mqtt.subscription_options_retain',
    body.abs(at),
    1,
    (options >> 4) & 3,
    `${bitLine(options, 0x30, 8)} = Retain Handling: ${(options >> 4) & 3}`,
  );
  tree.add(
    'mqtt.subscription_options_reserved',
    body.abs(at),
    1,
    options >> 6,
    `${bitLine(options, 0xc0, 8)} = Reserved: ${options >> 6}`,
  );
  tree.close();
}

/** MQTT 5.0 properties (§2.2.2): their total length, then each by its identifier; the offset after them. */
function properties(body: Bytes, at: number, tree: TreeBuilder, field: string): number {
  const length = varint(body, at);
  if (!length) return body.length;
  const end = Math.min(body.length, at + length.size + length.value);
  tree.open(field, body.abs(at), end - at, field === 'mqtt.properties' ? 'Properties' : 'Will Properties');
  tree.add('mqtt.property_len', body.abs(at), length.size, length.value);
  for (let p = at + length.size; p < end;) {
    const id = body.u8(p);
    const [name, kind] = PROPERTIES[id] ?? ['Unknown', 'byte'];
    tree.add('mqtt.property_id', body.abs(p), 1, id, `ID: ${name} (0x${hex2(id)})`);
    p++;
    const numberField =
      id === 0x24 ? 'mqtt.property.max_qos' : id === 0x23 ? 'mqtt.property.topic_alias' : 'mqtt.prop_number';
    switch (kind) {
      case 'byte':
        tree.add(numberField, body.abs(p), 1, body.u8(p));
        p += 1;
        break;
      case 'u16':
        tree.add(numberField, body.abs(p), 2, body.u16(p));
        p += 2;
        break;
      case 'u32':
        tree.add(numberField, body.abs(p), 4, body.u32(p));
        p += 4;
        break;
      case 'varint': {
        const v = varint(body, p) ?? { value: 0, size: end - p };
        tree.add(numberField, body.abs(p), v.size, v.value);
        p += v.size;
        break;
      }
      case 'string':
      case 'binary':
        p = string(body, p, tree, 'mqtt.prop_string_len', 'mqtt.prop_string').next;
        break;
      case 'pair':
        p = string(body, p, tree, 'mqtt.prop_key_len', 'mqtt.prop_key').next;
        p = string(body, p, tree, 'mqtt.prop_value_len', 'mqtt.prop_value').next;
        break;
    }
  }
  tree.close();
  return end;
}
