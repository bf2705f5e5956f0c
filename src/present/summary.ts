import { RECORD_WORDS } from '../core/core';
import { fieldById } from '../fields/registry';
import { formatValue } from '../fields/format';
import { resolveEther } from '../vendors/resolve';

/** The packet list's decoded columns for one frame. */
export interface PacketSummary {
  source: string;
  destination: string;
  /** As `loupe fields -e _ws.col.Protocol -e _ws.col.Info` prints them (src/passes/dissect-frames.ts). */
  protocol: string;
  info: string;
}

const ADDRESS_TYPES = new Set(['ipv4', 'ipv6', 'ether']);

/** What addresses() needs to know of a field id, worked out once per id (it runs for every frame of a capture). */
interface AddressRole {
  /** A top-level protocol ("ip"), whose layers are candidates. */
  layer?: string;
  /** An address field: its layer and side. */
  of?: string;
  side?: 'src' | 'dst';
}
const roles = new Map<number, AddressRole | undefined>();

function roleOf(id: number): AddressRole | undefined {
  if (roles.has(id)) return roles.get(id);
  const def = fieldById(id);
  let role: AddressRole | undefined;
  if (def) {
    const dot = def.name.lastIndexOf('.');
    const field = def.name.slice(dot + 1);
    if (def.type === 'protocol' && dot < 0) role = { layer: def.name };
    else if (ADDRESS_TYPES.has(def.type) && (field === 'src' || field === 'dst'))
      role = { of: def.name.slice(0, dot), side: field };
  }
  roles.set(id, role);
  return role;
}

/**
 * Source and Destination: the addresses of the highest layer that has `<layer>.src` and `<layer>.dst` (IP
 * over Ethernet, like Wireshark), from one frame's field records.
 */
export function addresses(records: Uint32Array, bytes?: Uint8Array): [string, string] {
  const src = new Map<string, number>();
  const dst = new Map<string, number>();
  const layers: string[] = [];
  for (let at = 0; at < records.length; at += RECORD_WORDS) {
    const role = roleOf(records[at]);
    if (!role) continue;
    if (role.layer) layers.push(role.layer);
    else if (role.side === 'src' && !src.has(role.of!)) src.set(role.of!, at);
    else if (role.side === 'dst' && !dst.has(role.of!)) dst.set(role.of!, at);
  }
  // Ethernet addresses are shown resolved, as Wireshark does with MAC name resolution on (its default).
  const text = (at: number) =>
    fieldById(records[at])!.type === 'ether'
      ? resolveEther(records[at + 4], records[at + 5])
      : formatValue(fieldById(records[at])!, records, at, ((records[at + 1] >>> 8) & 0xff) === 0 ? bytes : undefined);
  for (let i = layers.length - 1; i >= 0; i--) {
    const [s, d] = [src.get(layers[i]), dst.get(layers[i])];
    if (s !== undefined && d !== undefined) return [text(s), text(d)];
  }
  return ['', ''];
}
