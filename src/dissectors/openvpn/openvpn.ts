import { registerFields } from '../../fields/registry';
import { dissectorNamed, registerPort, type Dissector, type PacketContext } from '../api';
import { bitLine } from '../bit-line';
import type { Bytes } from '../bytes';
import { field } from '../../fields/define';

const OPCODES: Record<number, string> = {
  1: 'P_CONTROL_HARD_RESET_CLIENT_V1',
  2: 'P_CONTROL_HARD_RESET_SERVER_V1',
  3: 'P_CONTROL_SOFT_RESET_V1',
  4: 'P_CONTROL_V1',
  5: 'P_ACK_V1',
  6: 'P_DATA_V1',
  7: 'P_CONTROL_HARD_RESET_CLIENT_V2',
  8: 'P_CONTROL_HARD_RESET_SERVER_V2',
  9: 'P_DATA_V2',
  10: 'P_CONTROL_HARD_RESET_CLIENT_V3',
  11: 'P_CONTROL_WKC_V1',
};
const [CONTROL, ACK, DATA_V1, DATA_V2] = [4, 5, 6, 9];

registerFields([
  field('openvpn', 'OpenVPN Protocol', 'protocol'),
  field('openvpn.plen', 'Packet Length', 'uint'),
  field('openvpn.type', 'Type', 'hex8'),
  field('openvpn.opcode', 'Opcode', 'hex8', { values: OPCODES }),
  field('openvpn.keyid', 'Key ID', 'uint'),
  field('openvpn.peerid', 'Peer ID', 'uint'),
  field('openvpn.sessionid', 'Session ID', 'string'),
  field('openvpn.rsessionid', 'Remote Session ID', 'string'),
  field('openvpn.mpidarraylength', 'Message Packet-ID Array Length', 'uint'),
  field('openvpn.mpidarrayelement', 'Message Packet-ID Array Element', 'uint'),
  field('openvpn.mpid', 'Message Packet-ID', 'uint'),
  field('openvpn.data', 'Data', 'bytes'),
]);

/** A 64-bit session ID as the decimal number tshark prints. */
function sessionId(b: Bytes, at: number): string {
  return (BigInt(b.u32(at)) * 2n ** 32n + BigInt(b.u32(at + 4))).toString();
}

/**
 * OpenVPN (UDP and TCP 1194; on TCP each packet has a 16-bit length first): the opcode and key ID, the control
 * channel's session IDs and packet-ID acknowledgements, and the TLS records it carries, handed to the TLS
 * dissector packet by packet as tshark does (a record split across packets shows as continuation data). Data
 * channel packets are encrypted with keys TLS negotiated: shown as data. tls-auth/tls-crypt HMACs are not detected.
 */
export const openvpn: Dissector = {
  name: 'openvpn',
  yields: ['openvpn', 'tls', 'x509sat', 'x509af', 'x509ce', 'pkix1explicit', 'pkix1implicit', 'pkcs-1'],
  datagram(data, ctx) {
    packet(data, ctx);
  },
  stream(data, ctx) {
    if (data.length < 2) return { more: 2 - data.length };
    const length = data.u16(0);
    if (data.length < 2 + length) return { more: 2 + length - data.length };
    packet(data.sub(0, 2 + length), ctx, true);
    return 2 + length;
  },
};

registerPort('udp', 1194, openvpn);
registerPort('tcp', 1194, openvpn);

function packet(p: Bytes, ctx: PacketContext, framed = false): void {
  const { tree: t, columns } = ctx;
  const tlsStates = ctx.state<{ tls: Map<string, unknown> }>(() => ({ tls: new Map() }));
  t.open('openvpn', p.abs(0), p.length);
  let at = 0;
  if (framed) {
    t.add('openvpn.plen', p.abs(0), 2, p.u16(0));
    at = 2;
  }
  const type = p.u8(at);
  const opcode = type >> 3;
  const name = OPCODES[opcode] ?? `Unknown (0x${opcode.toString(16).padStart(2, '0')})`;
  columns.protocol = 'OpenVPN';
  columns.info = `MessageType: ${name}`;
  t.open('openvpn.type', p.abs(at), 1, `Type: 0x${type.toString(16).padStart(2, '0')} [opcode/key_id]`, type);
  t.add(
    'openvpn.opcode',
    p.abs(at),
    1,
    opcode,
    `${bitLine(type, 0xf8, 8)} = Opcode: ${name} (0x${opcode.toString(16).padStart(2, '0')})`,
  );
  t.add('openvpn.keyid', p.abs(at), 1, type & 7, `${bitLine(type, 0x07, 8)} = Key ID: ${type & 7}`);
  t.close();
  at++;
  if (opcode === DATA_V1 || opcode === DATA_V2) {
    if (opcode === DATA_V2) {
      t.add('openvpn.peerid', p.abs(at), 3, p.u24(at));
      at += 3;
    }
    t.add('openvpn.data', p.abs(at), p.length - at, p.bytes(at, p.length - at));
    t.close();
    return;
  }
  t.add('openvpn.sessionid', p.abs(at), 8, sessionId(p, at));
  at += 8;
  const count = p.u8(at);
  t.add('openvpn.mpidarraylength', p.abs(at), 1, count);
  at++;
  if (count) {
    t.openText('Packet-ID Array', p.abs(at), 4 * count);
    for (let i = 0; i < count; i++) t.add('openvpn.mpidarrayelement', p.abs(at + 4 * i), 4, p.u32(at + 4 * i));
    t.close();
    at += 4 * count;
    t.add('openvpn.rsessionid', p.abs(at), 8, sessionId(p, at));
    at += 8;
  }
  if (opcode !== ACK) {
    t.add('openvpn.mpid', p.abs(at), 4, p.u32(at));
    at += 4;
  }
  t.close();
  if (opcode === CONTROL && at < p.length) controlPayload(p.sub(at), ctx, tlsStates.tls);
}

/** The TLS records of one control packet, each complete record to TLS; a packet that starts mid-record is continuation data. */
function controlPayload(payload: Bytes, ctx: PacketContext, states: Map<string, unknown>): void {
  const tls = dissectorNamed('tls');
  if (!tls?.stream) return;
  const { tree: t, columns } = ctx;
  const first = payload.u8(0);
  if (first < 20 || first > 23 || payload.length < 3 || payload.u8(1) !== 3) {
    t.add('tls', payload.abs(0), payload.length);
    columns.protocol = 'TLSv1.3';
    columns.info = 'Continuation Data';
    return;
  }
  const inner: PacketContext = {
    ...ctx,
    // TLS keeps its session in the OpenVPN conversation's state, apart from OpenVPN's own.
    state: <T>(make: () => T): T => {
      if (!states.has('tls')) states.set('tls', make());
      return states.get('tls') as T;
    },
  };
  // TLS names itself in the columns when it finds them still TCP's, as on a conversation of its own.
  columns.protocol = 'TCP';
  columns.info = '';
  let data = payload;
  while (data.length) {
    const used = tls.stream(data, inner);
    if (typeof used !== 'number' || used <= 0) break;
    data = data.sub(used);
  }
  if (columns.protocol === 'TCP') columns.protocol = 'OpenVPN';
}
