import { RECORD_WORDS } from '../../core/core';
import { fieldById } from '../../fields/registry';
import { formatValue } from '../../fields/format';

/** The packet list's decoded columns for one frame. */
export interface PacketSummary {
  source: string;
  destination: string;
  /** As `loupe fields -e _ws.col.Protocol -e _ws.col.Info` prints them (src/core/dissect-frames.ts). */
  protocol: string;
  info: string;
}

const ADDRESS_TYPES = new Set(['ipv4', 'ipv6', 'ether']);

/**
 * Source and Destination: the addresses of the highest layer that has `<layer>.src` and `<layer>.dst` (IP
 * over Ethernet, like Wireshark), from one frame's field records.
 */
export function addresses(records: Uint32Array, bytes?: Uint8Array): [string, string] {
  const src = new Map<string, number>();
  const dst = new Map<string, number>();
  const layers: string[] = [];
  for (let at = 0; at < records.length; at += RECORD_WORDS) {
    const def = fieldById(records[at]);
    if (!def) continue;
    if (def.type === 'protocol' && !def.name.includes('.')) layers.push(def.name);
    const dot = def.name.lastIndexOf('.');
    const [layer, field] = [def.name.slice(0, dot), def.name.slice(dot + 1)];
    if (!ADDRESS_TYPES.has(def.type)) continue;
    if (field === 'src' && !src.has(layer)) src.set(layer, at);
    if (field === 'dst' && !dst.has(layer)) dst.set(layer, at);
  }
  const text = (at: number) => formatValue(fieldById(records[at])!, records, at, ((records[at + 1] >>> 8) & 0xff) === 0 ? bytes : undefined);
  for (let i = layers.length - 1; i >= 0; i--) {
    const [s, d] = [src.get(layers[i]), dst.get(layers[i])];
    if (s !== undefined && d !== undefined) return [text(s), text(d)];
  }
  return ['', ''];
}
