import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { limitedLabel } from '../label-limit';
import { ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext, type PduResult } from '../api';
import { field } from '../../fields/define';

// RFC 4250 §4.1 message numbers, named as tshark names them (30/31 depend on the key exchange method).
const MESSAGES: Record<number, string> = {
  1: 'Disconnect',
  2: 'Ignore',
  3: 'Unimplemented',
  4: 'Debug',
  5: 'Service Request',
  6: 'Service Accept',
  7: 'Extension Info',
  20: 'Key Exchange Init',
  21: 'New Keys',
};
const ECDH_MESSAGES: Record<number, string> = {
  30: 'Elliptic Curve Diffie-Hellman Key Exchange Init',
  31: 'Elliptic Curve Diffie-Hellman Key Exchange Reply',
};
const DH_MESSAGES: Record<number, string> = {
  30: 'Diffie-Hellman Key Exchange Init',
  31: 'Diffie-Hellman Key Exchange Reply',
};

// The name-lists of SSH_MSG_KEXINIT (RFC 4253 §7.1), in order.
const NAME_LISTS = [
  'kex_algorithms',
  'server_host_key_algorithms',
  'encryption_algorithms_client_to_server',
  'encryption_algorithms_server_to_client',
  'mac_algorithms_client_to_server',
  'mac_algorithms_server_to_client',
  'compression_algorithms_client_to_server',
  'compression_algorithms_server_to_client',
  'languages_client_to_server',
  'languages_server_to_client',
];

registerFields([
  field('ssh', 'SSH Protocol', 'protocol'),
  field('ssh.protocol', 'Protocol', 'string'),
  field('ssh.direction', 'Direction', 'bool', { boolLabels: ['client-to-server', 'server-to-client'] }),
  field('ssh.packet_length', 'Packet Length', 'uint'),
  field('ssh.padding_length', 'Padding Length', 'uint', { bits: 8 }),
  field('ssh.message_code', 'Message Code', 'uint', { bits: 8, values: { ...MESSAGES, ...DH_MESSAGES } }),
  field('ssh.payload', 'Payload', 'bytes'),
  field('ssh.padding_string', 'Padding String', 'bytes'),
  field('ssh.seq_num', 'Sequence number', 'uint'),
  field('ssh.cookie', 'Cookie', 'bytes'),
  ...NAME_LISTS.flatMap((list) => [
    field(`ssh.${list}_length`, `${list} length`, 'uint'),
    field(`ssh.${list}`, `${list} string`, 'string'),
  ]),
  field('ssh.first_kex_packet_follows', 'First KEX Packet Follows', 'uint', { bits: 8 }),
  field('ssh.kex.reserved', 'Reserved', 'bytes'),
  field('ssh.kex.hassh_algorithms', 'hasshAlgorithms', 'string'),
  field('ssh.kex.hassh', 'hassh', 'string'),
  field('ssh.kex.hasshserver_algorithms', 'hasshServerAlgorithms', 'string'),
  field('ssh.kex.hasshserver', 'hasshServer', 'string'),
  field('ssh.host_key.length', 'Host key length', 'uint'),
  field('ssh.host_key.type_length', 'Host key type length', 'uint'),
  field('ssh.host_key.type', 'Host key type', 'string'),
  field('ssh.host_key.data', 'Host key data', 'bytes'),
  field('ssh.host_key.rsa.e', 'RSA public exponent (e)', 'bytes'),
  field('ssh.host_key.rsa.n', 'RSA modulus (N)', 'bytes'),
  field('ssh.host_key.ecdsa.id_length', 'ECDSA elliptic curve identifier length', 'uint'),
  field('ssh.host_key.ecdsa.id', 'ECDSA elliptic curve identifier', 'string'),
  field('ssh.host_key.ecdsa.q_length', 'ECDSA public key length', 'uint'),
  field('ssh.host_key.ecdsa.q', 'ECDSA public key (Q)', 'bytes'),
  field('ssh.host_key.eddsa.key_length', 'EdDSA public key length', 'uint'),
  field('ssh.host_key.eddsa.key', 'EdDSA public key', 'bytes'),
  field('ssh.host_sig.length', 'Host signature length', 'uint'),
  field('ssh.host_sig.type_length', 'Host signature type length', 'uint'),
  field('ssh.host_sig.type', 'Host signature type', 'string'),
  field('ssh.mpint_length', 'Multi Precision Integer Length', 'uint'),
  field('ssh.dh.e', 'DH client e', 'bytes'),
  field('ssh.dh.f', 'DH server f', 'bytes'),
  field('ssh.ecdh.q_c_length', "ECDH client's ephemeral public key length", 'uint'),
  field('ssh.ecdh.q_c', "ECDH client's ephemeral public key (Q_C)", 'bytes'),
  field('ssh.ecdh.q_s_length', "ECDH server's ephemeral public key length", 'uint'),
  field('ssh.ecdh.q_s', "ECDH server's ephemeral public key (Q_S)", 'bytes'),
]);

const SSH_PORTS = [22, 29418];

/** One direction of a connection: its protocol version, packets counted, and whether its keys are in use. */
interface Peer {
  version?: number;
  seq: number;
  kexinit?: string[];
  encrypted: boolean;
}

interface Session {
  peers: [Peer, Peer];
  /** The negotiated algorithms (RFC 4253 §7.1), known once both KEXINITs are seen. */
  kex?: string;
  /** Set by the key exchange reply: from then on packet headers name the negotiated ciphers. */
  ciphersKnown: boolean;
}

/**
 * SSH (RFC 4253): the version exchange, the cleartext binary packets of the key exchange (KEXINIT, DH/ECDH
 * init and reply, NEWKEYS), then opaque encrypted packets, as tshark shows them without keys.
 */
export const ssh: Dissector = {
  name: 'ssh',
  yields: ['ssh'],
  stream(data, ctx) {
    const session = ctx.state<Session>(() => ({
      peers: [
        { seq: 0, encrypted: false },
        { seq: 0, encrypted: false },
      ],
      ciphersKnown: false,
    }));
    const client = isClient(ctx);
    const peer = session.peers[client ? 0 : 1];
    const others = session.peers.find((p) => p.version !== undefined);
    ctx.columns.protocol = others?.version === 2 ? 'SSHv2' : others?.version === 1 ? 'SSHv1' : 'SSH';
    if (peer.version === undefined && !peer.encrypted) return versionLine(data, ctx, peer, client);
    const messages: string[] = [];
    const { tree } = ctx;
    let at = 0;
    tree.open('ssh', data.abs(0), data.length);
    while (at < data.length) {
      if (peer.encrypted) {
        tree.openText(header(session, client), data.abs(at), data.length - at);
        tree.close();
        at = data.length;
        break;
      }
      if (data.length - at < 4) break;
      const total = 4 + data.u32(at);
      if (data.length - at < total) break;
      binaryPacket(data.sub(at, total), ctx, session, peer, client, messages);
      at += total;
    }
    if (at === 0) {
      tree.unwind();
      tree.items.splice(tree.items.length - 1, 1);
      return { more: data.length < 4 ? ONE_MORE_SEGMENT : 4 + data.u32(0) - data.length };
    }
    direction(data, ctx, client);
    tree.close();
    setInfo(ctx, client, messages);
    return at;
  },
};

for (const port of SSH_PORTS) registerPort('tcp', port, ssh);

function isClient(ctx: PacketContext): boolean {
  if (SSH_PORTS.includes(ctx.dstPort)) return true;
  if (SSH_PORTS.includes(ctx.srcPort)) return false;
  return ctx.side === 0;
}

function direction(data: Bytes, ctx: PacketContext, client: boolean): void {
  ctx.tree.add(
    'ssh.direction',
    data.abs(0),
    0,
    client ? 0 : 1,
    `[Direction: ${client ? 'client-to-server' : 'server-to-client'}]`,
  );
}

/** "SSH-protoversion-softwareversion comments CR LF" (RFC 4253 §4.2); lines before it that do not start "SSH-" are ignored by the spec. */
function versionLine(data: Bytes, ctx: PacketContext, peer: Peer, client: boolean): PduResult {
  const lf = data.indexOf(0x0a);
  if (lf < 0) return { more: ONE_MORE_SEGMENT };
  const end = lf > 0 && data.u8(lf - 1) === 0x0d ? lf - 1 : lf;
  const line = data.text(0, end);
  if (line.startsWith('SSH-')) peer.version = line.startsWith('SSH-1.') && !line.startsWith('SSH-1.99') ? 1 : 2;
  ctx.tree.open('ssh', data.abs(0), lf + 1);
  ctx.tree.add('ssh.protocol', data.abs(0), lf + 1, line);
  direction(data, ctx, client);
  ctx.tree.close();
  ctx.columns.info = `${client ? 'Client' : 'Server'}: Protocol (${line})`;
  return lf + 1;
}

function header(session: Session, client: boolean): string {
  const algorithms = session.ciphersKnown ? negotiated(session) : undefined;
  if (!algorithms) return 'SSH Version 2';
  const [enc, mac, comp] = client
    ? [algorithms[2], algorithms[4], algorithms[6]]
    : [algorithms[3], algorithms[5], algorithms[7]];
  // AEAD ciphers carry their own integrity: no MAC is negotiated for them in effect.
  const aead = enc === 'chacha20-poly1305@openssh.com' || /gcm@openssh\.com$/.test(enc ?? '');
  return `SSH Version 2 (encryption:${enc}${aead ? '' : ` mac:${mac}`} compression:${comp})`;
}

/** For each name-list, the first of the client's names that the server also lists (RFC 4253 §7.1). */
function negotiated(session: Session): (string | undefined)[] | undefined {
  const [client, server] = session.peers.map((p) => p.kexinit);
  if (!client || !server) return undefined;
  return client.map((list, i) => {
    const offered = server[i].split(',');
    return list.split(',').find((name) => offered.includes(name));
  });
}

function setInfo(ctx: PacketContext, client: boolean, messages: string[]): void {
  ctx.columns.info = `${client ? 'Client' : 'Server'}: ${messages.join(', ')}`;
}

/** One binary packet (RFC 4253 §6) of the cleartext phase; its message name joins `messages` (Info) before its body is read. */
function binaryPacket(
  packet: Bytes,
  ctx: PacketContext,
  session: Session,
  peer: Peer,
  client: boolean,
  messages: string[],
): void {
  const { tree } = ctx;
  const length = packet.u32(0);
  const padding = packet.u8(4);
  tree.openText(header(session, client), packet.abs(0), packet.length);
  tree.add('ssh.packet_length', packet.abs(0), 4, length);
  tree.add('ssh.padding_length', packet.abs(4), 1, padding);
  const payloadLength = length - padding - 1;
  const payload = packet.sub(5, payloadLength);
  const code = payload.u8(0);
  const method = negotiated(session)?.[0];
  const names = code === 30 || code === 31 ? (isEcdh(method) ? ECDH_MESSAGES : DH_MESSAGES) : MESSAGES;
  const name = names[code] ?? `Unknown (${code})`;
  messages.push(name);
  setInfo(ctx, client, messages);
  tree.openText(
    code >= 20 && code <= 49 ? `Key Exchange${method ? ` (method:${method})` : ''}` : 'SSH Message',
    payload.abs(0),
    payload.length,
  );
  tree.add('ssh.message_code', payload.abs(0), 1, code, `Message Code: ${name} (${code})`);
  message(payload, code, ctx, session, peer, method);
  tree.close();
  tree.add('ssh.padding_string', packet.abs(5 + payloadLength), padding);
  tree.add('ssh.seq_num', packet.abs(0), 0, peer.seq, `Sequence number: ${peer.seq}`);
  tree.close();
  peer.seq++;
  if (code === 21) peer.encrypted = true;
}

function isEcdh(method: string | undefined): boolean {
  return (
    method !== undefined &&
    (method.startsWith('curve25519') || method.startsWith('curve448') || method.startsWith('ecdh-sha2-'))
  );
}

function message(
  payload: Bytes,
  code: number,
  ctx: PacketContext,
  session: Session,
  peer: Peer,
  method: string | undefined,
): void {
  const { tree } = ctx;
  if (code === 20) {
    tree.openText('Algorithms', payload.abs(1), payload.length - 1);
    tree.add('ssh.cookie', payload.abs(1), 16);
    let at = 17;
    const lists: string[] = [];
    for (const list of NAME_LISTS) {
      const n = payload.u32(at);
      tree.add(`ssh.${list}_length`, payload.abs(at), 4, n);
      const text = payload.text(at + 4, n);
      tree.add(`ssh.${list}`, payload.abs(at + 4), n, text, limitedLabel(`${list} string`, text));
      lists.push(text);
      at += 4 + n;
    }
    tree.add('ssh.first_kex_packet_follows', payload.abs(at), 1, payload.u8(at));
    tree.add('ssh.kex.reserved', payload.abs(at + 1), 4);
    fingerprint(payload, lists, ctx, peer === session.peers[0]);
    tree.close();
    peer.kexinit = lists;
    return;
  }
  if (code !== 30 && code !== 31) return;
  if (isEcdh(method)) {
    if (code === 30) {
      lengthPrefixed(payload, 1, 'ssh.ecdh.q_c_length', 'ssh.ecdh.q_c', ctx);
      return;
    }
    let at = hostKey(payload, 1, ctx);
    at = lengthPrefixed(payload, at, 'ssh.ecdh.q_s_length', 'ssh.ecdh.q_s', ctx);
    hostSignature(payload, at, ctx);
    session.ciphersKnown = true;
  } else if (method !== undefined && !method.startsWith('diffie-hellman-group-exchange')) {
    // Classic DH (RFC 4253 §8) and, read the same way, the hybrid post-quantum methods (sntrup761x25519).
    if (code === 30) {
      lengthPrefixed(payload, 1, 'ssh.mpint_length', 'ssh.dh.e', ctx);
      return;
    }
    let at = hostKey(payload, 1, ctx);
    at = lengthPrefixed(payload, at, 'ssh.mpint_length', 'ssh.dh.f', ctx);
    hostSignature(payload, at, ctx);
    session.ciphersKnown = true;
  }
}

/**
 * HASSH (Salesforce's SSH client/server fingerprint): the MD5 of the key exchange, cipher, MAC and compression
 * lists of the sender's own direction, joined by ';'.
 */
function fingerprint(payload: Bytes, lists: string[], ctx: PacketContext, client: boolean): void {
  const [kex, , encC, encS, macC, macS, compC, compS] = lists;
  const algorithms = client ? [kex, encC, macC, compC].join(';') : [kex, encS, macS, compS].join(';');
  const hash = bytesToHex(md5(new TextEncoder().encode(algorithms)));
  const [listField, hashField, label] = client
    ? ['ssh.kex.hassh_algorithms', 'ssh.kex.hassh', 'hassh']
    : ['ssh.kex.hasshserver_algorithms', 'ssh.kex.hasshserver', 'hasshServer'];
  ctx.tree.add(listField, payload.abs(0), 0, algorithms, `[${limitedLabel(`${label}Algorithms`, algorithms)}]`);
  ctx.tree.add(hashField, payload.abs(0), 0, hash, `[${label}: ${hash}]`);
}

/** A uint32 length then that many bytes; returns the offset after them. */
function lengthPrefixed(
  payload: Bytes,
  at: number,
  lengthField: string,
  valueField: string,
  ctx: PacketContext,
): number {
  const n = payload.u32(at);
  ctx.tree.add(lengthField, payload.abs(at), 4, n);
  const def = valueField.endsWith('.type') || valueField.endsWith('.id');
  ctx.tree.add(valueField, payload.abs(at + 4), n, def ? payload.text(at + 4, n) : undefined);
  return at + 4 + n;
}

/** K_S, the server's public host key blob (RFC 4253 §6.6, RFC 5656, RFC 8709). */
function hostKey(payload: Bytes, at: number, ctx: PacketContext): number {
  const { tree } = ctx;
  const length = payload.u32(at);
  const blob = payload.sub(at + 4, length);
  const type = blob.text(4, blob.u32(0));
  tree.openText(`KEX host key (type: ${type})`, payload.abs(at), 4 + length);
  tree.add('ssh.host_key.length', payload.abs(at), 4, length);
  let p = lengthPrefixed(blob, 0, 'ssh.host_key.type_length', 'ssh.host_key.type', ctx);
  if (type === 'ssh-rsa') {
    p = lengthPrefixed(blob, p, 'ssh.mpint_length', 'ssh.host_key.rsa.e', ctx);
    lengthPrefixed(blob, p, 'ssh.mpint_length', 'ssh.host_key.rsa.n', ctx);
  } else if (type.startsWith('ecdsa-sha2-')) {
    p = lengthPrefixed(blob, p, 'ssh.host_key.ecdsa.id_length', 'ssh.host_key.ecdsa.id', ctx);
    lengthPrefixed(blob, p, 'ssh.host_key.ecdsa.q_length', 'ssh.host_key.ecdsa.q', ctx);
  } else if (type === 'ssh-ed25519' || type === 'ssh-ed448') {
    lengthPrefixed(blob, p, 'ssh.host_key.eddsa.key_length', 'ssh.host_key.eddsa.key', ctx);
  } else if (p < blob.length) {
    tree.add('ssh.host_key.data', blob.abs(p), blob.length - p);
  }
  tree.close();
  return at + 4 + length;
}

/** The exchange hash signature: its length and algorithm name (the signature blob itself stays opaque). */
function hostSignature(payload: Bytes, at: number, ctx: PacketContext): number {
  const { tree } = ctx;
  const length = payload.u32(at);
  const blob = payload.sub(at + 4, length);
  const type = blob.text(4, blob.u32(0));
  tree.openText(`KEX host signature (type: ${type})`, payload.abs(at), 4 + length);
  tree.add('ssh.host_sig.length', payload.abs(at), 4, length);
  lengthPrefixed(blob, 0, 'ssh.host_sig.type_length', 'ssh.host_sig.type', ctx);
  tree.close();
  return at + 4 + length;
}
