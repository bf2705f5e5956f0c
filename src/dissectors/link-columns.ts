import type { Columns } from './core-columns';
import type { CoreFrame } from './core-frame';
import { WLAN_FRAME_TYPES } from '../fields/wlan';

/**
 * Protocol and Info of frames whose deepest core layer is a link layer or an infrastructure protocol of
 * fields/linklayers.ts (no IP packet inside, or none the core opened), as tshark shows them.
 */
export function linkColumns(f: CoreFrame): Columns | undefined {
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
