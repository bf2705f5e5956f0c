import type { CoreFrame } from './core-frame';
import { WLAN_FRAME_TYPES } from '../fields/wlan';
import { ether, ipv4, ipv6 } from '../fields/format';
import { fieldId } from '../fields/registry';

/** The Protocol and Info columns (core-columns.ts's Columns; not imported from there, which imports this). */
interface Columns {
  protocol: string;
  info: string;
}

const [STP, LLDP, CDP, HSRP, OSPF] = ['stp', 'lldp', 'cdp', 'hsrp', 'ospf'].map((name) => fieldId(name) ?? 0);

/** Whether the core decoded the UDP payload itself (HSRP): no application dissector, no data, then. */
export function coreDecodedUdpPayload(f: CoreFrame): boolean {
  return f.hasId(HSRP);
}

/**
 * Protocol and Info of the link-control and routing protocols (STP, LLDP, CDP, HSRP, OSPF), which the core
 * decodes whatever carries them (LLC, SNAP, an EtherType, UDP or IP): they win over the carrier's columns.
 */
export function controlColumns(f: CoreFrame): Columns | undefined {
  if (f.hasId(STP)) return { protocol: 'STP', info: stpInfo(f) };
  if (f.hasId(LLDP)) return { protocol: 'LLDP', info: lldpInfo(f) };
  if (f.hasId(CDP)) return { protocol: 'CDP', info: cdpInfo(f) };
  if (f.hasId(HSRP)) return hsrpColumns(f);
  if (f.hasId(OSPF)) return { protocol: 'OSPF', info: OSPF_MESSAGES[f.value('ospf.msg') ?? 0] ?? '' };
  return undefined;
}

/**
 * Protocol and Info of frames whose deepest core layer is a link layer or an infrastructure protocol of
 * fields/linklayers.ts (no IP packet inside, or none the core opened), as tshark shows them.
 */
export function linkColumns(f: CoreFrame): Columns | undefined {
  if (f.has('igmp')) return igmpColumns(f);
  if (f.has('vrrp')) return { protocol: 'VRRP', info: `Announcement (v${f.value('vrrp.version')})` };
  if (f.has('ip') || f.has('ipv6')) return undefined;
  if (f.has('wlan')) return { protocol: '802.11', info: wlanInfo(f) };
  if (f.has('nflog')) return { protocol: 'NFLOG', info: '' };
  return undefined;
}

// The frame control flags as Wireshark abbreviates them, bit 7 first: +HTC/Order, Protected, More data, Power
// management, Retry, More fragments, From DS, To DS.
const FLAG_LETTERS = 'OPMPRMFT';

function wlanInfo(f: CoreFrame): string {
  const typeSubtype = f.value('wlan.fc.type_subtype') ?? 0;
  const flags = f.value('wlan.flags') ?? 0;
  let flagText = '';
  for (let i = 0; i < 8; i++) flagText += flags & (0x80 >> i) ? FLAG_LETTERS[i] : '.';
  const name = WLAN_FRAME_TYPES[typeSubtype] ?? `Unrecognized (Reserved frame) (0x${typeSubtype.toString(16)})`;
  const seq = f.value('wlan.seq');
  let info = seq === undefined ? name : `${name}, SN=${seq}, FN=${f.value('wlan.frag')}`;
  info += `, Flags=${flagText}`;
  const interval = f.value('wlan.fixed.beacon');
  if (interval !== undefined) info += `, BI=${interval}`;
  const ssid = f.range('wlan.ssid');
  if (ssid) info += `, SSID=${ssidText(ssid.data.subarray(ssid.start, ssid.start + ssid.length))}`;
  return info;
}

/** An SSID as the Info column shows it: quoted text, or Wireshark's words for the wildcard (empty) SSID. */
function ssidText(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'Wildcard (Broadcast)';
  return `"${new TextDecoder().decode(bytes)}"`;
}

const IGMP_TYPES: Record<number, string> = {
  0x11: 'Membership Query',
  0x12: 'Membership Report',
  0x16: 'Membership Report',
  0x17: 'Leave Group',
  0x22: 'Membership Report',
};

/** IGMP's Info: the message, its group, and for IGMPv3 each record as a join, leave, allow or block. */
function igmpColumns(f: CoreFrame): Columns {
  const version = f.value('igmp.version');
  const type = f.value('igmp.type') ?? 0;
  const protocol = version ? `IGMPv${version}` : 'IGMP';
  const name = IGMP_TYPES[type] ?? `Unknown Type:0x${type.toString(16).padStart(2, '0')}`;
  const groups = f.values('igmp.maddr').map(ipv4);
  const sources = f.values('igmp.saddr').map(ipv4);
  if (type === 0x11) {
    if (groups[0] === '0.0.0.0' || version === 1) return { protocol, info: `${name}, general` };
    const list = sources.length ? `, source {${sources.join(', ')}}` : '';
    return { protocol, info: `${name}, specific for group ${groups[0]}${list}` };
  }
  if (type === 0x16) return { protocol, info: `${name} group ${groups[0]}` };
  if (type === 0x17) return { protocol, info: `${name} ${groups[0]}` };
  if (version === 3 && type === 0x22) return { protocol, info: [name, ...v3Records(f, groups, sources)].join(' / ') };
  return { protocol, info: name };
}

/** RFC 3376 §4.2.12 records: include/exclude with sources or none, new sources allowed, old ones blocked. */
function v3Records(f: CoreFrame, groups: string[], sources: string[]): string[] {
  const types = f.values('igmp.record_type');
  const counts = f.values('igmp.num_src');
  let next = 0;
  return types.map((kind, i) => {
    const own = sources.slice(next, next + counts[i]);
    next += counts[i];
    const list = `{${own.join(', ')}}`;
    const group = groups[i];
    const include = kind === 1 || kind === 3;
    const exclude = kind === 2 || kind === 4;
    if (own.length === 0 && include) return `Leave group ${group}`;
    if (own.length === 0 && exclude) return `Join group ${group} for any sources`;
    if (include) return `Join group ${group}, for source ${list}`;
    if (exclude) return `Join group ${group}, for source not ${list}`;
    if (kind === 5) return `Allow group ${group}, for source ${list}`;
    return `Block group ${group}, for source ${list}`;
  });
}

const hex4 = (v: number) => '0x' + v.toString(16).padStart(4, '0');

/** "Conf. TC + Root = 32768/1/00:1b:21:3a:4c:00  Cost = 4  Port = 0x8001", or the TCN's name. */
function stpInfo(f: CoreFrame): string {
  const type = f.value('stp.type');
  if (type === 0x80) return 'Topology Change Notification';
  const hw = f.words('stp.root.hw');
  if (type === undefined || !hw) return '';
  const version = f.value('stp.version') ?? 0;
  const kind = type === 0 ? 'Conf.' : version === 3 ? 'MST.' : version === 4 ? 'SPT.' : 'RST.';
  const tc = (f.value('stp.flags') ?? 0) & 1 ? 'TC + ' : '';
  const root = `${f.value('stp.root.prio')}/${f.value('stp.root.ext')}/${ether(hw[0], hw[1])}`;
  return `${kind} ${tc}Root = ${root}  Cost = ${f.value('stp.root.cost')}  Port = ${hex4(f.value('stp.port') ?? 0)}`;
}

// IEEE 802.1AB's chassis and port ID subtypes as Wireshark abbreviates them in the Info column.
const CHASSIS_ABBREVIATIONS = ['', 'CC', 'IA', 'PC', 'MA', 'NA', 'IN', 'LA'];
const PORT_ABBREVIATIONS = ['', 'IA', 'PC', 'MA', 'NA', 'IN', 'AC', 'LA'];

/** "MA/00:1b:21:3a:4c:01 IN/Gi1/0/1 120 SysN=sw-access-1 SysD=... ": each TLV Wireshark names, with a space. */
function lldpInfo(f: CoreFrame): string {
  let info = '';
  const id = (kind: 'chassis' | 'port', abbreviations: string[]) => {
    const subtype = f.value(`lldp.${kind}.subtype`);
    if (subtype === undefined) return;
    const text = idText(f, `lldp.${kind}.id`);
    if (text !== undefined) info += `${abbreviations[subtype] ?? 'Reserved'}/${text} `;
  };
  id('chassis', CHASSIS_ABBREVIATIONS);
  id('port', PORT_ABBREVIATIONS);
  const ttl = f.value('lldp.time_to_live');
  if (ttl !== undefined) info += `${ttl} `;
  const name = text(f, 'lldp.tlv.system.name');
  if (name !== undefined) info += `SysN=${name} `;
  const description = text(f, 'lldp.tlv.system.desc');
  if (description !== undefined) info += `SysD=${description} `;
  return info;
}

/** A chassis or port ID as text: its MAC or IP address, or its bytes as text. */
function idText(f: CoreFrame, name: string): string | undefined {
  const mac = f.words(`${name}.mac`);
  if (mac) return ether(mac[0], mac[1]);
  const v4 = f.value(`${name}.ip4`);
  if (v4 !== undefined) return ipv4(v4);
  const v6 = f.words(`${name}.ip6`);
  if (v6) return ipv6(v6);
  return text(f, name);
}

function text(f: CoreFrame, name: string): string | undefined {
  const r = f.range(name);
  if (!r) return undefined;
  const bytes = r.data.subarray(r.start, r.start + r.length);
  const nul = bytes.indexOf(0);
  return new TextDecoder().decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}

/** "Device ID: router-1  Port ID: Gi0/0/0  ". */
function cdpInfo(f: CoreFrame): string {
  let info = '';
  const device = text(f, 'cdp.deviceid');
  if (device !== undefined) info += `Device ID: ${device}  `;
  const port = text(f, 'cdp.portid');
  if (port !== undefined) info += `Port ID: ${port}  `;
  return info;
}

const HSRP_OPCODES = ['Hello', 'Coup', 'Resign', 'Advertise'];
const HSRP_STATES: Record<number, string> = {
  0: 'Initial',
  1: 'Learn',
  2: 'Listen',
  4: 'Speak',
  8: 'Standby',
  16: 'Active',
};
const HSRP2_STATES = ['', 'Init', 'Learn', 'Listen', 'Speak', 'Standby', 'Active'];

/** HSRP's "Hello (state Active)"; HSRPv2's last TLV names the Info (an interface state TLV its group counts). */
function hsrpColumns(f: CoreFrame): Columns {
  if (!f.has('hsrp2.version') && !f.has('hsrp2.interface_state_tlv')) {
    const opcode = f.value('hsrp.opcode');
    const state = f.value('hsrp.state') ?? 0;
    const name = opcode === undefined ? '' : (HSRP_OPCODES[opcode] ?? 'Unknown');
    return { protocol: 'HSRP', info: opcode === undefined ? '' : `${name} (state ${HSRP_STATES[state] ?? 'Unknown'})` };
  }
  if (f.has('hsrp2.interface_state_tlv') && f.has('hsrp2.active_groups'))
    return {
      protocol: 'HSRPv2',
      info: `Interface State TLV (Act=${f.value('hsrp2.active_groups')} Pass=${f.value('hsrp2.passive_groups')})`,
    };
  const opcode = f.value('hsrp2.opcode') ?? 0;
  const state = f.value('hsrp2.state') ?? 0;
  return {
    protocol: 'HSRPv2',
    info: `${HSRP_OPCODES[opcode] ?? 'Unknown'} (state ${HSRP2_STATES[state] ?? 'Unknown'})`,
  };
}

const OSPF_MESSAGES = ['', 'Hello Packet', 'DB Description', 'LS Request', 'LS Update', 'LS Acknowledge'];
