import { hexBytes, treeBytes } from '../../fields/format';
import { bitLine } from '../bit-line';
import { Bytes } from '../bytes';
import { registerHeuristic, type Dissector, type PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import type { HandshakeState } from '../tls/handshake';
import { CryptoStream } from './crypto-stream';
import { PACKET_TYPES, PACKET_TYPES_V2 } from './fields';
import { dissectFrames } from './frames';
import { headerMask, initialKeys, openPayload, QUIC_V2, type InitialKeys } from './initial-keys';
import { decodePacketNumber, varint } from './varint';

interface Side {
  /** The Source Connection ID this side announced: the other side's short headers carry it. */
  cid?: Uint8Array;
  largestInitialPn: number;
  crypto: CryptoStream;
  handshake: HandshakeState;
  /** The first Handshake (0-RTT) packet it sent that no key opened got the expert item. */
  warned: boolean;
}

/** One QUIC connection, by UDP conversation. */
interface Connection {
  number: number;
  /** The side that sent the first Initial. */
  clientSide?: 0 | 1;
  /** The Destination Connection ID the client's Initial packets are protected with (after a Retry, the new one). */
  initialDcid?: string;
  keys?: { client: InitialKeys; server: InitialKeys };
  retried: boolean;
  sides: [Side, Side];
  warnedShort: boolean;
}

// QUIC always carries TLS 1.3 (RFC 9001 §4.2).
const newSide = (): Side => ({
  largestInitialPn: -1,
  crypto: new CryptoStream(),
  handshake: { version: 0x0304 },
  warned: false,
});

function connection(ctx: PacketContext): Connection {
  return ctx.state(() => {
    const counter = ctx.passState(() => ({ next: 0 }));
    return { number: counter.next++, retried: false, sides: [newSide(), newSide()], warnedShort: false };
  });
}

/** Versions whose packets QUIC takes (tshark 4.0's heuristic): 1, 2, drafts, and Version Negotiation. */
function knownVersion(version: number): boolean {
  return (
    version === 0 ||
    version === 1 ||
    version === QUIC_V2 ||
    (version >>> 8 === 0xff0000 && (version & 0xff) >= 0x0d && (version & 0xff) <= 0x22) ||
    forcesNegotiation(version)
  );
}

/** A 0x?a?a?a?a version, which only exists to force Version Negotiation (RFC 9000 §15). */
const forcesNegotiation = (version: number) => (version & 0x0f0f0f0f) >>> 0 === 0x0a0a0a0a;

function versionName(version: number): string {
  if (version === 0) return 'Version Negotiation';
  if (version === 1) return '1';
  if (version === QUIC_V2) return '2';
  if (version >>> 8 === 0xff0000) return `draft-${String(version & 0xff).padStart(2, '0')}`;
  return 'Unknown';
}

const hex32 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** A version as the tree shows it; a reserved one forces negotiation when used, and is GREASE when offered. */
function versionText(label: string, version: number): string {
  const reserved = label === 'Version' ? ' (Forcing Version Negotiation)' : ' (GREASE)';
  const note = forcesNegotiation(version) ? reserved : '';
  return `${label}: ${versionName(version)} (${hex32(version)})${note}`;
}

/**
 * QUIC (RFC 9000, 9001, 9369) on UDP, found by its heuristic as tshark finds it: every packet of a datagram, long
 * headers (Initial, 0-RTT, Handshake, Retry, Version Negotiation) and short ones; Initial packets are decrypted
 * with the keys the client's Destination Connection ID gives, their frames listed, and the TLS handshake in their
 * CRYPTO frames handed to the TLS handshake dissector. Handshake and 1-RTT packets stay protected.
 */
export const quic: Dissector = {
  name: 'quic',
  yields: ['quic', 'tls'],
  heuristic(data, ctx) {
    const first = data.u8(0);
    if (first & 0x80) {
      if (data.length < 7) return false;
      const version = data.u32(1);
      if (!knownVersion(version)) return false;
      const dcil = data.u8(5);
      if (dcil > 20 || data.length < 7 + dcil) return false;
      const scil = data.u8(6 + dcil);
      return scil <= 20 && data.length >= 7 + dcil + scil;
    }
    // A short header belongs to a connection seen before (its connection IDs are known).
    const c = ctx.state<Connection | undefined>(() => undefined);
    return c?.clientSide !== undefined && data.length > 1;
  },
  datagram(data, ctx) {
    ctx.columns.protocol = 'QUIC';
    const c = connection(ctx);
    let at = 0;
    let first = true;
    while (at < data.length) {
      const packet = data.sub(at);
      // A datagram padded after its last packet (RFC 9000 §12.2): zeros are no packet.
      if (!first && packet.u8(0) === 0) break;
      const { length, info } =
        packet.u8(0) & 0x80 ? longPacket(packet, ctx, c, first) : shortPacket(packet, ctx, c, first);
      ctx.columns.info = info;
      at += length;
      first = false;
    }
  },
};

registerHeuristic('udp', quic);

/** The QUIC layer's first lines: the connection (first packet of a datagram) and the packet's length. */
function openPacket(t: TreeBuilder, p: Bytes, c: Connection, first: boolean, length: number): void {
  t.open('quic', p.abs(0), length);
  if (first) {
    t.openText('QUIC Connection information', p.abs(0), 0);
    t.add('quic.connection.number', p.abs(0), 0, c.number, `[Connection Number: ${c.number}]`);
    t.close();
  }
  t.add('quic.packet_length', p.abs(0), 0, length, `[Packet Length: ${length}]`);
}

function cidText(label: string, cid: Uint8Array): string {
  return cid.length ? `, ${label}=${hexBytes(cid)}` : '';
}

function expertFailed(t: TreeBuilder, p: Bytes): void {
  const message = 'Failed to create decryption context: Secrets are not available';
  t.open('_ws.expert', p.abs(0), 0, `[Expert Info (Warning/Decryption): ${message}]`, message);
  t.add('quic.decryption_failed', p.abs(0), 0, undefined, `[${message}]`);
  for (const line of ['[Severity level: Warning]', '[Group: Decryption]']) {
    t.openText(line, p.abs(0), 0);
    t.close();
  }
  t.close();
}

function longPacket(p: Bytes, ctx: PacketContext, c: Connection, first: boolean): { length: number; info: string } {
  const t = ctx.tree;
  const b0 = p.u8(0);
  const version = p.u32(1);
  const dcil = p.u8(5);
  const dcid = p.bytes(6, dcil);
  const scil = p.u8(6 + dcil);
  const scid = p.bytes(7 + dcil, scil);
  let at = 7 + dcil + scil;
  const ids = `${cidText('DCID', dcid)}${cidText('SCID', scid)}`;
  const header = () => {
    t.add('quic.version', p.abs(1), 4, version, versionText('Version', version));
    t.add('quic.dcil', p.abs(5), 1, dcil);
    t.add('quic.dcid', p.abs(6), dcil, dcid);
    t.add('quic.scil', p.abs(6 + dcil), 1, scil);
    t.add('quic.scid', p.abs(7 + dcil), scil, scid);
  };
  if (version === 0) {
    openPacket(t, p, c, first, p.length);
    bitItem(t, p, 'quic.header_form', b0, 0x80, 1, 'Header Form: Long Header (1)');
    bitItem(t, p, 'quic.vn.unused', b0, 0x7f, b0 & 0x7f, `Unused: 0x${(b0 & 0x7f).toString(16).padStart(2, '0')}`);
    header();
    for (; at + 4 <= p.length; at += 4) {
      const v = p.u32(at);
      t.add('quic.supported_version', p.abs(at), 4, v, versionText('Supported Version', v));
    }
    t.close();
    return { length: p.length, info: `Version Negotiation${ids}` };
  }
  const v2 = version === QUIC_V2;
  const typeBits = (b0 >> 4) & 3;
  const typeName = (v2 ? PACKET_TYPES_V2 : PACKET_TYPES)[typeBits];
  const typeField = v2 ? 'quic.long.packet_type_v2' : 'quic.long.packet_type';
  const side = c.sides[ctx.side];
  if (scil) side.cid = scid;
  if (typeName === 'Retry') {
    openPacket(t, p, c, first, p.length);
    headerBits(t, p, b0, typeField, typeBits);
    header();
    const tag = Math.max(at, p.length - 16);
    t.add('quic.retry_token', p.abs(at), tag - at, p.bytes(at, tag - at));
    t.add('quic.retry_integrity_tag', p.abs(tag), p.length - tag, p.bytes(tag, p.length - tag));
    t.close();
    c.retried = true;
    return { length: p.length, info: `Retry${ids}` };
  }
  let token: { length: number; size: number } | undefined;
  if (typeName === 'Initial') {
    const v = varint(p, at);
    token = { length: v.value, size: v.size };
    at += v.size + v.value;
  }
  let len: { value: number; size: number };
  try {
    len = varint(p, at);
  } catch (cut) {
    // A header cut short: its fields so far, then the Malformed.
    openPacket(t, p, c, first, p.length);
    headerBits(t, p, b0, typeField, typeBits);
    header();
    throw cut;
  }
  const pnOffset = at + len.size;
  const length = Math.min(pnOffset + len.value, p.length);
  openPacket(t, p, c, first, length);

  let opened: { pn: number; pnLength: number; b0: number; plain: Uint8Array } | undefined;
  if (typeName === 'Initial') {
    if (c.clientSide === undefined) c.clientSide = ctx.side;
    const fromClient = ctx.side === c.clientSide;
    const key = hexBytes(dcid);
    if (fromClient && (c.initialDcid === undefined || (c.retried && c.initialDcid !== key))) {
      c.initialDcid = key;
      c.keys = initialKeys(version, dcid);
    }
    if (c.keys) opened = openInitial(p, pnOffset, length, fromClient ? c.keys.client : c.keys.server, side);
  }
  headerBits(t, p, opened?.b0 ?? b0, typeField, typeBits, opened !== undefined);
  header();
  if (token) {
    const tokenAt = 7 + dcil + scil;
    t.add('quic.token_length', p.abs(tokenAt), token.size, token.length);
    if (token.length)
      t.add('quic.token', p.abs(tokenAt + token.size), token.length, p.bytes(tokenAt + token.size, token.length));
  }
  t.add('quic.length', p.abs(at), len.size, len.value);
  if (!opened) {
    if (typeName !== 'Initial' && !side.warned) {
      side.warned = true;
      expertFailed(t, p.sub(at));
    }
    const rest = p.sub(pnOffset, length - pnOffset);
    t.add('quic.remaining_payload', rest.abs(0), rest.length, rest.bytes(0, rest.length));
    t.close();
    return { length, info: `${typeName}${ids}` };
  }
  const payloadAt = pnOffset + opened.pnLength;
  t.add('quic.packet_number', p.abs(pnOffset), opened.pnLength, opened.pn);
  t.add('quic.payload', p.abs(payloadAt), length - payloadAt, p.bytes(payloadAt, length - payloadAt));
  const frames = t.within(opened.plain, undefined, () =>
    dissectFrames(new Bytes(opened.plain), {
      tree: t,
      frame: ctx.frame,
      crypto: side.crypto,
      handshake: side.handshake,
    }),
  );
  t.close();
  return { length, info: `${typeName}${ids}, PKN: ${opened.pn}${frames.map((f) => `, ${f}`).join('')}` };
}

/** A field of the first byte, shown as Wireshark shows bit fields ("..00 .... = Packet Type: Initial (0)"). */
function bitItem(t: TreeBuilder, p: Bytes, field: string, b0: number, mask: number, value: number, text: string): void {
  t.add(field, p.abs(0), 1, value, `${bitLine(b0, mask, 8)} = ${text}`);
}

const boolText = (v: number) => (v ? 'True' : 'False');

/** The first byte's fields; the reserved bits and packet number length only once header protection is removed. */
function headerBits(t: TreeBuilder, p: Bytes, b0: number, typeField: string, type: number, unmasked = false): void {
  bitItem(t, p, 'quic.header_form', b0, 0x80, 1, 'Header Form: Long Header (1)');
  bitItem(t, p, 'quic.fixed_bit', b0, 0x40, (b0 >> 6) & 1, `Fixed Bit: ${boolText((b0 >> 6) & 1)}`);
  const names = typeField === 'quic.long.packet_type' ? PACKET_TYPES : PACKET_TYPES_V2;
  bitItem(t, p, typeField, b0, 0x30, type, `Packet Type: ${names[type]} (${type})`);
  if (unmasked) {
    bitItem(t, p, 'quic.long.reserved', b0, 0x0c, (b0 >> 2) & 3, `Reserved: ${(b0 >> 2) & 3}`);
    const pnl = b0 & 3;
    bitItem(t, p, 'quic.packet_number_length', b0, 0x03, pnl, `Packet Number Length: ${pnl + 1} bytes (${pnl})`);
  }
}

/** Removes header protection and opens an Initial packet's payload; undefined when the keys do not fit. */
function openInitial(
  p: Bytes,
  pnOffset: number,
  length: number,
  keys: InitialKeys,
  side: Side,
): { pn: number; pnLength: number; b0: number; plain: Uint8Array } | undefined {
  if (pnOffset + 4 + 16 > length) return undefined;
  const mask = headerMask(keys, p.bytes(pnOffset + 4, 16));
  const b0 = p.u8(0) ^ (mask[0] & 0x0f);
  const pnLength = (b0 & 3) + 1;
  const header = p.bytes(0, pnOffset + pnLength).slice();
  header[0] = b0;
  let truncated = 0;
  for (let i = 0; i < pnLength; i++) {
    header[pnOffset + i] ^= mask[1 + i];
    truncated = truncated * 256 + header[pnOffset + i];
  }
  const pn = decodePacketNumber(side.largestInitialPn, truncated, pnLength * 8);
  const plain = openPayload(keys, pn, header, p.bytes(pnOffset + pnLength, length - pnOffset - pnLength));
  if (!plain) return undefined;
  side.largestInitialPn = Math.max(side.largestInitialPn, pn);
  return { pn, pnLength, b0, plain };
}

function shortPacket(p: Bytes, ctx: PacketContext, c: Connection, first: boolean): { length: number; info: string } {
  const t = ctx.tree;
  const b0 = p.u8(0);
  // The receiver announced the connection ID the sender writes to.
  const cid = c.sides[ctx.side === 0 ? 1 : 0].cid ?? new Uint8Array(0);
  const dcid = p.bytes(1, Math.min(cid.length, p.length - 1));
  openPacket(t, p, c, first, p.length);
  t.open('quic.short', p.abs(0), p.length, `QUIC Short Header DCID=${hexBytes(dcid)}`);
  bitItem(t, p, 'quic.header_form', b0, 0x80, 0, 'Header Form: Short Header (0)');
  bitItem(t, p, 'quic.fixed_bit', b0, 0x40, (b0 >> 6) & 1, `Fixed Bit: ${boolText((b0 >> 6) & 1)}`);
  bitItem(t, p, 'quic.spin_bit', b0, 0x20, (b0 >> 5) & 1, `Spin Bit: ${boolText((b0 >> 5) & 1)}`);
  t.add('quic.dcid', p.abs(1), dcid.length, dcid);
  t.close();
  if (!c.warnedShort) {
    c.warnedShort = true;
    expertFailed(t, p);
  }
  const rest = p.sub(1 + dcid.length);
  t.add(
    'quic.remaining_payload',
    rest.abs(0),
    rest.length,
    rest.bytes(0, rest.length),
    `Remaining Payload: ${treeBytes(rest.bytes(0, rest.length))}`,
  );
  t.close();
  return { length: p.length, info: `Protected Payload (KP0)${cidText('DCID', dcid)}` };
}
