import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { tcpCapture } from '../../support/tcp-script';
import { SCENARIOS } from './scenarios';

// Loss, reordering, duplicate ACKs, fast/spurious retransmission, zero window and probes, keep-alives, window
// full and update, sequence wrap-around, port reuse, refused and unanswered SYNs, a capture starting mid-stream.
const FIELDS = ['frame.number', 'tcp.stream', 'tcp.len', 'tcp.seq', 'tcp.nxtseq', 'tcp.ack', 'tcp.window_size',
  'tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.spurious_retransmission',
  'tcp.analysis.out_of_order', 'tcp.analysis.lost_segment', 'tcp.analysis.ack_lost_segment',
  'tcp.analysis.duplicate_ack', 'tcp.analysis.duplicate_ack_num', 'tcp.analysis.duplicate_ack_frame',
  'tcp.analysis.zero_window', 'tcp.analysis.zero_window_probe', 'tcp.analysis.window_full',
  'tcp.analysis.window_update', 'tcp.analysis.keep_alive', 'tcp.analysis.keep_alive_ack', 'tcp.analysis.acks_frame',
  'tcp.analysis.ack_rtt', 'tcp.analysis.initial_rtt', 'tcp.analysis.bytes_in_flight', 'tcp.analysis.flags', 'udp.stream'];

describe('TCP analysis, as tshark 4.0 analyses crafted conversations', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const want = readFileSync(new URL(`./tshark/${name}.tsv`, import.meta.url), 'utf8');
      const { text } = await fieldsOf(tcpCapture(scenario.segments, scenario.options), FIELDS);
      expect(text).toBe(want);
    });
  }
});
