import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/core/source';
import { DissectedFrameSource } from '../../src/dissectors';
import { compileFilter } from '../../src/filter';
import { CONVERSATION, GroupingFacts, groupFrames, groupSelection, type GroupNode } from '../../src/grouping/grouping';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { newCore } from '../support/run';

const CAPTURE = new URL('../fixtures/http-objects.pcap', import.meta.url).pathname;

/** The facts of a grouping and, for checking filters, every frame's filter source. */
async function group(fields: string[]) {
  const facts = new GroupingFacts(fields);
  const sources: DissectedFrameSource[] = [];
  const source = await openCapture(new Blob([readFileSync(CAPTURE) as BlobPart]));
  await dissectFrames(await newCore(), source.blob, (frame) => {
    facts.add(frame);
    sources.push(new DissectedFrameSource(frame.input, frame.app));
  });
  return { facts, sources };
}

const flatten = (nodes: GroupNode[]): GroupNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe('grouping', () => {
  it('nests packets by conversation, then a field, with counts, bytes and time spans adding up', async () => {
    const { facts } = await group([CONVERSATION, 'http.response.code']);
    const groups = groupFrames(facts);
    const packets = groups.reduce((n, g) => n + g.packets, 0);
    expect(packets).toBe(facts.frames.length);
    expect(groups.reduce((n, g) => n + g.bytes, 0)).toBe(facts.lengths.reduce((a, b) => a + b, 0));
    for (const g of groups) {
      expect(g.children.reduce((n, c) => n + c.packets, 0)).toBe(g.packets);
      expect(g.first).toBeLessThanOrEqual(g.last);
      expect(g.value).toMatch(/^(TCP|UDP) \d+$|↔/);
    }
    const codes = flatten(groups)
      .filter((n) => n.field === 'http.response.code')
      .map((n) => n.value);
    expect(codes).toContain('200');
    expect(codes).toContain('(none)');
  });

  it('offers each group under a conversation the filter on that conversation (Message Analyzer spelling)', async () => {
    const { facts } = await group(['http.response.code', CONVERSATION]);
    for (const code of groupFrames(facts)) {
      expect(code.conversationFilter).toBeUndefined();
      for (const conversation of code.children) {
        const stream = conversation.value.match(/^TCP (\d+)$/)?.[1];
        if (stream) expect(conversation.conversationFilter).toBe(`conversation.tcp == ${stream}`);
      }
    }
    const nested = flatten(groupFrames((await group([CONVERSATION, 'http.response.code'])).facts));
    for (const node of nested) expect(node.conversationFilter).toMatch(/^conversation\.(tcp|udp|ip|ipv6) == /);
  });

  it("makes for every group a filter that selects exactly the group's packets", async () => {
    const { facts, sources } = await group([CONVERSATION, 'http.request.method', 'tcp.flags']);
    const nodes = flatten(groupFrames(facts));
    expect(nodes.length).toBeGreaterThan(5);
    for (const node of nodes) {
      const selection = groupSelection(facts, node.id)!;
      expect(selection.frames.length).toBe(node.packets);
      const filter = compileFilter(selection.clause);
      const matched = sources.flatMap((s, i) => (filter.matches(s) ? [facts.frames[i]] : []));
      expect(matched, selection.clause).toEqual(selection.frames);
    }
  });

  it('refuses an unknown field by name', () => {
    expect(() => new GroupingFacts(['http.nonsense'])).toThrow(/"http.nonsense" is neither a field/);
  });

  it('groups a subset (the displayed packets) alone', async () => {
    const { facts } = await group([CONVERSATION]);
    const groups = groupFrames(facts, [0, 1, 2]);
    expect(groups.reduce((n, g) => n + g.packets, 0)).toBe(3);
    expect(groupSelection(facts, groups[0].id, [0, 1, 2])!.frames.every((f) => f <= 3)).toBe(true);
  });
});
