import { ether } from '../fields/format';
import { resolveEther } from '../vendors/resolve';
import type { FrameContext } from './frame-context';
import type { TreeNode } from './tree-node';
import { child, hex, line, nest, num, valueName } from './tree-edit';

/**
 * Wireshark's presentation of the link-control and routing protocols the core decodes (tshark -V): STP's bridge
 * identifiers, flags and MST extension as subtrees, Ethernet addresses with their vendor names, HSRPv2's and
 * CDP's TLVs as lines of their own. Works on the nodes buildTree made from the core's records.
 */
export function presentControlLayer(node: TreeNode, context: FrameContext): void {
  nameAddresses(node, context);
  if (node.name === 'stp') stp(node);
  else if (node.name === 'hsrp') hsrp(node);
  else if (node.name === 'lldp') lldp(node);
  else if (node.name === 'cdp') cdp(node);
  else if (node.name === 'ospf') ospf(node);
}

/** Every Ethernet address in the layer, at any depth (HSRPv2's sit inside their TLV), with its vendor's name. */
function nameAddresses(node: TreeNode, context: FrameContext): void {
  for (const c of node.children) {
    if (c.type === 'ether' && c.raw) c.text = `${c.label}: ${etherText(c, context)}`;
    nameAddresses(c, context);
  }
}

function etherText(node: TreeNode, context: FrameContext): string {
  const [hi, lo] = node.raw ?? [0, 0];
  const address = ether(hi, lo);
  return `${context.etherNames?.[address] ?? resolveEther(hi, lo)} (${address})`;
}

const FLAG_NAMES: Record<string, string> = {
  'stp.flags.tcack': 'Topology Change Acknowledgment',
  'stp.flags.agreement': 'Agreement',
  'stp.flags.forwarding': 'Forwarding',
  'stp.flags.learning': 'Learning',
  'stp.flags.proposal': 'Proposal',
  'stp.flags.tc': 'Topology Change',
};

function stp(node: TreeNode): void {
  const type = child(node, 'stp.type');
  if (type) type.text = `BPDU Type: ${valueName(type) ?? 'Unknown'} (${hex(num(type), 2)})`;
  const version = child(node, 'stp.version');
  if (version) version.text = `Protocol Version Identifier: ${valueName(version) ?? 'Unknown'} (${num(version)})`;
  const protocol = child(node, 'stp.protocol');
  if (protocol) protocol.text = `Protocol Identifier: ${valueName(protocol) ?? 'Unknown'} (${hex(num(protocol), 4)})`;
  flags(node, 'stp.flags', 'BPDU flags');
  bridgeId(node, 'stp.root', 'Root Identifier');
  bridgeId(node, 'stp.bridge', 'Bridge Identifier');
  const v3 = child(node, 'mstp.version_3_length');
  if (!v3) return;
  const at = node.children.indexOf(v3);
  const extension = line(v3, 'MST Extension');
  extension.children = node.children.slice(at + 1);
  node.children = [...node.children.slice(0, at + 1), extension];
  bridgeId(extension, 'mstp.cist_bridge', 'CIST Bridge Identifier');
  // Each MSTI configuration message starts at its flags.
  const out: TreeNode[] = [];
  for (const c of extension.children) {
    if (c.name === 'mstp.msti.flags') {
      const msti = line(c, 'MSTI');
      msti.children.push(c);
      out.push(msti);
    } else if (out.at(-1)?.text === 'MSTI' || out.at(-1)?.name === 'mstp.msti') out.at(-1)!.children.push(c);
    else out.push(c);
  }
  extension.children = out;
  for (const msti of out.filter((c) => c.text === 'MSTI')) {
    msti.name = 'mstp.msti';
    flags(msti, 'mstp.msti.flags', 'MSTI flags');
    const root = child(msti, 'mstp.msti.root.hw');
    const id = num(child(msti, 'mstp.msti.msti_id'));
    const priority = num(child(msti, 'mstp.msti.priority')) << 12;
    const address = root?.raw ? ether(root.raw[0], root.raw[1]) : '';
    msti.text = `MSTID ${id}, Regional Root Identifier ${priority} / ${address}`;
    const prio = child(msti, 'mstp.msti.priority');
    if (prio) prio.text = prio.text.replace(/0x0(\d)$/, '0x$1');
  }
}

/** "BPDU flags: 0x7c, Agreement, Forwarding, Learning, Port Role: Designated" with the bits under it. */
function flags(node: TreeNode, name: string, label: string): void {
  const flagsNode = child(node, name);
  if (!flagsNode) return;
  nest(node, flagsNode, (n) => n.startsWith('stp.flags.'));
  const set: string[] = [];
  for (const bit of flagsNode.children) {
    if (bit.name === 'stp.flags.port_role') set.push(`Port Role: ${valueName(bit) ?? 'Unknown'}`);
    else if (num(bit) && FLAG_NAMES[bit.name]) set.push(FLAG_NAMES[bit.name]);
    if (bit.type === 'bool') bit.text = bit.text.replace(/: Set$/, ': Yes').replace(/: Not set$/, ': No');
  }
  flagsNode.text = `${label}: ${hex(num(flagsNode), 2)}${set.map((s) => `, ${s}`).join('')}`;
}

/** "Root Identifier: 32768 / 1 / 00:1b:21:3a:4c:00" with its priority, extension and address under it. */
function bridgeId(node: TreeNode, prefix: string, label: string): void {
  const prio = child(node, `${prefix}.prio`);
  const ext = child(node, `${prefix}.ext`);
  const hw = child(node, `${prefix}.hw`);
  if (!prio || !ext || !hw?.raw) return;
  const id = line(prio, `${label}: ${num(prio)} / ${num(ext)} / ${ether(hw.raw[0], hw.raw[1])}`, prefix);
  const at = node.children.indexOf(prio);
  node.children.splice(at, 0, id);
  nest(node, id, (n) => n === `${prefix}.prio` || n === `${prefix}.ext` || n === `${prefix}.hw`);
}

/** HSRPv2's TLVs: "Group State TLV: Type=1 Len=40" over the TLV's fields. */
function hsrp(node: TreeNode): void {
  for (const tlv of node.children) {
    if (!tlv.name.startsWith('hsrp2.') || !tlv.name.endsWith('_tlv')) continue;
    tlv.text = `${tlv.label}: Type=${num(tlv)} Len=${Math.max(0, tlv.length - 2)}`;
  }
}

/** The node's children cut into groups, a new one at each child named `first`; what comes before stays. */
function groups(node: TreeNode, first: string): { before: TreeNode[]; groups: TreeNode[][] } {
  const before: TreeNode[] = [];
  const out: TreeNode[][] = [];
  for (const c of node.children) {
    if (c.name === first) out.push([c]);
    else if (out.length) out[out.length - 1].push(c);
    else before.push(c);
  }
  return { before, groups: out };
}

/** A subtree line over `children`, spanning their bytes. */
function subtree(text: string, children: TreeNode[], name = ''): TreeNode {
  const start = Math.min(...children.map((c) => c.start));
  const end = Math.max(...children.map((c) => c.start + c.length));
  return { ...line(children[0], text, name), start, length: end - start, children };
}

const valueText = (node: TreeNode | undefined) => node?.text.slice(node.text.indexOf(': ') + 2) ?? '';

const CAPABLE = ['Not capable', 'Capable'];

/** LLDP's TLVs as subtrees titled the way Wireshark sums each up ("Time To Live = 120 sec"). */
function lldp(node: TreeNode): void {
  const { before, groups: tlvs } = groups(node, 'lldp.tlv.type');
  node.children = [...before, ...tlvs.map(lldpTlv)];
}

function lldpTlv(children: TreeNode[]): TreeNode {
  const tlv = subtree('', children, 'lldp.tlv');
  const find = (name: string) => children.find((c) => c.name === name);
  const type = num(children[0]);
  for (const c of children) {
    if (c.name.includes('system_cap') && c.type === 'bool')
      c.text = c.text.replace(/: (Not set|Set)$/, (_, v) => `: ${CAPABLE[v === 'Set' ? 1 : 0]}`);
    if (c.type === 'ether' && c.raw)
      c.text = `${c.label}: ${resolveEther(c.raw[0], c.raw[1])} (${ether(c.raw[0], c.raw[1])})`;
  }
  nest(tlv, find('lldp.tlv.system_cap'), (n) => n.startsWith('lldp.tlv.system_cap.'));
  nest(tlv, find('lldp.tlv.enable_system_cap'), (n) => n.startsWith('lldp.tlv.enable_system_cap.'));
  nest(tlv, find('lldp.ieee.802_3.mac_phy_auto_neg_status'), (n) =>
    n.startsWith('lldp.ieee.802_3.mac_phy_auto_neg_status.'),
  );
  const id = (kind: string) => {
    const subtype = find(`lldp.${kind}.subtype`);
    const value = children.find((c) => c.name.startsWith(`lldp.${kind}.id`));
    const shown = value?.raw && value.type === 'ether' ? ether(value.raw[0], value.raw[1]) : valueText(value);
    return `${kind === 'chassis' ? 'Chassis' : 'Port'} Subtype = ${(subtype && valueName(subtype)) ?? 'Reserved'}, Id: ${shown}`;
  };
  const oui = find('lldp.orgtlv.oui');
  if (oui) {
    const v = num(oui);
    const name = v === 0x0080c2 ? 'IEEE' : v === 0x00120f ? 'Ieee 802.3' : 'Unknown';
    oui.text = `${oui.label}: ${[v >> 16, (v >> 8) & 255, v & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')} (${name})`;
  }
  tlv.text = lldpTitle(type, children, id);
  return tlv;
}

/** CDP's TLVs as subtrees: "Device ID: router-1", "Software Version", "Addresses"... */
function cdp(node: TreeNode): void {
  const { before, groups: tlvs } = groups(node, 'cdp.tlv.type');
  node.children = [
    ...before,
    ...tlvs.map((children) => {
      const type = num(children[0]);
      const value = children[2];
      const tlv = subtree('', children, 'cdp.tlv');
      const titled = [1, 3, 6, 9, 10, 11].includes(type);
      tlv.text =
        titled && value ? `${CDP_TITLES[type]}: ${valueText(value)}` : (CDP_TITLES[type] ?? valueText(children[0]));
      nest(
        tlv,
        children.find((c) => c.name === 'cdp.capabilities'),
        (n) => n.startsWith('cdp.capabilities.'),
      );
      return tlv;
    }),
  ];
}

const CDP_TITLES: Record<number, string> = {
  1: 'Device ID',
  2: 'Addresses',
  3: 'Port ID',
  4: 'Capabilities',
  5: 'Software Version',
  6: 'Platform',
  9: 'VTP Management Domain',
  10: 'Native VLAN',
  11: 'Duplex',
  17: 'MTU',
  20: 'System Name',
  22: 'Management Addresses',
};

/** How Wireshark sums up an LLDP TLV of `type`. */
function lldpTitle(type: number, children: TreeNode[], id: (kind: string) => string): string {
  const value = (name: string) => valueText(children.find((c) => c.name === name));
  switch (type) {
    case 0:
      return 'End of LLDPDU';
    case 1:
      return id('chassis');
    case 2:
      return id('port');
    case 3:
      return `Time To Live = ${value('lldp.time_to_live')} sec`;
    case 4:
      return `Port Description = ${value('lldp.port.desc')}`;
    case 5:
      return `System Name = ${value('lldp.tlv.system.name')}`;
    case 6:
      return `System Description = ${value('lldp.tlv.system.desc')}`;
    case 7:
      return 'Capabilities';
    case 8:
      return 'Management Address';
  }
  const subtype = children.find((c) => c.name.startsWith('lldp.ieee.') && c.name.endsWith('.subtype'));
  if (type === 127 && subtype)
    return `${subtype.name.includes('802_1') ? 'IEEE' : 'Ieee 802.3'} - ${valueName(subtype) ?? 'Unknown'}`;
  return valueText(children[0]);
}

/** Fields Wireshark adds hidden (for filters only): the message and LSA kinds, TOS 0 of a router link. */
const OSPF_HIDDEN =
  /^ospf\.(msg\.|lsa\.(router|network|summary|asbr|asext|nssa|opaque|tos)$|v3\.lsa\.(router|network|interprefix|interrouter|link|intraprefix)$)/;
const OSPF_MESSAGE_TITLES = ['', 'OSPF Hello Packet', 'OSPF DB Description', 'Link State Request', 'LS Update Packet'];
const BIT_PARENTS = [
  'ospf.v2.options',
  'ospf.v3.options',
  'ospf.dbd',
  'ospf.v2.router.lsa.flags',
  'ospf.v3.router.lsa.flags',
  'ospf.v3.prefix.options',
];

/** OSPF's header, its message as a subtree, each LSA (header and body) as "LSA-type 1 (Router-LSA), len 48". */
function ospf(node: TreeNode): void {
  const hide = (n: TreeNode) => {
    n.children = n.children.filter((c) => !OSPF_HIDDEN.test(c.name));
    n.children.forEach(hide);
  };
  hide(node);
  const header = child(node, 'ospf.header');
  const area = header && child(header, 'ospf.area_id');
  if (area && num(area) === 0) area.text += ' (Backbone)';
  const type = num(header && child(header, 'ospf.msg'));
  const at = header ? node.children.indexOf(header) + 1 : 0;
  let body = node.children.slice(at);
  const hello = body.find((c) => c.name === 'ospf.hello');
  if (hello) hello.text = OSPF_MESSAGE_TITLES[1];
  else if (body.length && OSPF_MESSAGE_TITLES[type]) body = [subtree(OSPF_MESSAGE_TITLES[type], body, 'ospf.message')];
  node.children = [...node.children.slice(0, at), ...body];
  const message = body.length === 1 && body[0].name === 'ospf.message' ? body[0] : node;
  const { before, groups: lsas } = groups(message, 'ospf.lsa.age');
  if (lsas.length) message.children = [...before, ...lsas.map(ospfLsa)];
  const nestBits = (n: TreeNode) => {
    for (const parent of BIT_PARENTS)
      nest(
        n,
        n.children.find((c) => c.name === parent),
        (c) => c.startsWith(`${parent}.`),
      );
    n.children.forEach(nestBits);
  };
  nestBits(node);
}

function ospfLsa(children: TreeNode[]): TreeNode {
  const v2Type = children.find((c) => c.name === 'ospf.lsa');
  const v3Type = children.find((c) => c.name === 'ospf.v3.lsa.fc');
  const length = num(children.find((c) => c.name === 'ospf.lsa.length'));
  const kind = v2Type ?? v3Type;
  const title = kind ? `LSA-type ${num(kind)} (${valueName(kind) ?? 'Unknown'}), len ${length}` : 'LSA';
  const lsa = subtree(title, children, 'ospf.lsa_header');
  if (v3Type) {
    const type = children.find((c) => c.name === 'ospf.v3.lsa');
    nest(lsa, type, (n) => n === 'ospf.v3.lsa.u' || n === 'ospf.v3.lsa.s12' || n === 'ospf.v3.lsa.fc');
  }
  return lsa;
}
