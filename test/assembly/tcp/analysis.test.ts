import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { withoutExpertItems } from '../../support/expert';
import { tcpCapture } from '../../support/tcp-script';
import { checksumTtlCapture } from './checksum-ttl';
import { ANALYSIS_FIELDS, EXPERT_FIELDS, SCENARIOS } from './scenarios';

const golden = (file: string) => readFileSync(new URL(`./tshark/${file}`, import.meta.url), 'utf8');

/**
 * Items from layers above TCP that `loupe fields` does not report yet: TCP reassembly for the dissector above
 * (port 80 is HTTP's), and HTTP's chat item for a request or status line.
 */
const NOT_YET = ['New fragment overlaps old data (retransmission?)', 'GET / HTTP/1.0\\r\\n', 'HTTP/1.0 200 OK\\r\\n'];

describe('TCP analysis, as tshark 4.0 analyses crafted conversations', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const { text } = await fieldsOf(tcpCapture(scenario.segments, scenario.options), ANALYSIS_FIELDS);
      expect(text).toBe(golden(`${name}.tsv`));
    });
  }
});

describe('Expert information, as tshark 4.0 reports it for crafted conversations', () => {
  it('checksums and TTLs (the IP, UDP, TCP and ICMP decoders)', async () => {
    const { text } = await fieldsOf(checksumTtlCapture(), EXPERT_FIELDS);
    expect(text).toBe(golden('decode_checksum_ttl.expert.tsv'));
  });
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const { text } = await fieldsOf(tcpCapture(scenario.segments, scenario.options), EXPERT_FIELDS);
      expect(text).toBe(withoutExpertItems(golden(`${name}.expert.tsv`), NOT_YET));
    });
  }
});
