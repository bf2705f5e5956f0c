/**
 * The display filter that selects one conversation, in Message Analyzer's spelling (see CONVERSATION_ALIASES in
 * aliases.ts for what it means): `conversation.tcp == 3` for a TCP or UDP conversation with its stream number,
 * `conversation.ip == a && conversation.ip == b` for an address pair (eth, ip, ipv6, or TCP/UDP without one).
 */
export type ConversationLayer = 'eth' | 'ip' | 'ipv6' | 'tcp' | 'udp';

export interface ConversationEnds {
  a: string;
  b: string;
  portA?: number;
  portB?: number;
  stream?: number;
}

/** A literal as the filter language takes it: addresses bare, anything else quoted. */
const literal = (address: string) => (/^[0-9A-Fa-f:.]+$/.test(address) ? address : JSON.stringify(address));

export function conversationFilter(layer: ConversationLayer, ends: ConversationEnds): string {
  if ((layer === 'tcp' || layer === 'udp') && ends.stream !== undefined)
    return `conversation.${layer} == ${ends.stream}`;
  const net = layer === 'tcp' || layer === 'udp' ? (ends.a.includes(':') ? 'ipv6' : 'ip') : layer;
  let filter = `conversation.${net} == ${literal(ends.a)} && conversation.${net} == ${literal(ends.b)}`;
  if ((layer === 'tcp' || layer === 'udp') && ends.portA !== undefined && ends.portB !== undefined)
    filter += ` && ${layer}.port == ${ends.portA} && ${layer}.port == ${ends.portB}`;
  return filter;
}
