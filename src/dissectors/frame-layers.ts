import { RECORD_WORDS } from '../core/core';
import { fieldById, fieldId } from '../fields/registry';
import type { FrameInput } from './core-frame';
import type { FieldItem } from './tree';

/**
 * One step of a frame's dissection, in order. `listed`: a protocol Wireshark's frame.protocols names
 * ("eth:ethertype:ip:tcp:http:data-text-lines"). `counted`: a line at the top of the tree, which is what the
 * Protocol Hierarchy counts. Protocols met inside another's subtree (ICMP echo data, what an ICMP error quotes,
 * NTLMSSP inside SMB2, an SMTP message's text lines) and dispatch steps with no tree line (ethertype) are
 * listed, not counted; TCP's "Reassembled TCP segments" item (tcp.segments) is counted, not listed.
 */
export interface Layer {
  name: string;
  listed: boolean;
  counted: boolean;
}

const listed = (name: string, counted: boolean): Layer => ({ name, listed: true, counted });

/** Link layers whose next protocol is chosen by an EtherType: Wireshark lists that dispatch as "ethertype". */
const ETHERTYPE_LINKS = new Set(['eth', 'vlan', 'sll', 'ieee8021ad']);
/** Protocols listed once however many headers of theirs follow each other (an MPLS label stack). */
const LISTED_ONCE = new Set(['mpls']);
const ICMP_ECHO = new Set([0, 8]);
const ICMPV6_ECHO = new Set([128, 129]);

const id = (name: string) => fieldId(name)!;
const [FRAME, ICMP, ICMPV6, ICMP_TYPE, ICMPV6_TYPE, IP, IPV6, IP_LEN, IPV6_PLEN] = [
  'frame',
  'icmp',
  'icmpv6',
  'icmp.type',
  'icmpv6.type',
  'ip',
  'ipv6',
  'ip.len',
  'ipv6.plen',
].map(id);
const LLC_PID = id('llc.pid');
const MALFORMED = id('_ws.malformed');
const [IP_MF, IP_FRAG_OFFSET, IPV6_FRAGHDR, IPV6_REASSEMBLED, IP_REASSEMBLED] = [
  'ip.flags.mf',
  'ip.frag_offset',
  'ipv6.fraghdr',
  'ipv6.reassembled.length',
  'ip.reassembled.length',
].map(id);

/**
 * The layers of one frame: the core's protocols from its field records (plus the data an ICMP echo carries and
 * the data of a fragment that completes no datagram, which the core leaves undecoded), then the application
 * items' protocols. The one computation behind frame.protocols, the tree's "[Protocols in frame: ...]" and the
 * Protocol Hierarchy.
 */
export function frameLayers(input: FrameInput, items: readonly FieldItem[], reassembledEnd?: number): Layer[] {
  const layers = coreLayers(input);
  /** Top-level protocols met so far, by the bytes they lie in. */
  const seen = new Map<Uint8Array, Set<string>>();
  for (const [index, item] of items.entries()) {
    // Wireshark adds the reassembly's item once the PDU gathered from several segments has been dissected.
    if (index === reassembledEnd) layers.push({ name: 'tcp.segments', listed: false, counted: true });
    if (item.layer !== undefined) {
      layers.push(item.counted ? { name: item.layer, listed: false, counted: true } : listed(item.layer, false));
      continue;
    }
    // tshark's hierarchy counts the "[Malformed Packet]" item at the top of the tree; frame.protocols does not list it.
    if (item.depth === 0 && item.id === MALFORMED) layers.push({ name: '_ws.malformed', listed: false, counted: true });
    if (!isLayerItem(item)) {
      // A field at the top of the tree (FTP's current working directory beside its protocol) is a level of
      // tshark's hierarchy of its own, which counts every top-level item; frame.protocols lists protocols only.
      if (item.depth === 0 && isTopLevelField(item))
        layers.push({ name: fieldById(item.id)!.name, listed: false, counted: true });
      continue;
    }
    const def = fieldById(item.id)!;
    if (item.depth === 0) {
      // PDUs of one protocol in the same bytes are one layer (tshark hands a segment over once); a PDU
      // reassembled from earlier segments and the ones in the frame's own payload are two (tls:tls).
      const names = seen.get(item.data) ?? new Set<string>();
      if (names.has(def.name)) {
        if (COUNTED_PER_PDU.has(def.name)) layers.push({ name: def.name, listed: false, counted: true });
        continue;
      }
      names.add(def.name);
      seen.set(item.data, names);
    }
    const parent = parentName(items, index);
    // A message of a protocol carried inside its own subtree (a DHCPv6 relay's message) is read by the same
    // dissector, no new layer.
    if (item.depth > 0 && parent === def.name) continue;
    const counted = item.depth === 0 || COUNTED_PER_PDU.has(parent ?? '');
    const unlisted = item.unlisted || UNLISTED.has(def.name);
    layers.push(unlisted ? { name: def.name, listed: false, counted } : listed(def.name, counted));
  }
  if (reassembledEnd !== undefined && reassembledEnd >= items.length)
    layers.push({ name: 'tcp.segments', listed: false, counted: true });
  return layers;
}

/**
 * Protocols whose every PDU tshark's hierarchy counts, one level deeper each time, together with the protocols inside
 * them (an HTTP/2 frame's body): a segment of eight HTTP/2 frames is eight levels of http2 there, one in frame.protocols.
 */
const COUNTED_PER_PDU = new Set(['http2']);

/** Protocols Wireshark's tree shows at the top that its dissectors reach by a plain call, so frame.protocols omits them. */
const UNLISTED = new Set(['mailslot']);

/** The filter name of the top-level item holding items[index]. */
function parentName(items: readonly FieldItem[], index: number): string | undefined {
  for (let i = index - 1; i >= 0; i--) {
    if (items[i].depth === 0) return items[i].id ? fieldById(items[i].id)?.name : undefined;
  }
  return undefined;
}

/** "eth:ethertype:ip:tcp": every layer's name, as frame.protocols prints them. */
export function protocolsText(layers: readonly Layer[]): string {
  return layers
    .filter((l) => l.listed)
    .map((l) => l.name)
    .join(':');
}

/** The frame's path in the Protocol Hierarchy ("eth:ip:tcp:http:data-text-lines:tcp.segments"). */
export function hierarchyPath(layers: readonly Layer[]): string[] {
  return layers.filter((l) => l.counted).map((l) => l.name);
}

/** An application item that is a protocol's subtree (not the frame's columns, comments or malformed notes). */
function isLayerItem(item: FieldItem): boolean {
  const def = item.id ? fieldById(item.id) : undefined;
  return def?.type === 'protocol' && !def.name.startsWith('_ws') && def.name !== 'pkt_comment';
}

/**
 * A field of a dissector's own (no protocol, no framework item) that it places at the top of the tree. Text-only
 * items (type none: a reassembly's segment list) are not: their layer, if any, is a counted marker of its own.
 */
function isTopLevelField(item: FieldItem): boolean {
  const def = item.id ? fieldById(item.id) : undefined;
  return (
    def !== undefined &&
    def.type !== 'protocol' &&
    def.type !== 'none' &&
    !def.name.startsWith('_ws') &&
    !def.name.startsWith('frame.') &&
    def.name !== 'pkt_comment'
  );
}

function coreLayers({ records, start, end, frameBytes, reassembled }: FrameInput): Layer[] {
  const layers: Layer[] = [];
  /** Inside what an ICMP error quotes: layers of ICMP's subtree. */
  let quoting = false;
  let fragment = false;
  let completes = false;
  /** Where the innermost IP layer's payload ends in its buffer (source 0: the frame, 1: the reassembled datagram). */
  let ipEnd = 0;
  let echo: { end: number; source: number } | undefined;
  for (let at = start; at < end; at += RECORD_WORDS) {
    const field = records[at];
    const depth = records[at + 1] & 0xff;
    const source = (records[at + 1] >>> 8) & 0xff;
    const value = records[at + 4];
    if (field === IP_MF && value && !quoting) fragment = true;
    else if (field === IP_FRAG_OFFSET && value && !quoting) fragment = true;
    else if (field === IP_REASSEMBLED || field === IPV6_REASSEMBLED) completes = true;
    else if (field === IP_LEN) ipEnd = ipStart(records, at) + value;
    else if (field === IPV6_PLEN) ipEnd = ipStart(records, at) + 40 + value;
    else if ((field === ICMP_TYPE && ICMP_ECHO.has(value)) || (field === ICMPV6_TYPE && ICMPV6_ECHO.has(value))) {
      echo = { end: icmpEnd(records, at), source };
    }
    if (depth !== 0) continue;
    // A core decoder's "[Malformed Packet]": a level of the hierarchy, not a protocol frame.protocols lists.
    if (field === MALFORMED) {
      layers.push({ name: '_ws.malformed', listed: false, counted: true });
      continue;
    }
    const layer = coreLayerOf(field);
    if (!layer) continue;
    if (field === IPV6_FRAGHDR && !quoting) fragment = true;
    if (source === 1) ipEnd = reassembled?.length ?? 0;
    const name = layer.top.name;
    if (LISTED_ONCE.has(name) && layers.at(-1)?.name === name) continue;
    // An IEEE 802.3 frame's length names no EtherType: LLC follows Ethernet directly.
    if (name === 'llc' && layers.at(-1)?.name === 'ethertype') layers.pop();
    layers.push(quoting ? layer.quoted : layer.top);
    if (layer.ethertype) layers.push(ETHERTYPE);
    if (field === ICMP || field === ICMPV6) quoting = true;
    if (field === IP || field === IPV6) echo = undefined;
  }
  // SNAP with a protocol id of no EtherType: its payload is Data.
  if (layers.at(-1)?.name === 'llc' && hasField(records, start, end, LLC_PID)) layers.push(listed('data', true));
  if (echo) {
    // An echo's payload is Data inside ICMP's subtree; in a quoted echo, only the bytes the error carried.
    const available = echo.source === 1 ? (reassembled?.length ?? 0) : (frameBytes?.length ?? ipEnd);
    if (Math.min(ipEnd, available) > echo.end) layers.push(listed('data', false));
  }
  // A fragment that completes no datagram: its payload is shown as Data, beside IP.
  if (fragment && !completes && !layers.some((l) => l.counted && !isNetworkOrLink(l.name)))
    layers.push(listed('data', true));
  return layers;
}

/** A core protocol's layer, as met at the top of the tree and inside what an ICMP error quotes. */
interface CoreLayer {
  top: Layer;
  quoted: Layer;
  /** Followed by the "ethertype" dispatch step. */
  ethertype: boolean;
}

const ETHERTYPE: Layer = Object.freeze(listed('ethertype', false));
/** By field id, worked out once each (this runs for every frame): undefined where the record is no layer. */
const coreLayerCache: (CoreLayer | null | undefined)[] = [];

function coreLayerOf(field: number): CoreLayer | null {
  let layer = coreLayerCache[field];
  if (layer !== undefined) return layer;
  const def = fieldById(field);
  layer =
    def?.type !== 'protocol' || field === FRAME || def.name.startsWith('_ws')
      ? null
      : {
          // IPv6's extension headers are subtrees of IPv6 in the tree, though frame.protocols names them.
          top: Object.freeze(listed(def.name, !def.name.startsWith('ipv6.'))),
          quoted: Object.freeze(listed(def.name, false)),
          ethertype: ETHERTYPE_LINKS.has(def.name),
        };
  coreLayerCache[field] = layer;
  return layer;
}

function hasField(records: Uint32Array, start: number, end: number, field: number): boolean {
  for (let at = start; at < end; at += RECORD_WORDS) if (records[at] === field) return true;
  return false;
}

function isNetworkOrLink(name: string): boolean {
  return name === 'ip' || name === 'ipv6' || ETHERTYPE_LINKS.has(name) || name === 'null' || name === 'arp';
}

/** Where the IP header that holds the record at `at` starts: the last depth-0 IP or IPv6 record before it. */
function ipStart(records: Uint32Array, at: number): number {
  for (let i = at - RECORD_WORDS; i >= 0; i -= RECORD_WORDS) {
    if ((records[i] === IP || records[i] === IPV6) && (records[i + 1] & 0xff) === 0) return records[i + 2];
  }
  return 0;
}

/** Where the ICMP header holding the type record at `at` ends (echo data follows it). */
function icmpEnd(records: Uint32Array, at: number): number {
  for (let i = at - RECORD_WORDS; i >= 0; i -= RECORD_WORDS) {
    if ((records[i] === ICMP || records[i] === ICMPV6) && (records[i + 1] & 0xff) === 0)
      return records[i + 2] + records[i + 3];
  }
  return 0;
}
