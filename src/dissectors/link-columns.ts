import type { CoreFrame } from './core-frame';
import { WLAN_FRAME_TYPES } from '../fields/wlan';
import { ipv4 } from '../fields/format';

/** The Protocol and Info columns (core-columns.ts's Columns; not imported from there, which imports this). */
interface Columns {
  protocol: string;
  info: string;
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
