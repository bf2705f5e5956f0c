import { describe, expect, it } from 'vitest';
import { fieldId } from '../../src/fields/registry';
import '../../src/dissectors';
import { compileFilter, type FrameFieldSource, type Value } from '../../src/filter';
import { conversationFilter } from '../../src/filter/conversation-filter';

// Message Analyzer's conversation filters: conversation.ip/ipv6/eth are either end of the frame's conversation
// at that layer (ip.addr...), conversation.tcp/udp its stream number (tcp.stream/udp.stream).
const ip = (a: string) => a.split('.').reduce((v, b) => v * 256 + Number(b), 0);

function frame(src: string, dst: string, stream: number): FrameFieldSource {
  const fields: Record<string, Value[]> = {
    ip: [new Uint8Array(20)],
    'ip.src': [ip(src)],
    'ip.dst': [ip(dst)],
    'ip.addr': [ip(src), ip(dst)],
    tcp: [new Uint8Array(20)],
    'tcp.stream': [stream],
  };
  const byId = new Map(Object.entries(fields).map(([name, values]) => [fieldId(name)!, values]));
  return {
    values: (id) => byId.get(id) ?? [],
    lengths: (id) => (byId.get(id) ?? []).map(() => 4),
    layers: (id) => (byId.get(id) ?? []).map(() => 1),
  };
}

const FRAMES = [
  frame('10.0.0.5', '10.0.0.10', 0),
  frame('10.0.0.10', '10.0.0.5', 0),
  frame('10.0.0.5', '10.0.0.99', 1),
  frame('10.0.0.10', '10.0.0.99', 2),
];
const selected = (text: string) => {
  const f = compileFilter(text);
  return FRAMES.flatMap((fr, k) => (f.matches(fr) ? [k + 1] : []));
};

describe('conversation filters', () => {
  it('conversation.ip twice selects both directions between the two hosts, nothing else', () => {
    expect(selected('conversation.ip == 10.0.0.5 && conversation.ip == 10.0.0.10')).toEqual([1, 2]);
    expect(selected('Conversation.IP == 10.0.0.5')).toEqual([1, 2, 3]);
  });

  it('is spelled ip.addr / tcp.stream in Wireshark terms', () => {
    expect(compileFilter('conversation.ip == 10.0.0.5 && conversation.ip == 10.0.0.10').canonical).toBe(
      'ip.addr == 10.0.0.5 && ip.addr == 10.0.0.10',
    );
    expect(compileFilter('conversation.tcp == 3').canonical).toBe('tcp.stream == 3');
    expect(compileFilter('conversation.udp').canonical).toBe('udp.stream');
    expect(compileFilter('conversation.ipv6 == ::1').canonical).toBe('ipv6.addr == ::1');
    expect(compileFilter('conversation.eth == 00:11:22:33:44:55').canonical).toBe('eth.addr == 00:11:22:33:44:55');
  });

  it('conversation.tcp is the connection, either direction; alone, any TCP frame', () => {
    expect(selected('conversation.tcp == 0')).toEqual([1, 2]);
    expect(selected('conversation.tcp')).toEqual([1, 2, 3, 4]);
  });

  it('"Filter on this conversation" writes them for every layer', () => {
    expect(conversationFilter('ip', { a: '10.0.0.5', b: '10.0.0.10' })).toBe(
      'conversation.ip == 10.0.0.5 && conversation.ip == 10.0.0.10',
    );
    expect(conversationFilter('tcp', { a: '10.0.0.5', b: '10.0.0.10', portA: 1, portB: 2, stream: 7 })).toBe(
      'conversation.tcp == 7',
    );
    expect(conversationFilter('udp', { a: 'fe80::1', b: 'fe80::2', portA: 53, portB: 5353 })).toBe(
      'conversation.ipv6 == fe80::1 && conversation.ipv6 == fe80::2 && udp.port == 53 && udp.port == 5353',
    );
    expect(conversationFilter('eth', { a: '00:11:22:33:44:55', b: 'ff:ff:ff:ff:ff:ff' })).toBe(
      'conversation.eth == 00:11:22:33:44:55 && conversation.eth == ff:ff:ff:ff:ff:ff',
    );
    for (const text of [conversationFilter('ipv6', { a: 'fe80::1', b: 'fe80::2' })])
      expect(() => compileFilter(text)).not.toThrow();
  });
});
