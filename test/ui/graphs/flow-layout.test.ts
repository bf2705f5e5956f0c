import { describe, expect, it } from 'vitest';
import { arrowComment, arrowLabel, flowCsv, FLOW_ROW, visibleArrows } from '../../../src/ui/graphs/flow-layout';
import type { FlowArrow } from '../../../src/stats/flow';

const arrow = (over: Partial<FlowArrow>): FlowArrow => ({
  frame: 1,
  time: 0,
  from: 0,
  to: 1,
  flags: '',
  protocol: 'DNS',
  info: 'Standard query 0x1 A example.com',
  ...over,
});

describe('flow layout', () => {
  it('draws the rows in view and a few either side', () => {
    expect(visibleArrows(10_000, 0, 10 * FLOW_ROW, 2)).toEqual([0, 12]);
    expect(visibleArrows(10_000, 500 * FLOW_ROW, 10 * FLOW_ROW, 2)).toEqual([498, 512]);
    expect(visibleArrows(5, 0, 1000, 2)).toEqual([0, 5]);
  });

  it('labels TCP arrows with their flags and numbers as Wireshark, others with the protocol', () => {
    const syn = arrow({ flags: 'SYN', protocol: 'TCP', seq: 0, ack: 0, len: 0, info: '' });
    expect(arrowLabel(syn)).toBe('SYN');
    expect(arrowComment(syn)).toBe('Seq = 0');
    const synAck = arrow({ flags: 'SYN, ACK', protocol: 'TCP', seq: 0, ack: 1, info: '80 → 2826 [SYN, ACK]' });
    expect(arrowComment(synAck)).toBe('Seq = 0 Ack = 1  80 → 2826 [SYN, ACK]');
    expect(arrowLabel(arrow({}))).toBe('DNS');
    expect(arrowComment(arrow({}))).toBe('Standard query 0x1 A example.com');
  });

  it('exports one CSV line per arrow, quoting commas', () => {
    const csv = flowCsv({
      hosts: ['10.0.0.1', '10.0.0.2'],
      arrows: [arrow({ flags: 'SYN, ACK', protocol: 'TCP', seq: 0, ack: 1, srcPort: 80, dstPort: 2826, info: '' })],
      omitted: 0,
    });
    expect(csv).toBe(
      'Frame,Time (s),Source,Source port,Destination,Destination port,Protocol,Flags,Comment\n' +
        '1,0.000000,10.0.0.1,80,10.0.0.2,2826,TCP,"SYN, ACK",Seq = 0 Ack = 1\n',
    );
  });
});
