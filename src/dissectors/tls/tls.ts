import { Bytes } from '../bytes';
import { registerHeuristic, registerPort, type Dissector, type PacketContext, type PduResult } from '../api';
import './fields';
import { ALERT_LEVELS, ALERTS, CONTENT_TYPES, VERSION_COLUMNS } from './names';
import { handshakeMessage, messageName, type HandshakeState } from './handshake';
import { deliverPlaintext, newInnerState, type InnerState } from './inner';
import { labelSource, TreeBuilder } from '../tree';
import { treeBytes } from '../../fields/format';
import { addData } from '../data/data';
import type { TlsDecryptor } from '../../tls/connection';
import type { DecryptResult } from '../../tls/record-cipher';

const SEGMENT_NOTE = '[TLS segment of a reassembled PDU]';

/** Handshake bytes of one direction waiting for the rest of their message (it spans records). */
interface Fragments {
  bytes: Uint8Array;
  parts: { frame: number; length: number }[];
}

/** Per connection: what the handshake settled, and per side whether records are encrypted and pending fragments. */
interface Session extends HandshakeState {
  encrypted: [boolean, boolean];
  fragments: [Fragments | undefined, Fragments | undefined];
  /** Decryption of this connection, when the pass has keys (ctx.tls). */
  decryptor?: TlsDecryptor;
  /** The protocol inside (decrypted application data). */
  inner?: InnerState;
}

/**
 * TLS record layer and handshake (RFC 5246, 8446): records reassembled across TCP segments (session.ts),
 * handshake messages across records (the record that completes a message shows it, as Wireshark does), every
 * message of a flight in Info. With keys (ctx.tls, src/tls/), records are decrypted and their content shown as
 * tshark shows it: TLS 1.3's encrypted handshake messages, alerts, and application data handed to the protocol
 * inside (inner.ts).
 */
export const tls: Dissector = {
  name: 'tls',
  // Without keys: the records, the handshake and the certificates it carries (x509.ts, der.ts).
  clearYields: ['tls', 'x509af', 'x509ce', 'x509if', 'x509sat', 'pkcs1', 'pkcs-1', 'ber'],
  stream(data, ctx): PduResult {
    // tshark's TLS clears Info before it asks TCP for the rest of a record.
    if (data.length < 5 || data.length < 5 + data.u16(3)) {
      if (ctx.columns.protocol === 'TCP') ctx.columns.info = '';
      // Like tshark, the segment where a record starts shows the TLS layer (empty unless records came before).
      if (ctx.tree.resume('tls')) ctx.tree.close();
      else ctx.tree.add('tls', data.abs(0), data.length);
      return { more: data.length < 5 ? 5 - data.length : 5 + data.u16(3) - data.length, keepItems: true };
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
  const session = ctx.state<Session>(() => ({
    encrypted: [false, false],
    fragments: [undefined, undefined],
    decryptor: ctx.tls?.connection(ctx.stream),
  }));
  const type = rec.u8(0);
  const version = rec.u16(1);
  const body = rec.sub(5);
  const first = columns.protocol === 'TCP';
  const encrypted = session.encrypted[ctx.side];
  // A TLS 1.3 session whose handshake is not in the capture may still open with its 1-RTT keys.
  const trial = !encrypted && type === 23 && session.version === undefined;
  let opened: DecryptResult | undefined;
  if ((encrypted || trial) && type !== 20 && session.decryptor) {
    opened = session.decryptor.decrypt(ctx.side, type, version, body.bytes(0, body.length), ctx.frame);
    if (trial && opened?.ok) {
      session.version = session.decryptor.negotiatedVersion;
      session.encrypted = [true, true];
    }
  }
  const plain = opened?.ok ? opened : undefined;
  const layer = `${VERSION_COLUMNS[session.version ?? version] ?? 'SSL'} Record Layer`;
  // One TLS layer holds all records of the frame.
  if (!tree.resume('tls')) tree.open('tls', rec.abs(0), rec.length);
  const line = tree.open('tls.record', rec.abs(0), rec.length, layer);
  // TLS 1.3 hides the real type inside the encrypted record; the outer one is only "opaque" (RFC 8446 §5.2).
  const tls13 = session.version === 0x0304;
  tree.add(type === 23 && tls13 ? 'tls.record.opaque_type' : 'tls.record.content_type', rec.abs(0), 1, type);
  tree.add('tls.record.version', rec.abs(1), 2, version);
  tree.add('tls.record.length', rec.abs(3), 2, body.length);
  if (plain && tls13) {
    tree.add(
      'tls.record.content_type',
      rec.abs(0),
      0,
      plain.type,
      `[Content Type: ${CONTENT_TYPES[plain.type] ?? 'Unknown'} (${plain.type})]`,
    );
  }
  // Info entries, filled as messages are found so a malformed one still names what came before.
  const names: string[] = [];
  let deliver: Uint8Array | undefined;
  try {
    if (plain) {
      labelSource(plain.plaintext, 'Decrypted TLS');
      ctx.tls?.onRecord?.({
        stream: ctx.stream,
        frame: ctx.frame,
        side: ctx.side,
        type: plain.type,
        bytes: plain.plaintext,
      });
      deliver = decryptedContent(plain.type, plain.plaintext, body, ctx, session, names, line, layer);
    } else if (type === 22 && !encrypted) {
      const done = handshakeRecord(body, ctx, session, names);
      line.text = `${layer}: Handshake Protocol: ${done.messages.length === 1 ? done.messages[0] : 'Multiple Handshake Messages'}`;
    } else if (type === 22) {
      tree.add('tls.handshake', body.abs(0), body.length, undefined, 'Handshake Protocol: Encrypted Handshake Message');
      names.push('Encrypted Handshake Message');
      line.text = `${layer}: Handshake Protocol: Encrypted Handshake Message`;
    } else if (type === 20) {
      tree.add('tls.change_cipher_spec', body.abs(0), body.length);
      names.push('Change Cipher Spec');
      line.text = `${layer}: Change Cipher Spec Protocol: Change Cipher Spec`;
      // TLS 1.3's compatibility CCS changes nothing; in 1.2 it starts encryption of this side.
      if (session.version !== 0x0304) session.encrypted[ctx.side] = true;
      session.decryptor?.onChangeCipherSpec(ctx.side);
    } else if (type === 21 && !encrypted && body.length === 2) {
      alert(body, ctx, names, line, layer);
    } else if (type === 21) {
      tree.add('tls.alert_message', body.abs(0), body.length, undefined, 'Alert Message: Encrypted Alert');
      line.text = `${layer}: Encrypted Alert`;
      names.push('Encrypted Alert');
    } else if (type === 23) {
      tree.add('tls.app_data', body.abs(0), body.length, body.bytes(0, body.length));
      line.text = `${layer}: Application Data Protocol: Application Data`;
      names.push('Application Data');
    } else {
      names.push(CONTENT_TYPES[type] ?? 'Ignored Unknown Record');
      line.text = `${layer}: ${names[0]}`;
    }
  } finally {
    tree.close();
    tree.close();
    columns.protocol = VERSION_COLUMNS[session.version ?? version] ?? 'SSL';
    const info = names.join(', ');
    if (info) columns.info = first || !columns.info ? info : `${columns.info}, ${info}`;
  }
  // An empty record (TLS 1.0's countermeasure against predictable IVs) carries nothing to hand on.
  if (deliver?.length) applicationData(deliver, ctx, session);
}

/**
 * A decrypted record's content under its record line: handshake messages, an alert, or application data (whose
 * plaintext is returned, to go to the protocol inside once the TLS layer is closed).
 */
function decryptedContent(
  type: number,
  plaintext: Uint8Array,
  body: Bytes,
  ctx: PacketContext,
  session: Session,
  names: string[],
  line: { text?: string },
  layer: string,
): Uint8Array | undefined {
  const { tree } = ctx;
  const inner = new Bytes(plaintext);
  if (type === 22) {
    const done = tree.within(plaintext, undefined, () => handshakeRecord(inner, ctx, session, names));
    line.text = `${layer}: Handshake Protocol: ${done.messages.length === 1 ? done.messages[0] : 'Multiple Handshake Messages'}`;
  } else if (type === 21 && plaintext.length === 2) {
    tree.within(plaintext, undefined, () => alert(inner, ctx, names, line, layer));
  } else if (type === 23) {
    tree.add('tls.app_data', body.abs(0), body.length, body.bytes(0, body.length));
    line.text = `${layer}: Application Data Protocol: Application Data`;
    names.push('Application Data');
    return plaintext;
  } else {
    names.push(CONTENT_TYPES[type] ?? 'Ignored Unknown Record');
    line.text = `${layer}: ${names[names.length - 1]}`;
  }
  return undefined;
}

function alert(body: Bytes, ctx: PacketContext, names: string[], line: { text?: string }, layer: string): void {
  const { tree } = ctx;
  const level = body.u8(0);
  const desc = body.u8(1);
  const text = `Alert (Level: ${ALERT_LEVELS[level] ?? 'Unknown'}, Description: ${ALERTS[desc] ?? 'Unknown'})`;
  line.text = `${layer}: ${text}`;
  tree.open('tls.alert_message', body.abs(0), 2, 'Alert Message');
  tree.add('tls.alert_message.level', body.abs(0), 1, level);
  tree.add('tls.alert_message.desc', body.abs(1), 1, desc);
  tree.close();
  names.push(text);
}

/**
 * Decrypted application data to the protocol inside. While its PDU is incomplete the record shows "TLS segment
 * data" and Info says so, as tshark's TLS reassembly does.
 */
function applicationData(plaintext: Uint8Array, ctx: PacketContext, session: Session): void {
  const { tree, columns } = ctx;
  session.inner ??= newInnerState();
  const inner = session.inner;
  const delivery = tree.within(plaintext, undefined, () =>
    deliverPlaintext(plaintext, ctx, inner, session.decryptor?.alpn),
  );
  // No protocol takes it: the plaintext is Data, as tshark shows it.
  if (delivery.outcome === 'none') tree.within(plaintext, undefined, () => addData(tree, new Bytes(plaintext)));
  const segment = new TreeBuilder(plaintext);
  if (delivery.outcome === 'pending' || delivery.reassembled) {
    segment.add(
      'tls.segment.data',
      0,
      plaintext.length,
      plaintext,
      `TLS segment data (${plaintext.length} bytes)`,
    ).depth = 1;
  }
  if (delivery.outcome === 'pending') {
    // tshark's TLS reassembly sets Info to this note, over what the frame's records said.
    columns.info = SEGMENT_NOTE;
    tree.items.push(...segment.items);
    return;
  }
  if (!delivery.reassembled) return;
  // Under the record, the part it added; before the protocol inside, the records its PDU was gathered from.
  const { parts, bytes, itemsAt } = delivery.reassembled;
  const frames = parts.map((p) => p.frame);
  labelSource(bytes, 'Reassembled SSL');
  segment.source(bytes, frames);
  const list = parts.map((p) => `#${p.frame}(${p.length})`).join(', ');
  segment.open(
    'tls.segments',
    0,
    bytes.length,
    `[${parts.length} Reassembled TLS segments (${bytes.length} bytes): ${list}]`,
  );
  let offset = 0;
  for (const part of parts) {
    segment.add(
      'tls.segment',
      offset,
      part.length,
      part.frame,
      `[Frame: ${part.frame}, payload: ${offset}-${offset + part.length - 1} (${part.length} bytes)]`,
    );
    offset += part.length;
  }
  segment.add('tls.segment.count', 0, 0, parts.length, `[Segment count: ${parts.length}]`);
  segment.add('tls.reassembled.length', 0, 0, bytes.length, `[Reassembled PDU length: ${bytes.length}]`);
  segment.add('tls.reassembled.data', 0, bytes.length, bytes, `[Reassembled PDU data: ${treeBytes(bytes)}]`);
  segment.close();
  tree.items.splice(itemsAt, 0, ...segment.items);
  tree.countedLayer('tls.segments');
}

/**
 * The handshake messages in one record's body: first the rest of a message started in earlier records, then
 * whole messages, then the start of one that continues in the next record. Returns the record line's message
 * names; adds the Info entries to `info`.
 */
function handshakeRecord(body: Bytes, ctx: PacketContext, session: Session, info: string[]): { messages: string[] } {
  const { tree } = ctx;
  const messages: string[] = [];
  let p = 0;
  const pending = session.fragments[ctx.side];
  if (pending) {
    const joined = append(pending.bytes, body.bytes(0, body.length));
    const needed = joined.length >= 4 ? 4 + new Bytes(joined).u24(1) : Infinity;
    const take = Math.min(body.length, needed - pending.bytes.length);
    pending.parts.push({ frame: ctx.frame, length: take });
    pending.bytes = joined.subarray(0, pending.bytes.length + take);
    const name = pending.bytes.length >= 4 ? messageName(new Bytes(pending.bytes)) : 'Unknown';
    p = take;
    if (pending.bytes.length < needed) {
      tree.add('tls.handshake', body.abs(0), take, undefined, `Handshake Protocol: ${name} (fragment)`);
    } else {
      session.fragments[ctx.side] = undefined;
      tree.add('tls.handshake', body.abs(0), take, undefined, `Handshake Protocol: ${name} (last fragment)`);
      const message = pending.bytes.slice();
      const frames = pending.parts.map((part) => part.frame);
      messages.push(name);
      info.push(name);
      tree.within(message, frames, () => {
        fragmentList(ctx, pending);
        handshakeMessage(tree, new Bytes(message), session);
      });
      session.decryptor?.onHandshake(ctx.side, message);
      afterMessage(message[0], name, session);
    }
  }
  while (p < body.length) {
    const rest = body.length - p;
    const length = rest >= 4 ? body.u24(p + 1) : Infinity;
    if (rest < 4 + length) {
      const bytes = body.bytes(p, rest).slice();
      session.fragments[ctx.side] = { bytes, parts: [{ frame: ctx.frame, length: rest }] };
      const name = rest >= 4 ? messageName(body.sub(p)) : 'Unknown';
      tree.add('tls.handshake', body.abs(p), rest, undefined, `Handshake Protocol: ${name} (fragment)`);
      messages.push(`${name} (fragment)`);
      info.push(`[${name} Fragment]`);
      break;
    }
    const msg = body.sub(p, 4 + length);
    const name = messageName(msg);
    messages.push(name);
    info.push(name);
    handshakeMessage(tree, msg, session);
    session.decryptor?.onHandshake(ctx.side, msg.bytes(0, msg.length));
    afterMessage(msg.u8(0), name, session);
    p += 4 + length;
  }
  return { messages };
}

/** TLS 1.3 encrypts everything after the ServerHello (a HelloRetryRequest leaves the next ClientHello clear). */
function afterMessage(type: number, name: string, session: Session): void {
  if (type === 2 && name !== 'Hello Retry Request' && session.version === 0x0304) session.encrypted = [true, true];
}

/** "[3 Reassembled Handshake Fragments (1516 bytes): #6(512), #6(512), #6(492)]" with one line per fragment. */
function fragmentList(ctx: PacketContext, pending: Fragments): void {
  const { tree } = ctx;
  const total = pending.bytes.length;
  const summary = pending.parts.map((part) => `#${part.frame}(${part.length})`).join(', ');
  tree.open(
    'tls.handshake.fragments',
    0,
    total,
    `[${pending.parts.length} Reassembled Handshake Fragments (${total} bytes): ${summary}]`,
  );
  let offset = 0;
  for (const part of pending.parts) {
    tree.add(
      'tls.handshake.fragment',
      offset,
      part.length,
      part.frame,
      `[Frame: ${part.frame}, payload: ${offset}-${offset + part.length - 1} (${part.length} bytes)]`,
    );
    offset += part.length;
  }
  tree.add(
    'tls.handshake.fragment.count',
    0,
    0,
    pending.parts.length,
    `[Handshake Fragment count: ${pending.parts.length}]`,
  );
  tree.close();
}

function append(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
