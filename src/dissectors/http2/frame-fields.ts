import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { bitLine } from '../bit-line';
import { SETTINGS } from './fields';
import { ACK, END_HEADERS, END_STREAM, PADDED, PRIORITY_FLAG, Type } from './state';

/** Each frame type's flags, high bit first: [mask, field, label in the Flags line]. */
export const FLAGS: Record<number, { unused: [string, number]; bits: [number, string, string][] }> = {
  [Type.DATA]: {
    unused: ['http2.flags.unused_data', 0xf6],
    bits: [
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_STREAM, 'http2.flags.end_stream', 'End Stream'],
    ],
  },
  [Type.HEADERS]: {
    unused: ['http2.flags.unused_headers', 0xd2],
    bits: [
      [PRIORITY_FLAG, 'http2.flags.priority', 'Priority'],
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_HEADERS, 'http2.flags.eh', 'End Headers'],
      [END_STREAM, 'http2.flags.end_stream', 'End Stream'],
    ],
  },
  [Type.SETTINGS]: { unused: ['http2.flags.unused_settings', 0xfe], bits: [[ACK, 'http2.flags.ack.settings', 'ACK']] },
  [Type.PUSH_PROMISE]: {
    unused: ['http2.flags.unused_push_promise', 0xf3],
    bits: [
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_HEADERS, 'http2.flags.eh', 'End Headers'],
    ],
  },
  [Type.PING]: { unused: ['http2.flags.unused_ping', 0xfe], bits: [[ACK, 'http2.flags.ack.ping', 'ACK']] },
  // As Wireshark shows it: CONTINUATION's unused mask covers the Padded bit it also lists.
  [Type.CONTINUATION]: {
    unused: ['http2.flags.unused_continuation', 0xfb],
    bits: [
      [PADDED, 'http2.flags.padded', 'Padded'],
      [END_HEADERS, 'http2.flags.eh', 'End Headers'],
    ],
  },
};
const NO_FLAGS = { unused: ['http2.flags.unused', 0xff] as [string, number], bits: [] as [number, string, string][] };

export function flagsTree(tree: TreeBuilder, f: Bytes, type: number, flags: number): void {
  const known = FLAGS[type] ?? NO_FLAGS;
  const names = known.bits.filter(([mask]) => flags & mask).map(([, , label]) => label);
  const hex = `0x${flags.toString(16).padStart(2, '0')}`;
  tree.open('http2.flags', f.abs(4), 1, `Flags: ${[hex, ...names].join(', ')}`, flags);
  const [unusedField, unusedMask] = known.unused;
  const unused = (flags & unusedMask) >>> trailingZeros(unusedMask);
  tree.add(
    unusedField,
    f.abs(4),
    1,
    unused,
    `${bitLine(flags, unusedMask, 8)} = Unused: 0x${unused.toString(16).padStart(2, '0')}`,
  );
  for (const [mask, field, label] of known.bits) {
    tree.add(
      field,
      f.abs(4),
      1,
      flags & mask ? 1 : 0,
      `${bitLine(flags, mask, 8)} = ${label}: ${flags & mask ? 'True' : 'False'}`,
    );
  }
  tree.close();
}

export function trailingZeros(mask: number): number {
  let n = 0;
  while (n < 32 && !((mask >>> n) & 1)) n++;
  return n;
}

/** Pad Length (when PADDED), then the generated pad length every padded frame type shows. Returns the pad length. */
export function padLength(payload: Bytes, tree: TreeBuilder, flags: number): number {
  const pad = flags & PADDED ? payload.u8(0) : 0;
  if (flags & PADDED) tree.add('http2.padding', payload.abs(0), 1, pad);
  tree.add(
    'http2.pad_length',
    flags & PADDED ? payload.abs(0) : payload.abs(0),
    flags & PADDED ? 1 : 0,
    pad,
    `[Pad Length: ${pad}]`,
  );
  return pad;
}

/** A priority block (§5.3.2 of RFC 7540, kept in RFC 9113's frames): exclusive bit, dependency, weight. */
export function priority(p: Bytes, tree: TreeBuilder, at: number): void {
  const word = p.u32(at);
  const exclusive = word >>> 31;
  tree.add(
    'http2.exclusive',
    p.abs(at),
    4,
    exclusive,
    `${bitLine(word, 0x80000000, 32)} = Exclusive: ${exclusive ? 'True' : 'False'}`,
  );
  tree.add(
    'http2.stream_dependency',
    p.abs(at),
    4,
    word & 0x7fffffff,
    `${bitLine(word, 0x7fffffff, 32)} = Stream Dependency: ${word & 0x7fffffff}`,
  );
  const weight = p.u8(at + 4);
  tree.add('http2.headers.weight', p.abs(at + 4), 1, weight);
  tree.add('http2.headers.weight_real', p.abs(at + 4), 1, weight + 1, `[Weight real: ${weight + 1}]`);
}

/**
 * A SETTINGS payload's parameters (§6.5.1), each a line of its own; returns the header table sizes it names. HTTP/1.1's
 * HTTP2-Settings header (RFC 7540 §3.2.1) carries the same payload.
 */
export function settingsList(p: Bytes, tree: TreeBuilder): number[] {
  const tableSizes: number[] = [];
  for (let at = 0; at + 6 <= p.length; at += 6) {
    const id = p.u16(at);
    const value = p.u32(at + 2);
    const [label, field] = SETTINGS[id] ?? [`Unknown (${id})`, 'http2.settings.unknown'];
    tree.open('http2.settings', p.abs(at), 6, `Settings - ${label} : ${value}`);
    tree.add('http2.settings.id', p.abs(at), 2, id);
    tree.add(field, p.abs(at + 2), 4, value);
    tree.close();
    if (id === 1) tableSizes.push(value);
  }
  return tableSizes;
}
