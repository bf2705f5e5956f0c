import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { showAll } from '../support/run';

const FIXTURES = new URL('../fixtures/linklayers/', import.meta.url).pathname;

/** Lines of both that agree, in order (longest common subsequence). */
function commonLines(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

const CARRIERS =
  /^(Frame \d+|Ethernet II|IEEE 802\.3 Ethernet|Logical-Link Control|Internet Protocol Version [46]|User Datagram Protocol)/;

/** A frame's lines from its first layer above the carriers (LLC, Ethernet, IP, UDP) on. */
function protocolLines(frame: string): string[] {
  const out: string[] = [];
  let carrier = true;
  for (const line of frame.split('\n')) {
    if (line === '') continue;
    if (!line.startsWith(' ')) carrier = CARRIERS.test(line);
    if (!carrier) out.push(line);
  }
  return out;
}

/**
 * `loupe show` against tshark -V (kept beside each capture as <name>.tree.txt) on the protocol's own layers:
 * the lines that agree, in order. Measured on 2026-12-08; fewer is a regression, raise them as the tree gets closer.
 */
const FLOORS: Record<string, number> = {
  stp: 100,
  lldp: 142,
  cdp: 49,
  hsrp: 49,
  ospf: 187,
  ospfv3: 176,
};

describe('control protocol trees', () => {
  for (const [name, floor] of Object.entries(FLOORS)) {
    it(`${name}: as many lines as tshark -V prints agree`, async () => {
      const want = readFileSync(`${FIXTURES}${name}.tree.txt`, 'utf8').split(/\n(?=Frame \d+: )/);
      const got = await showAll(`${FIXTURES}${name}.pcap`);
      let agree = 0;
      let total = 0;
      want.forEach((frame, i) => {
        const w = protocolLines(frame);
        total += w.length;
        agree += commonLines(protocolLines(got[i] ?? ''), w);
      });
      console.log(`${name}: ${agree} of ${total} lines`);
      expect(agree).toBeGreaterThanOrEqual(floor);
    });
  }
});
