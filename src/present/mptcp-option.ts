import type { TreeNode } from './tree-node';
import { bitPattern, child, nest, num, valueName } from './tree-edit';

const FLAG_BITS = /^tcp\.options\.mptcp\.(\w+\.flags?|reserved\.flag)$/;

/**
 * A Multipath TCP option's subtree as Wireshark shows it (RFC 8684): titled by its subtype, the flag bits under
 * "Multipath TCP flags", reserved bits at their width, data sequence numbers marked 64 or 32 bits.
 */
export function mptcpOption(group: TreeNode): void {
  const subtype = child(group, 'tcp.options.mptcp.subtype');
  group.text = `Multipath Transmission Control Protocol${subtype ? `: ${valueName(subtype) ?? 'Unknown'}` : ''}`;
  nest(group, child(group, 'tcp.options.mptcp.flags'), (name) => FLAG_BITS.test(name));
  // MP_CAPABLE version 1 reserves four bits, version 0 five.
  const v1 = num(child(group, 'tcp.options.mptcp.version')) !== 0;
  reservedBits(child(group, 'tcp.options.mptcp.reserved.flag'), v1 ? 0x1e : 0x3e, 8);
  reservedBits(child(group, 'tcp.options.mptcp.reserved'), 0xfff, 16);
  const ack = child(group, 'tcp.options.mptcp.rawdataack');
  if (ack?.length === 8) ack.text += ' (64bits)';
  const dsn = child(group, 'tcp.options.mptcp.rawdataseqno');
  if (dsn) dsn.text += dsn.length === 8 ? '  (64bits version)' : '  (32bits version)';
}

/** "...0 000. = Reserved: 0x0": as many hex digits as the mask's bits need, as Wireshark prints a masked value. */
function reservedBits(node: TreeNode | undefined, mask: number, width: number): void {
  if (!node) return;
  const bitCount = mask.toString(2).replace(/0/g, '').length;
  const digits = Math.ceil(bitCount / 4);
  node.text = `${bitPattern(num(node), mask, width)} = Reserved: 0x${num(node).toString(16).padStart(digits, '0')}`;
}
