import { RECORD_WORDS } from '../core/core';
import { fieldId } from '../fields/registry';
import type { Columns } from './core-columns';
import type { FrameInput } from './core-frame';

const id = (name: string) => fieldId(name) ?? 0;
const GTP = id('gtp');
const PACKETS = new Set(['ip', 'ipv6'].map(id));

/**
 * The Protocol column of a tunnelled packet, once the packet inside has named it: Wireshark shows a user packet
 * that GTP-U carried as "GTP <TCP>", "GTP <DNS>" (GTP's own column with the inner protocol in angle brackets);
 * other tunnels leave the inner packet's name alone. Only asked for frames whose packet was tunnelled.
 */
export function tunnelColumns(input: FrameInput, columns: Columns): void {
  const { records, start, end } = input;
  let gtp = false;
  for (let i = start; i < end; i += RECORD_WORDS) {
    if ((records[i + 1] & 0xff) !== 0) continue;
    if (records[i] === GTP) gtp = true;
    else if (gtp && PACKETS.has(records[i])) {
      columns.protocol = `GTP <${columns.protocol}>`;
      return;
    }
  }
}
