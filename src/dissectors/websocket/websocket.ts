import { Bytes } from '../bytes';
import { bitLine } from '../bit-line';
import { addData } from '../data/data';
import { addExpert } from '../expert';
import { addTextLines } from '../media/text-lines';
import { labelSource, type TreeBuilder } from '../tree';
import { registerUpgrade, type Dissector, type PacketContext, type PduResult } from '../api';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';
import { CLOSE_CODES, OPCODES } from './fields';

const [CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG] = [0, 1, 2, 8, 9, 10];

/** A message sent in several frames (RFC 6455 §5.4), gathered until the frame with FIN set. */
interface Fragmented {
  opcode: number;
  parts: { frame: number; bytes: Uint8Array }[];
}

/** Each direction's message under way; kept beside whatever the carrier (HTTP) keeps for the connection. */
const STATE = Symbol('websocket');
interface Connection {
  fragmented: [Fragmented | undefined, Fragmented | undefined];
  /** The frame whose Info was last written, and what its Info held before the first WebSocket frame in it. */
  infoFrame: number;
  infoPrefix: string;
}

function connection(ctx: PacketContext): Connection {
  const holder = ctx.state<{ [STATE]?: Connection }>(() => ({}));
  return (holder[STATE] ??= { fragmented: [undefined, undefined], infoFrame: 0, infoPrefix: '' });
}

/**
 * WebSocket (RFC 6455) after HTTP's Upgrade: one frame per PDU, reassembled across TCP segments; masked payloads
 * unmasked into a buffer of their own, fragmented messages gathered, shown as Wireshark shows them.
 */
export const websocket: Dissector = {
  name: 'websocket',
  yields: ['websocket', 'data-text-lines', 'data'],
  stream(data, ctx): PduResult {
    if (data.length < 2) return { more: 2 - data.length };
    const [b0, b1] = [data.u8(0), data.u8(1)];
    const length7 = b1 & 0x7f;
    const masked = (b1 & 0x80) !== 0;
    const header = 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (masked ? 4 : 0);
    if (data.length < header) return { more: header - data.length };
    const length = length7 === 126 ? data.u16(2) : length7 === 127 ? data.u32(2) * 2 ** 32 + data.u32(6) : length7;
    if (data.length < header + length) return { more: header + length - data.length };
    dissectFrame(data, ctx, header, length);
    return header + length;
  },
};

registerUpgrade('websocket', websocket);

/**
 * The Info that stays before this frame's WebSocket text: what the carrier wrote for its own PDU earlier in the
 * frame (the 101 response a frame also holds), as Wireshark's column fence keeps it; each WebSocket frame then
 * replaces the one before it in the same segment.
 */
function infoBefore(ctx: PacketContext): string {
  const conn = connection(ctx);
  if (conn.infoFrame !== ctx.frame) {
    conn.infoFrame = ctx.frame;
    conn.infoPrefix = ctx.tree.items.some((item) => item.depth === 0 && item.layer === undefined)
      ? ctx.columns.info
      : '';
  }
  return conn.infoPrefix;
}

function dissectFrame(data: Bytes, ctx: PacketContext, header: number, length: number): void {
  const { tree, columns } = ctx;
  const [b0, b1] = [data.u8(0), data.u8(1)];
  const fin = (b0 & 0x80) !== 0;
  const opcode = b0 & 0x0f;
  const masked = (b1 & 0x80) !== 0;
  const length7 = b1 & 0x7f;
  columns.protocol = 'WebSocket';
  columns.info =
    infoBefore(ctx) +
    `WebSocket ${OPCODES[opcode] ?? 'Unknown Opcode'}` +
    (fin ? ' [FIN]' : '[FRAGMENT] ') +
    (masked ? ' [MASKED]' : ' ');

  tree.open('websocket', data.abs(0), header + length);
  const yes = (b: boolean) => (b ? 'True' : 'False');
  tree.add('websocket.fin', data.abs(0), 1, fin ? 1 : 0, `${bitLine(b0, 0x80, 8)} = Fin: ${yes(fin)}`);
  const rsv = (b0 >> 4) & 7;
  tree.add('websocket.rsv', data.abs(0), 1, rsv, `${bitLine(b0, 0x70, 8)} = Reserved: 0x${rsv.toString(16)}`);
  const name = OPCODES[opcode] ?? 'Unknown';
  tree.add('websocket.opcode', data.abs(0), 1, opcode, `${bitLine(b0, 0x0f, 8)} = Opcode: ${name} (${opcode})`);
  tree.add('websocket.mask', data.abs(1), 1, masked ? 1 : 0, `${bitLine(b1, 0x80, 8)} = Mask: ${yes(masked)}`);
  const extended =
    length7 === 126
      ? ' Extended Payload Length (16 bits)'
      : length7 === 127
        ? ' Extended Payload Length (64 bits)'
        : '';
  tree.add(
    'websocket.payload_length',
    data.abs(1),
    1,
    length7,
    `${bitLine(b1, 0x7f, 8)} = Payload length: ${length7}${extended}`,
  );
  if (length7 === 126) tree.add('websocket.payload_length_ext_16', data.abs(2), 2, length);
  if (length7 === 127) tree.add('websocket.payload_length_ext_64', data.abs(2), 8, length);
  let payload = data.sub(header, length);
  if (masked) {
    const key = data.bytes(header - 4, 4);
    tree.add('websocket.masking_key', data.abs(header - 4), 4, key);
    if (length > 0) {
      tree.add('websocket.masked_payload', payload.abs(0), length);
      const unmasked = payload.bytes(0, length).map((b, i) => b ^ key[i & 3]);
      labelSource(unmasked, 'Unmasked data');
      payload = new Bytes(unmasked);
    }
  }
  if (length === 0) return tree.close();
  const body = masked ? payload.data : undefined;
  const show = <T>(fill: () => T): T => (body ? tree.within(body, undefined, fill) : fill());
  const after = show(() => dissectPayload(payload, ctx, fin, opcode));
  tree.close();
  show(() => after?.());
}

/**
 * The Payload subtree of one frame; returns what follows the WebSocket line at the top of the tree (the message
 * handed on as text lines or data, a fragment's bytes, a reassembly's fragment list).
 */
function dissectPayload(payload: Bytes, ctx: PacketContext, fin: boolean, opcode: number): (() => void) | undefined {
  const { tree } = ctx;
  const fragments = connection(ctx).fragmented;
  tree.open('websocket.payload', payload.abs(0), payload.length);
  try {
    if (opcode === CONTINUATION) {
      const message = fragments[ctx.side];
      const part = { frame: ctx.frame, bytes: payload.bytes(0, payload.length) };
      if (!fin) {
        message?.parts.push(part);
        return () => tree.add('websocket.payload.continue', payload.abs(0), payload.length);
      }
      // A last fragment with no message begun is no known payload to Wireshark: opcode 0's Unknown.
      if (!message) return void messagePayload(tree, payload, opcode);
      fragments[ctx.side] = undefined;
      message.parts.push(part);
      const whole = join(message.parts.map((p) => p.bytes));
      const frames = message.parts.map((p) => p.frame);
      const gathered = new Bytes(whole);
      tree.within(whole, frames, () => messagePayload(tree, gathered, message.opcode));
      return () =>
        tree.within(whole, frames, () => {
          fragmentList(tree, message.parts, whole.length);
          handOn(tree, gathered, message.opcode);
        });
    }
    if (!fin && (opcode === TEXT || opcode === BINARY)) {
      fragments[ctx.side] = { opcode, parts: [{ frame: ctx.frame, bytes: payload.bytes(0, payload.length) }] };
      return undefined;
    }
    messagePayload(tree, payload, opcode);
    return () => handOn(tree, payload, opcode);
  } finally {
    tree.close();
  }
}

/** What the Payload subtree shows of a whole message or control frame. */
function messagePayload(tree: TreeBuilder, payload: Bytes, opcode: number): void {
  const [at, length] = [payload.abs(0), payload.length];
  switch (opcode) {
    case TEXT:
      tree.add('websocket.payload.text', at, length, payload.text(0, length));
      return;
    case BINARY:
      return;
    case CLOSE:
      tree.open('websocket.payload.close', at, length);
      if (length >= 2) {
        const code = payload.u16(0);
        tree.add(
          'websocket.payload.close.status_code',
          at,
          2,
          code,
          `Status code: ${CLOSE_CODES[code] ?? 'Unknown'} (${code})`,
        );
      }
      if (length > 2) tree.add('websocket.payload.close.reason', at + 2, length - 2, payload.text(2, length - 2));
      tree.close();
      return;
    case PING:
      tree.add('websocket.payload.ping', at, length);
      return;
    case PONG:
      tree.add('websocket.payload.pong', at, length);
      return;
    default: {
      tree.open('websocket.payload.unknown', at, length);
      const message = `Dissector for Websocket Opcode (${opcode}) code not implemented, Contact Wireshark developers if you want this supported`;
      addExpert(tree, { severity: ExpertSeverity.Note, group: ExpertGroup.Undecoded, message }, at, length);
      tree.close();
    }
  }
}

/** A whole text message goes on as line-based text, a binary one as data (Wireshark's default, no subdissector). */
function handOn(tree: TreeBuilder, payload: Bytes, opcode: number): void {
  if (opcode === TEXT) addTextLines(tree, payload);
  else if (opcode === BINARY) addData(tree, payload);
}

/** "[3 Reassembled websocket Fragments (21 bytes): #10(9), #11(9), #13(3)]" and its lines. */
function fragmentList(tree: TreeBuilder, parts: Fragmented['parts'], total: number): void {
  const summary = parts.map((p) => `#${p.frame}(${p.bytes.length})`).join(', ');
  tree.open(
    'websocket.fragments',
    0,
    total,
    `[${parts.length} Reassembled websocket Fragments (${total} bytes): ${summary}]`,
  );
  let at = 0;
  for (const part of parts) {
    const end = at + part.bytes.length;
    const range = part.bytes.length ? `${at}-${end - 1}` : `${at}-${at}`;
    tree.add(
      'websocket.fragment',
      at,
      part.bytes.length,
      part.frame,
      `[Frame: ${part.frame}, payload: ${range} (${part.bytes.length} bytes)]`,
    );
    at = end;
  }
  tree.add('websocket.fragment.count', 0, 0, parts.length, `[Fragment count: ${parts.length}]`);
  tree.add('websocket.reassembled.length', 0, total, total, `[Reassembled websocket Payload length: ${total}]`);
  tree.close();
}

function join(parts: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    whole.set(p, at);
    at += p.length;
  }
  return whole;
}
