import type { TreeNode } from '../../present/tree-node';

/** Address fields the tree annotates with a name, as Wireshark adds "[Source Host: name]" under them. */
const ADDRESS_FIELDS: Record<string, string> = {
  'ip.src': 'Source Host',
  'ip.dst': 'Destination Host',
  'ipv6.src': 'Source Host',
  'ipv6.dst': 'Destination Host',
  'arp.src.proto_ipv4': 'Sender Host',
  'arp.dst.proto_ipv4': 'Target Host',
};

/** An address's name: the analyst's alias first, then (when asked for) the name the capture's DNS answers gave. */
export function hostName(
  address: string,
  aliases: Readonly<Record<string, string>>,
  captured: ReadonlyMap<string, string> | undefined,
): string | undefined {
  return aliases[address] ?? captured?.get(address);
}

/** The annotation after an address line of the tree (" [Source Host: www.example.com]"), '' when it has no name. */
export function treeAnnotation(node: Pick<TreeNode, 'name' | 'value'>, nameOf: (a: string) => string | undefined) {
  const label = ADDRESS_FIELDS[node.name];
  const name = label && node.value !== undefined ? nameOf(node.value) : undefined;
  return name ? ` [${label}: ${name}]` : '';
}

/** Whether a tree line holds an address that can be given an alias. */
export const isAddressField = (node: Pick<TreeNode, 'name' | 'value'>) =>
  node.value !== undefined && node.name in ADDRESS_FIELDS;
