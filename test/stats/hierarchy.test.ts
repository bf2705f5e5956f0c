import { describe, expect, it } from 'vitest';
import { FrameFacts } from '../../src/stats/frame-facts';
import { protocolHierarchy } from '../../src/stats/hierarchy';

describe('protocolHierarchy', () => {
  it('counts every frame at each node of its path, children in order of first appearance', () => {
    const facts = new FrameFacts();
    const stacks = [
      ['eth', 'ip', 'udp', 'dns'],
      ['eth', 'ip', 'tcp'],
      ['eth', 'ip', 'tcp', 'http'],
      ['eth', 'arp'],
      ['eth', 'ip', 'udp', 'dns'],
    ];
    stacks.forEach((stack, i) => facts.push(i, 0, 100 + i, [], stack));
    const text = (nodes: ReturnType<typeof protocolHierarchy>, indent = ''): string =>
      nodes.map((n) => `${indent}${n.protocol} ${n.frames} ${n.bytes}\n${text(n.children, indent + ' ')}`).join('');
    expect(text(protocolHierarchy(facts))).toBe(
      'eth 5 510\n ip 4 407\n  udp 2 204\n   dns 2 204\n  tcp 2 203\n   http 1 102\n arp 1 103\n',
    );
    expect(text(protocolHierarchy(facts, Uint32Array.from([2, 4])))).toBe(
      'eth 2 204\n ip 1 101\n  tcp 1 101\n arp 1 103\n',
    );
  });
});
