import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { DissectedFrameSource } from '../../src/dissectors';
import { compileFilter } from '../../src/filter';
import {
  compileRules,
  darkColours,
  DEFAULT_RULES,
  firstMatch,
  luminance,
  parseRules,
  ruleStyle,
  type ColourRule,
} from '../../src/present/colouring';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;

/** Each frame's first matching default rule, by the rule list, and each rule's matches by the filter alone. */
async function colours(path: string): Promise<{ byList: string[]; byFilter: Map<string, Set<number>> }> {
  const rules = compileRules(DEFAULT_RULES);
  const filters = DEFAULT_RULES.map((r) => compileFilter(r.filter));
  const byList: string[] = [];
  const byFilter = new Map(DEFAULT_RULES.map((r) => [r.name, new Set<number>()]));
  await dissectFrames(await newCore(), new Blob([readFileSync(path)]), ({ number, input, app }) => {
    const source = new DissectedFrameSource(input, app);
    byList.push(DEFAULT_RULES[firstMatch(rules, source)]?.name ?? '');
    filters.forEach((f, i) => f.matches(source) && byFilter.get(DEFAULT_RULES[i].name)!.add(number));
  });
  return { byList, byFilter };
}

describe('colouring rules', () => {
  it('compiles every default rule with the real filter engine', () => {
    for (const rule of compileRules(DEFAULT_RULES)) expect(rule.error).toBeUndefined();
  });

  it('colours each frame by the first enabled rule whose filter matches it', async () => {
    const corpus = ['http_google', 'tcp_retransmissions', 'arp_resolution', 'icmp_traceroute', 'tcp_refuseconnection'];
    for (const path of [DEMO, ...(hasCorpus ? corpus.map((name) => `${CORPUS}/real/${name}.pcapng`) : [])]) {
      const { byList, byFilter } = await colours(path);
      byList.forEach((name, i) => {
        const first = DEFAULT_RULES.find((r) => byFilter.get(r.name)!.has(i + 1))?.name ?? '';
        expect(name, `${path} frame ${i + 1}`).toBe(first);
      });
      expect(
        byList.some((n) => n !== ''),
        path,
      ).toBe(true);
    }
  });

  it('skips disabled rules and never matches a refused filter', async () => {
    const rules: ColourRule[] = [
      { name: 'broken', filter: 'tcp &&', background: '#000000', foreground: '#ffffff', enabled: true },
      { name: 'off', filter: 'frame', background: '#000000', foreground: '#ffffff', enabled: false },
      { name: 'all', filter: 'frame', background: '#000000', foreground: '#ffffff', enabled: true },
    ];
    const compiled = compileRules(rules);
    expect(compiled[0].error).toMatch(/./);
    const seen: number[] = [];
    await dissectFrames(await newCore(), new Blob([readFileSync(DEMO)]), ({ input, app }) => {
      seen.push(firstMatch(compiled, new DissectedFrameSource(input, app)));
    });
    expect(new Set(seen)).toEqual(new Set([2]));
  });

  it('reads stored rules defensively: defaults when absent, malformed ones dropped', () => {
    expect(parseRules(undefined)).toEqual(DEFAULT_RULES);
    expect(
      parseRules([
        { name: 'x', filter: 'udp', background: '#abcdef', foreground: '#000000' },
        { name: 'bad', filter: 'udp', background: 'red' },
        null,
      ]),
    ).toEqual([{ name: 'x', filter: 'udp', background: '#abcdef', foreground: '#000000', enabled: true }]);
  });

  it('turns pale backgrounds into dark tints with light text for the dark theme', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1);
    const tcp = DEFAULT_RULES.find((r) => r.name === 'TCP')!;
    const dark = darkColours(tcp);
    expect(luminance(dark.background)).toBeLessThan(0.1);
    expect(luminance(dark.foreground)).toBeGreaterThan(0.5);
    const badTcp = DEFAULT_RULES.find((r) => r.name === 'Bad TCP')!;
    expect(darkColours(badTcp)).toEqual({ background: badTcp.background, foreground: badTcp.foreground });
    expect(ruleStyle(tcp)).toBe(
      `background: light-dark(${tcp.background}, ${dark.background}); color: light-dark(${tcp.foreground}, ${dark.foreground})`,
    );
  });
});
