import { fieldId } from '../fields/registry';

/**
 * Names users of Microsoft Message Analyzer and Network Monitor type, matched case-insensitively, mapped to the
 * Wireshark field. Only dotted names: a bare word such as "TCP" must stay a value name (`ip.proto == TCP`).
 */
const ALIASES: Record<string, string> = {
  'ipv4.address': 'ip.addr',
  'ipv4.addr': 'ip.addr',
  'ipv4.sourceaddress': 'ip.src',
  'ipv4.destinationaddress': 'ip.dst',
  'ipv4.src': 'ip.src',
  'ipv4.dst': 'ip.dst',
  'ipv4.ttl': 'ip.ttl',
  'ipv4.timetolive': 'ip.ttl',
  'ipv4.protocol': 'ip.proto',
  'ipv4.identification': 'ip.id',
  'ipv4.totallength': 'ip.len',
  'ipv6.address': 'ipv6.addr',
  'ipv6.sourceaddress': 'ipv6.src',
  'ipv6.destinationaddress': 'ipv6.dst',
  'ipv6.nextheader': 'ipv6.nxt',
  'ipv6.hoplimit': 'ipv6.hlim',
  'tcp.port': 'tcp.port',
  'tcp.sourceport': 'tcp.srcport',
  'tcp.srcport': 'tcp.srcport',
  'tcp.destinationport': 'tcp.dstport',
  'tcp.dstport': 'tcp.dstport',
  'tcp.sequencenumber': 'tcp.seq_raw',
  'tcp.acknowledgementnumber': 'tcp.ack_raw',
  'tcp.window': 'tcp.window_size_value',
  'udp.port': 'udp.port',
  'udp.sourceport': 'udp.srcport',
  'udp.srcport': 'udp.srcport',
  'udp.destinationport': 'udp.dstport',
  'udp.dstport': 'udp.dstport',
  'udp.length': 'udp.length',
  'ethernet.address': 'eth.addr',
  'ethernet.sourceaddress': 'eth.src',
  'ethernet.destinationaddress': 'eth.dst',
  'ethernet.source': 'eth.src',
  'ethernet.destination': 'eth.dst',
  'ethernet.type': 'eth.type',
  'ethernet.ethertype': 'eth.type',
  'frame.length': 'frame.len',
  'icmp.type': 'icmp.type',
  'icmp.code': 'icmp.code',
};

/**
 * Message Analyzer's conversation filters, as its troubleshooting guides type them. Semantics (chosen to need
 * no state beyond the frame, so the index decides them like any address or stream filter):
 * - `conversation.ip` (also `conversation.ipv4`), `conversation.ipv6`, `conversation.eth` (`conversation.ethernet`)
 *   are either end of the frame's conversation at that layer, i.e. `ip.addr`, `ipv6.addr`, `eth.addr`. So
 *   `conversation.ip == 10.0.0.5 && conversation.ip == 10.0.0.10` is every frame between those two hosts, in
 *   either direction (as ip.addr, an ICMP error's quoted header counts too).
 * - `conversation.tcp` and `conversation.udp` are the conversation's number, `tcp.stream` / `udp.stream`:
 *   alone they match every TCP (UDP) frame, `conversation.tcp == 3` one connection, both directions.
 * The Conversations view's "Filter on this conversation" writes them (filter/conversation-filter.ts).
 */
export const CONVERSATION_ALIASES: Record<string, string> = {
  'conversation.ip': 'ip.addr',
  'conversation.ipv4': 'ip.addr',
  'conversation.ipv6': 'ipv6.addr',
  'conversation.eth': 'eth.addr',
  'conversation.ethernet': 'eth.addr',
  'conversation.tcp': 'tcp.stream',
  'conversation.udp': 'udp.stream',
};
Object.assign(ALIASES, CONVERSATION_ALIASES);

/** A protocol name prefix of an alias (so `IPv4` and `Ethernet` alone work where a field is required). */
const PROTOCOL_ALIASES: Record<string, string> = { ipv4: 'ip', ethernet: 'eth' };

/** The Wireshark name for an alias spelling, if it is one. */
export function aliasTarget(name: string, allowBareProtocol: boolean): string | undefined {
  const key = name.toLowerCase();
  const target = Object.hasOwn(ALIASES, key)
    ? ALIASES[key]
    : allowBareProtocol && Object.hasOwn(PROTOCOL_ALIASES, key)
      ? PROTOCOL_ALIASES[key]
      : undefined;
  // Point only at fields the registry has: an alias never names a field that does not exist yet.
  return target !== undefined && fieldId(target) !== undefined ? target : undefined;
}
