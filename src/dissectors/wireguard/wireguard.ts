import { registerFields } from '../../fields/registry';
import { registerHeuristic, type Dissector } from '../api';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { field } from '../../fields/define';

const TYPES: Record<number, string> = {
  1: 'Handshake Initiation',
  2: 'Handshake Response',
  3: 'Cookie Reply',
  4: 'Transport Data',
};
/** Each message's size (the WireGuard paper §5.4); transport data is at least its header and an AEAD tag. */
const SIZES: Record<number, number> = { 1: 148, 2: 92, 3: 64 };
const DATA_HEADER = 16;
const TAG = 16;

registerFields([
  field('wg', 'WireGuard Protocol', 'protocol'),
  field('wg.type', 'Type', 'uint', { values: TYPES }),
  field('wg.reserved', 'Reserved', 'bytes'),
  field('wg.sender', 'Sender', 'hex32'),
  field('wg.receiver', 'Receiver', 'hex32'),
  field('wg.ephemeral', 'Ephemeral', 'string'),
  field('wg.ephemeral.known_privkey', 'Has Private Key', 'bool'),
  field('wg.encrypted_static', 'Encrypted Static', 'none'),
  field('wg.encrypted_timestamp', 'Encrypted Timestamp', 'none'),
  field('wg.encrypted_empty', 'Encrypted Empty', 'none'),
  field('wg.mac1', 'mac1', 'bytes'),
  field('wg.mac2', 'mac2', 'bytes'),
  field('wg.nonce', 'Nonce', 'bytes'),
  field('wg.encrypted_cookie', 'Encrypted Cookie', 'bytes'),
  field('wg.counter', 'Counter', 'uint'),
  field('wg.encrypted_packet', 'Encrypted Packet', 'none'),
  field('wg.keepalive', 'This is a Keepalive message', 'none'),
  field('wg.stream', 'Stream index', 'uint'),
  field('wg.response_to', 'Response to Frame', 'framenum'),
]);

/** A handshake: each initiation starts one; its response and the transport data that follows belong to it. */
interface Session {
  stream: number;
  initiationFrame: number;
  initiator: number;
  responder?: number;
}

const hex32 = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
const base64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

/** Whether `data` is a well-formed WireGuard message: a known type, zero reserved bytes, that type's size. */
function wellFormed(data: Bytes): boolean {
  if (data.length < 4) return false;
  const type = data.u8(0);
  if (!TYPES[type] || data.u8(1) || data.u8(2) || data.u8(3)) return false;
  if (type === 4) return data.length >= DATA_HEADER + TAG && (data.length - DATA_HEADER) % 16 === 0;
  return data.length === SIZES[type];
}

/**
 * WireGuard on UDP, found by its heuristic as tshark finds it (no port of its own): handshake initiation and
 * response, cookie reply, transport data and keepalives, each tied to its handshake (wg.stream). Without keys the
 * Noise payloads stay opaque.
 */
export const wireguard: Dissector = {
  name: 'wg',
  yields: ['wg'],
  heuristic: wellFormed,
  datagram(data, ctx) {
    const { tree: t, columns } = ctx;
    const sessions = ctx.passState<Session[]>(() => []);
    const type = data.u8(0);
    columns.protocol = 'WireGuard';
    t.open('wg', data.abs(0), data.length);
    t.add('wg.type', data.abs(0), 1, type);
    t.add('wg.reserved', data.abs(1), 3, data.bytes(1, 3));
    let session: Session | undefined;
    let responseTo: number | undefined;
    const latest = (match: (s: Session) => boolean) => [...sessions].reverse().find(match);
    switch (type) {
      case 1: {
        const sender = data.u32le(4);
        t.add('wg.sender', data.abs(4), 4, sender);
        ephemeral(t, data, 8);
        t.add('wg.encrypted_static', data.abs(40), 48);
        t.add('wg.encrypted_timestamp', data.abs(88), 28);
        macs(t, data, 116);
        session = { stream: sessions.length, initiationFrame: ctx.frame, initiator: sender };
        sessions.push(session);
        columns.info = `Handshake Initiation, sender=${hex32(sender)}`;
        break;
      }
      case 2: {
        const [sender, receiver] = [data.u32le(4), data.u32le(8)];
        t.add('wg.sender', data.abs(4), 4, sender);
        t.add('wg.receiver', data.abs(8), 4, receiver);
        ephemeral(t, data, 12);
        t.add('wg.encrypted_empty', data.abs(44), 16);
        macs(t, data, 60);
        session = latest((s) => s.initiator === receiver && s.responder === undefined);
        if (session) {
          session.responder = sender;
          responseTo = session.initiationFrame;
        }
        columns.info = `Handshake Response, sender=${hex32(sender)}, receiver=${hex32(receiver)}`;
        break;
      }
      case 3: {
        const receiver = data.u32le(4);
        t.add('wg.receiver', data.abs(4), 4, receiver);
        t.add('wg.nonce', data.abs(8), 24, data.bytes(8, 24));
        t.add('wg.encrypted_cookie', data.abs(32), 32, data.bytes(32, 32));
        session = latest((s) => s.initiator === receiver);
        responseTo = session?.initiationFrame;
        columns.info = `Cookie Reply, receiver=${hex32(receiver)}`;
        break;
      }
      case 4: {
        const receiver = data.u32le(4);
        const counter = data.u64le(8);
        t.add('wg.receiver', data.abs(4), 4, receiver);
        t.add('wg.counter', data.abs(8), 8, counter);
        const length = data.length - DATA_HEADER;
        t.open('wg.encrypted_packet', data.abs(DATA_HEADER), length);
        const keepalive = length === TAG;
        if (keepalive) {
          const message = 'This is a Keepalive message';
          t.open('_ws.expert', data.abs(DATA_HEADER), length, `[Expert Info (Chat/Sequence): ${message}]`, message);
          t.add('wg.keepalive', data.abs(DATA_HEADER), length, undefined, `[${message}]`);
          for (const line of ['[Severity level: Chat]', '[Group: Sequence]']) {
            t.openText(line, data.abs(DATA_HEADER), 0);
            t.close();
          }
          t.close();
        }
        t.close();
        session = latest((s) => s.responder !== undefined && (s.initiator === receiver || s.responder === receiver));
        columns.info = keepalive
          ? `Keepalive, receiver=${hex32(receiver)}, counter=${counter}`
          : `Transport Data, receiver=${hex32(receiver)}, counter=${counter}, datalen=${length - TAG}`;
        break;
      }
    }
    if (session) t.add('wg.stream', data.abs(0), 0, session.stream, `[Stream index: ${session.stream}]`);
    if (responseTo !== undefined)
      t.add('wg.response_to', data.abs(0), 0, responseTo, `[Response to Frame: ${responseTo}]`);
    t.close();
  },
};

registerHeuristic('udp', wireguard);

function ephemeral(t: TreeBuilder, data: Bytes, at: number): void {
  t.open('wg.ephemeral', data.abs(at), 32, undefined, base64(data.bytes(at, 32)));
  t.add('wg.ephemeral.known_privkey', data.abs(at), 0, 0, '[Has Private Key: False]');
  t.close();
}

function macs(t: TreeBuilder, data: Bytes, at: number): void {
  t.add('wg.mac1', data.abs(at), 16, data.bytes(at, 16));
  t.add('wg.mac2', data.abs(at + 16), 16, data.bytes(at + 16, 16));
}
