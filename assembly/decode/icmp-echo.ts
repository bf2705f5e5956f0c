// Echo requests paired with their replies, for ICMP (RFC 792) and ICMPv6 (RFC 4443) as Wireshark pairs them: a
// reply answers the latest request between the same two addresses with its identifier, sequence number and
// payload (told by the checksum, which the type change alters by a known amount), once. Only in capture order
// (a lone frame's decode must not disturb the capture's state), and in index mode too: a pass with field records
// for a few frames only must pair them as a full one does.
import * as emit from '../emit';
import * as frame from './frame-state';
import * as endpoints from '../tcp/endpoints';
import * as track from '../tcp/track';

class Request {
  constructor(
    public frame: u32,
    public timeNs: i64,
    public answered: bool = false,
  ) {}
}

let requests = new Map<u64, Request>();

export function reset(): void {
  requests = new Map<u64, Request>();
}

/** Ones' complement 16-bit addition (RFC 1071). */
function onesAdd(a: u32, b: u32): u32 {
  const s = a + b;
  return ((s & 0xffff) + (s >> 16)) & 0xffff;
}

/** What identifies one echo: both addresses (either order), the identifier, sequence number and request checksum. */
function key(v6: bool, ident: u32, seq: u32, requestChecksum: u32): u64 {
  let h: u64 = v6 ? 0x9e3779b97f4a7c15 : 0xc2b2ae3d27d4eb4f;
  let s: u64 = 0;
  let d: u64 = 0;
  for (let w = 0; w < 4; w++) {
    s = s * 0x100000001b3 + <u64>unchecked(endpoints.src[w]);
    d = d * 0x100000001b3 + <u64>unchecked(endpoints.dst[w]);
  }
  // Symmetric in the two addresses: a reply goes the other way.
  h ^= (s ^ d) * 0xff51afd7ed558ccd + (s + d);
  h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53;
  h ^= ((<u64>ident) << 32) | ((<u64>seq) << 16) | (<u64>requestChecksum);
  return (h ^ (h >> 29)) * 0xff51afd7ed558ccd;
}

/**
 * An echo request or reply (`reply`) at its header's offset: a request is remembered; a reply answering one emits
 * `respTo` (the request's frame) and `respTime` (milliseconds, a double's two words). `typeDelta`: how much the
 * request's type exceeds the reply's in the checksummed word (ICMP 8 vs 0: 0x0800; ICMPv6 128 vs 129: -0x0100).
 */
export function echo(
  reply: bool,
  checksum: u32,
  ident: u32,
  seq: u32,
  typeDelta: i32,
  off: i32,
  respTo: u16,
  respTime: u16,
): void {
  if (!track.enabled || frame.quoted) return;
  let requestChecksum = checksum;
  if (reply) {
    // The reply's sum, with the request's type: its checksum had the request been answered byte for byte.
    const delta: u32 = typeDelta >= 0 ? <u32>typeDelta : ~(<u32>-typeDelta) & 0xffff;
    requestChecksum = ~onesAdd(~checksum & 0xffff, delta) & 0xffff;
  }
  const k = key(endpoints.v6, ident, seq, requestChecksum);
  if (!reply) {
    requests.set(k, new Request(frame.number, frame.timeNs));
    return;
  }
  if (!requests.has(k)) return;
  const request = requests.get(k);
  if (request.answered || request.frame >= frame.number) return;
  request.answered = true;
  emit.field(respTo, off, 0, request.frame);
  const ms = <f64>(frame.timeNs - request.timeNs) / 1e6;
  const bits = reinterpret<u64>(ms);
  emit.field(respTime, off, 0, <u32>bits, <u32>(bits >> 32));
}
