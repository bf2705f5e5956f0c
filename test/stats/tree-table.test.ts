import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { openCapture } from '../../src/core/source';
import { DissectedFrameSource } from '../../src/dissectors';
import { compileFilter, type CompiledFilter } from '../../src/filter';
import { addFrame, FrameFacts } from '../../src/stats/frame-facts';
import { AppFacts } from '../../src/stats/app-facts';
import { ExpertFacts, expertRows, expertText } from '../../src/stats/expert-stats';
import { statsTree, TREE_NAMES } from '../../src/stats/trees';
import { statsTreeText } from '../../src/stats/stats-tree';
import { expertTable, treeTable, type StatsTreeRow } from '../../src/stats/tree-table';
import { newCore } from '../support/run';

// The demo capture (real loopback DNS, HTTP and TLS) through one field-mode pass, as the worker gathers it.
const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;
const facts = new FrameFacts();
const app = new AppFacts();
const expert = new ExpertFacts();
const sources: DissectedFrameSource[] = [];

beforeAll(async () => {
  const { blob } = await openCapture(new Blob([readFileSync(DEMO)]));
  await dissectFrames(await newCore(), blob, (frame) => {
    const index = facts.count;
    addFrame(facts, frame);
    app.add(index, frame.app.items);
    expert.add(index, frame.input, frame.app.items);
    sources.push(new DissectedFrameSource(frame.input, frame.app));
  });
});

const flatten = (rows: readonly StatsTreeRow[], depth = 0): [string, StatsTreeRow][] =>
  rows.flatMap((row) => [
    [' '.repeat(depth) + row.name, row] as [string, StatsTreeRow],
    ...flatten(row.children, depth + 1),
  ]);

const matching = (filter: CompiledFilter) => sources.filter((s) => filter.matches(s)).length;

describe('statistics trees as the app gets them', () => {
  it.each(TREE_NAMES)('%s: every row and cell as loupe stats prints them', (name) => {
    const tree = statsTree(name, facts, app);
    const table = treeTable(tree);
    const text = statsTreeText(tree).split('\n');
    const header = text.findIndex((l) => l.startsWith('Topic / Item'));
    const width = text[header].indexOf('Count');
    const printed = text
      .slice(header + 2)
      .filter((l) => l.trim())
      .slice(0, -1)
      .map((l) => [
        l.slice(0, width).trimEnd(),
        ...Array.from({ length: 8 }, (_, k) => l.slice(width + 14 * k, width + 14 * (k + 1)).trim()),
      ]);
    expect(flatten(table.roots).map(([n, row]) => [n, ...row.cells])).toEqual(printed);
    expect(table.title).toBe(text[2].slice(0, -1));
  });

  it('gives every node it can a filter the engine takes, selecting the frames it counts', () => {
    const plen = treeTable(statsTree('plen', facts, app));
    // Each packet-length range counts frames: its filter shows exactly as many.
    for (const [, row] of flatten(plen.roots)) expect(matching(compileFilter(row.filter!))).toBe(Number(row.cells[0]));
    const http = treeTable(statsTree('http', facts, app));
    const rows = new Map(flatten(http.roots).map(([n, r]) => [n.trim(), r]));
    expect(rows.get('HTTP Request Packets')!.filter).toBe('http.request');
    // The demo's HTTP messages are one per frame: each node's filter matches as many frames as it counts.
    for (const name of ['Total HTTP Packets', 'HTTP Request Packets', 'HTTP Response Packets', 'GET', '2xx: Success']) {
      const row = rows.get(name)!;
      expect(Number(row.cells[0])).toBeGreaterThan(0);
      expect(matching(compileFilter(row.filter!))).toBe(Number(row.cells[0]));
    }
    for (const name of ['http_req', 'http_srv', 'dns'] as const)
      for (const [, row] of flatten(treeTable(statsTree(name, facts, app)).roots))
        if (row.filter) expect(() => compileFilter(row.filter!)).not.toThrow();
    const dns = new Map(flatten(treeTable(statsTree('dns', facts, app)).roots).map(([n, r]) => [n.trim(), r]));
    expect(matching(compileFilter(dns.get('Query')!.filter!))).toBe(Number(dns.get('Query')!.cells[0]));
  });

  it('lists the expert items as loupe stats expert counts them, most severe first', () => {
    const rows = expertRows(expert, facts);
    const table = expertTable(rows);
    const printed = expertText(rows)
      .split('\n')
      .filter((l) => /^\s+\d+\s/.test(l))
      .map((l) => [Number(l.slice(0, 12)), l.slice(44)]);
    expect(table.map((r) => [r.frequency, r.summary])).toEqual(printed);
    for (const r of table) expect(r.frames[0]).toBe(r.firstFrame);
  });
});
