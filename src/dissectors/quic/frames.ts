import { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { handshakeMessage, messageName, type HandshakeState } from '../tls/handshake';
import type { CryptoStream } from './crypto-stream';
import { ALERTS } from '../tls/names';
import { ERROR_CODES, FRAME_TYPES } from './fields';
import { varint } from './varint';

/** What the frames of one decrypted packet need from their connection. */
export interface FrameContext {
  tree: TreeBuilder;
  frame: number;
  /** The sender's CRYPTO stream at this packet's encryption level. */
  crypto: CryptoStream;
  handshake: HandshakeState;
  /** Set when a TLS handshake message was dissected (frame.protocols then lists tls). */
  sawTls?: boolean;
}

/** Frame type names as Info lists them: the tree's, but an ACK with ECN counts is ACK_ECN. */
function infoName(type: number): string {
  if (type === 0x03) return 'ACK_ECN';
  if (type === 0x1c || type === 0x1d) return 'CC';
  return (FRAME_TYPES[type] ?? `Unknown (0x${type.toString(16)})`).replace(/ \(.*\)$/, '');
}

const hex64 = (n: number) => `0x${n.toString(16).padStart(16, '0')}`;

/**
 * The frames of a decrypted payload (RFC 9000 §19) in the tree; returns their names for Info. Frames that only
 * 1-RTT packets carry end the walk (Initial keys open Initial packets only).
 */
export function dissectFrames(p: Bytes, fc: FrameContext): string[] {
  const { tree } = fc;
  const names: string[] = [];
  let at = 0;
  while (at < p.length) {
    const start = at;
    const { value: type, size } = varint(p, at);
    if (type === 0x00) {
      let end = at;
      while (end < p.length && p.u8(end) === 0) end++;
      tree.open('quic.frame', p.abs(start), end - start, `PADDING Length: ${end - start}`);
      tree.add('quic.frame_type', p.abs(start), 1, 0, `Frame Type: PADDING (${hex64(0)})`);
      tree.add('quic.padding_length', p.abs(start), end - start, end - start, `[Padding Length: ${end - start}]`);
      tree.close();
      names.push('PADDING');
      at = end;
      continue;
    }
    const name = FRAME_TYPES[type];
    if (!name) break;
    const item = tree.open('quic.frame', p.abs(start), 0, name);
    tree.add('quic.frame_type', p.abs(start), size, type, `Frame Type: ${name} (${hex64(type)})`);
    at += size;
    const read = (field: string) => {
      const v = varint(p, at);
      tree.add(field, p.abs(at), v.size, v.value);
      at += v.size;
      return v.value;
    };
    switch (type) {
      case 0x01:
      case 0x1e:
        break;
      case 0x02:
      case 0x03: {
        read('quic.ack.largest_acknowledged');
        read('quic.ack.ack_delay');
        const ranges = read('quic.ack.ack_range_count');
        read('quic.ack.first_ack_range');
        for (let i = 0; i < ranges; i++) {
          read('quic.ack.gap');
          read('quic.ack.ack_range');
        }
        if (type === 0x03) {
          read('quic.ack.ect0_count');
          read('quic.ack.ect1_count');
          read('quic.ack.ecn_ce_count');
        }
        break;
      }
      case 0x06: {
        const offset = read('quic.crypto.offset');
        const length = read('quic.crypto.length');
        tree.add('quic.crypto.crypto_data', p.abs(at), length);
        fc.crypto.add(offset, p.bytes(at, length), fc.frame);
        cryptoMessages(p, at, offset, length, fc);
        at += length;
        break;
      }
      case 0x07: {
        const length = read('quic.nt.length');
        tree.add('quic.nt.token', p.abs(at), length, p.bytes(at, length));
        at += length;
        break;
      }
      case 0x1c:
      case 0x1d: {
        const code = varint(p, at);
        if (type === 0x1c) {
          const alert = code.value >= 0x100 && code.value < 0x200;
          const label = alert ? 'CRYPTO_ERROR' : (ERROR_CODES[code.value] ?? 'Unknown');
          const alertName = ALERTS[code.value & 0xff] ?? 'Unknown';
          item.text = `${name} Error code: ${label}${alert ? ` (${alertName})` : ''}`;
          tree.add('quic.cc.error_code', p.abs(at), code.size, code.value, `Error code: ${label} (${code.value})`);
          if (alert)
            tree.add(
              'quic.cc.error_code.tls_alert',
              p.abs(at + code.size - 1),
              1,
              code.value & 0xff,
              `TLS Alert Description: ${alertName} (${code.value & 0xff})`,
            );
          at += code.size;
          const frameType = varint(p, at);
          tree.add('quic.cc.frame_type', p.abs(at), frameType.size, frameType.value, `Frame Type: ${frameType.value}`);
          at += frameType.size;
        } else {
          read('quic.cc.error_code.app');
        }
        const length = read('quic.cc.reason_phrase.length');
        tree.add('quic.cc.reason_phrase', p.abs(at), length, p.text(at, length));
        at += length;
        break;
      }
      default:
        // Stream and flow-control frames belong to 1-RTT packets, which Initial keys cannot open.
        tree.close();
        return names;
    }
    item.length = at - start;
    tree.close();
    names.push(infoName(type));
  }
  return names;
}

/** The handshake messages completed by a CRYPTO frame, handed to the TLS handshake dissector. */
function cryptoMessages(p: Bytes, at: number, offset: number, length: number, fc: FrameContext): void {
  const { tree } = fc;
  const messages = fc.crypto.take();
  if (messages.length === 0) return;
  const within = (m: { offset: number; bytes: Uint8Array }) =>
    m.offset >= offset && m.offset + m.bytes.length <= offset + length;
  for (const m of messages.filter((m) => m.pieces.length > 1)) {
    const list = m.pieces.map((piece) => `#${piece.frame}(${piece.length})`).join(', ');
    tree.within(m.bytes, m.frames, () => {
      const count = m.pieces.length;
      const text = `[${count} Reassembled QUIC CRYPTO Data Fragments (${m.bytes.length} bytes): ${list}]`;
      tree.open('quic.crypto.fragments', 0, m.bytes.length, text);
      let from = 0;
      for (const piece of m.pieces) {
        const range = `${from}-${from + piece.length - 1} (${piece.length} bytes)`;
        tree.add('quic.crypto.fragment', from, piece.length, piece.frame, `[Frame: ${piece.frame}, payload: ${range}]`);
        from += piece.length;
      }
      tree.add('quic.crypto.fragment.count', 0, 0, count, `[Fragment count: ${count}]`);
      tree.close();
    });
  }
  const names = messages.map((m) => messageName(new Bytes(m.bytes)));
  const first = messages[0];
  const span = within(first) ? [p.abs(at + first.offset - offset), length - (first.offset - offset)] : [0, 0];
  tree.open('tls', span[0], span[1], `TLSv1.3 Record Layer: Handshake Protocol: ${names.join(', ')}`);
  for (const m of messages) {
    if (within(m)) handshakeMessage(tree, p.sub(at + m.offset - offset, m.bytes.length), fc.handshake);
    else tree.within(m.bytes, m.frames, () => handshakeMessage(tree, new Bytes(m.bytes), fc.handshake));
  }
  tree.close();
  fc.sawTls = true;
}
