import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { registerHeuristic, registerPort, type Dissector, type PacketContext, type PduResult } from '../api';

const CONTENT_TYPES: Record<number, string> = { 20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat' };
const HANDSHAKE_TYPES: Record<number, string> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 4: 'New Session Ticket', 5: 'End of Early Data',
  8: 'Encrypted Extensions', 11: 'Certificate', 12: 'Server Key Exchange', 13: 'Certificate Request',
  14: 'Server Hello Done', 15: 'Certificate Verify', 16: 'Client Key Exchange', 20: 'Finished', 24: 'Key Update',
};
const VERSIONS: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };
const ALERT_LEVELS: Record<number, string> = { 1: 'Warning', 2: 'Fatal' };
const ALERTS: Record<number, string> = {
  0: 'Close Notify', 10: 'Unexpected Message', 20: 'Bad Record MAC', 40: 'Handshake Failure', 42: 'Bad Certificate',
  46: 'Certificate Unknown', 48: 'Unknown CA', 50: 'Decode Error', 51: 'Decrypt Error', 70: 'Protocol Version',
  80: 'Internal Error', 90: 'User Canceled', 109: 'Missing Extension', 112: 'Unrecognized Name',
};
// ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3).
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

registerFields([
  { name: 'tls', label: 'Transport Layer Security', type: 'protocol' },
  { name: 'tls.record', label: 'TLS Record Layer', type: 'protocol' },
  { name: 'tls.record.content_type', label: 'Content Type', type: 'uint', values: CONTENT_TYPES },
  { name: 'tls.record.version', label: 'Version', type: 'hex16', values: VERSIONS },
  { name: 'tls.record.length', label: 'Length', type: 'uint' },
  { name: 'tls.handshake', label: 'Handshake Protocol', type: 'protocol' },
  { name: 'tls.handshake.type', label: 'Handshake Type', type: 'uint', values: HANDSHAKE_TYPES },
  { name: 'tls.handshake.length', label: 'Length', type: 'uint' },
  { name: 'tls.handshake.version', label: 'Version', type: 'hex16', values: VERSIONS },
  { name: 'tls.handshake.random', label: 'Random', type: 'bytes' },
  { name: 'tls.handshake.session_id', label: 'Session ID', type: 'bytes' },
  { name: 'tls.handshake.ciphersuite', label: 'Cipher Suite', type: 'hex16' },
  { name: 'tls.handshake.extension.type', label: 'Type', type: 'uint' },
  { name: 'tls.handshake.extension.len', label: 'Length', type: 'uint' },
  { name: 'tls.handshake.extensions_server_name', label: 'Server Name', type: 'string' },
  { name: 'tls.handshake.extensions.supported_version', label: 'Supported Version', type: 'hex16', values: VERSIONS },
  { name: 'tls.change_cipher_spec', label: 'Change Cipher Spec Message', type: 'none' },
  { name: 'tls.alert_message.level', label: 'Level', type: 'uint', values: ALERT_LEVELS },
  { name: 'tls.alert_message.desc', label: 'Description', type: 'uint', values: ALERTS },
  { name: 'tls.app_data', label: 'Encrypted Application Data', type: 'bytes' },
]);

/** Per connection: the negotiated version, and per side whether records are now encrypted. */
interface Session {
  version?: number;
  encrypted: [boolean, boolean];
}

/**
 * TLS record layer and handshake (RFC 5246, 8446), without decryption: records reassembled across segments,
 * every message of a flight in Info, the server name and cipher suites of the hellos.
 */
export const tls: Dissector = {
  name: 'tls',
  stream(data, ctx): PduResult {
    // tshark's TLS clears Info before it asks TCP for the rest of a record.
    if (data.length < 5 || data.length < 5 + data.u16(3)) {
      if (ctx.columns.protocol === 'TCP') ctx.columns.info = '';
      return { more: data.length < 5 ? 5 - data.length : 5 + data.u16(3) - data.length };
    }
    const length = data.u16(3);
    record(data.sub(0, 5 + length), ctx);
    return 5 + length;
  },
  heuristic(data) {
    return data.length >= 5 && data.u8(0) >= 20 && data.u8(0) <= 23 && data.u8(1) === 3 && data.u8(2) <= 4;
  },
};

for (const port of [443, 465, 636, 853, 990, 992, 993, 995, 4433, 8443]) registerPort('tcp', port, tls);
registerHeuristic('tcp', tls);

function record(rec: Bytes, ctx: PacketContext): void {
  const { tree, columns } = ctx;
  const session = ctx.state<Session>(() => ({ encrypted: [false, false] }));
  const type = rec.u8(0);
  const version = rec.u16(1);
  const body = rec.sub(5);
  const first = columns.protocol === 'TCP';
  if (first) tree.open('tls', rec.abs(0), rec.length);
  tree.open('tls.record', rec.abs(0), rec.length);
  tree.add('tls.record.content_type', rec.abs(0), 1, type);
  tree.add('tls.record.version', rec.abs(1), 2, version);
  tree.add('tls.record.length', rec.abs(3), 2, body.length);
  const encrypted = session.encrypted[ctx.side];
  const names: string[] = [];
  if (type === 22 && !encrypted) {
    for (let p = 0; p + 4 <= body.length; ) {
      const hsType = body.u8(p);
      const hsLength = body.u24(p + 1);
      const msg = body.sub(p, Math.min(4 + hsLength, body.length - p));
      names.push(handshake(msg, hsType, ctx, session));
      p += 4 + hsLength;
    }
  } else if (type === 22) {
    names.push('Encrypted Handshake Message');
  } else if (type === 20) {
    tree.add('tls.change_cipher_spec', body.abs(0), body.length);
    names.push('Change Cipher Spec');
    // TLS 1.3's compatibility CCS changes nothing; in 1.2 it starts encryption of this side.
    if (session.version !== 0x0304) session.encrypted[ctx.side] = true;
  } else if (type === 21 && !encrypted && body.length === 2) {
    const level = body.u8(0);
    const desc = body.u8(1);
    tree.add('tls.alert_message.level', body.abs(0), 1, level);
    tree.add('tls.alert_message.desc', body.abs(1), 1, desc);
    names.push(`Alert (Level: ${ALERT_LEVELS[level] ?? level}, Description: ${ALERTS[desc] ?? desc})`);
  } else if (type === 21) {
    names.push('Encrypted Alert');
  } else if (type === 23) {
    tree.add('tls.app_data', body.abs(0), body.length);
    names.push('Application Data');
  } else {
    names.push(CONTENT_TYPES[type] ?? `Unknown (${type})`);
  }
  tree.close();
  if (first) tree.close();
  const versionName = VERSIONS[session.version ?? version] ?? 'SSL';
  columns.info = first ? names.join(', ') : `${columns.info}, ${names.join(', ')}`;
  columns.protocol = versionName;
}

function handshake(msg: Bytes, type: number, ctx: PacketContext, session: Session): string {
  const { tree } = ctx;
  tree.open('tls.handshake', msg.abs(0), msg.length);
  tree.add('tls.handshake.type', msg.abs(0), 1, type);
  tree.add('tls.handshake.length', msg.abs(1), 3, msg.u24(1));
  let name = HANDSHAKE_TYPES[type] ?? `Unknown (${type})`;
  if (type === 1 || type === 2) {
    const hello = hellos(msg.sub(4), type === 1, ctx);
    if (type === 2) {
      session.version = hello.supportedVersion ?? hello.version;
      if (hello.retry) name = 'Hello Retry Request';
      // TLS 1.3 encrypts everything after the ServerHello; its ChangeCipherSpec is only for middleboxes.
      else if (session.version === 0x0304) session.encrypted = [true, true];
    }
  }
  tree.close();
  return name;
}

function hellos(h: Bytes, client: boolean, ctx: PacketContext): { version: number; supportedVersion?: number; retry: boolean } {
  const { tree } = ctx;
  const version = h.u16(0);
  tree.add('tls.handshake.version', h.abs(0), 2, version);
  tree.add('tls.handshake.random', h.abs(2), 32, h.bytes(2, 32));
  const retry = !client && Array.from(h.bytes(2, 32), (b) => b.toString(16).padStart(2, '0')).join('') === HRR_RANDOM;
  const sidLength = h.u8(34);
  if (sidLength) tree.add('tls.handshake.session_id', h.abs(35), sidLength, h.bytes(35, sidLength));
  let p = 35 + sidLength;
  if (client) {
    const suitesLength = h.u16(p);
    for (let q = 0; q < suitesLength; q += 2) tree.add('tls.handshake.ciphersuite', h.abs(p + 2 + q), 2, h.u16(p + 2 + q));
    p += 2 + suitesLength;
    p += 1 + h.u8(p);
  } else {
    tree.add('tls.handshake.ciphersuite', h.abs(p), 2, h.u16(p));
    p += 3;
  }
  let supportedVersion: number | undefined;
  if (p + 2 <= h.length) {
    const end = Math.min(p + 2 + h.u16(p), h.length);
    for (p += 2; p + 4 <= end; ) {
      const type = h.u16(p);
      const length = h.u16(p + 2);
      const ext = h.sub(p + 4, length);
      tree.add('tls.handshake.extension.type', h.abs(p), 2, type);
      tree.add('tls.handshake.extension.len', h.abs(p + 2), 2, length);
      if (type === 0 && client) serverNames(ext, ctx);
      if (type === 43 && !client && length === 2) {
        supportedVersion = ext.u16(0);
        tree.add('tls.handshake.extensions.supported_version', ext.abs(0), 2, supportedVersion);
      }
      p += 4 + length;
    }
  }
  return { version, supportedVersion, retry };
}

/** server_name (RFC 6066 §3): a list of (type, name); type 0 is a host name. */
function serverNames(ext: Bytes, ctx: PacketContext): void {
  const end = 2 + ext.u16(0);
  for (let p = 2; p + 3 <= end; ) {
    const length = ext.u16(p + 1);
    if (ext.u8(p) === 0) ctx.tree.add('tls.handshake.extensions_server_name', ext.abs(p + 3), length, ext.text(p + 3, length));
    p += 3 + length;
  }
}
