import type { Columns } from './core-columns';
import type { CoreFrame } from './core-frame';

/**
 * Protocol and Info of frames whose deepest core layer is a link layer or an infrastructure protocol of
 * fields/linklayers.ts (no IP packet inside, or none the core opened), as tshark shows them.
 */
export function linkColumns(f: CoreFrame): Columns | undefined {
  if (f.has('nflog') && !f.has('ip') && !f.has('ipv6')) return { protocol: 'NFLOG', info: '' };
  return undefined;
}
