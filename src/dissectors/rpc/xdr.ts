import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';

/** XDR (RFC 4506) helpers for ONC RPC programs: 64-bit values, opaques and strings shown as tshark shows them. */

/** An unsigned hyper as a number (exact below 2^53). */
export function u64(data: Bytes, at: number): number {
  return data.u32(at) * 2 ** 32 + data.u32(at + 4);
}

/**
 * A variable-length opaque or string: a "<label>: <contents>" line holding rpc.opaque_length, the field and the
 * fill bytes that pad it to four. `data` shows its bytes as "<DATA>"; an empty value is "<EMPTY>". Returns its text
 * (or bytes) and the offset after it.
 */
export function opaque(
  tree: TreeBuilder,
  data: Bytes,
  at: number,
  field: string,
  label: string,
  kind: 'string' | 'bytes' | 'data' = 'string',
): { text: string; bytes: Uint8Array; next: number } {
  const n = data.u32(at);
  const bytes = data.bytes(at + 4, n);
  const text = kind === 'string' ? data.text(at + 4, n) : '';
  const shown = n === 0 ? '<EMPTY>' : kind === 'data' ? '<DATA>' : kind === 'bytes' ? hex(bytes) : text;
  const pad = (4 - (n % 4)) % 4;
  tree.openText(`${label}: ${shown}`, data.abs(at), 4 + n + pad);
  tree.add('rpc.opaque_length', data.abs(at), 4, n, `length: ${n}`);
  tree.add(field, data.abs(at + 4), n, kind === 'string' ? text : bytes, `contents: ${shown}`);
  if (pad)
    tree.add('rpc.fill_bytes', data.abs(at + 4 + n), pad, data.bytes(at + 4 + n, pad), 'fill bytes: opaque data');
  tree.close();
  return { text, bytes, next: at + 4 + n + pad };
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
