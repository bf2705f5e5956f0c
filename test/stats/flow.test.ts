import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/core/source';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { capFrames, FlowBuilder, tcpFlagsText } from '../../src/stats/flow';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

describe('flow', () => {
  it('names TCP flags in Wireshark flow order', () => {
    expect(tcpFlagsText(0x002)).toBe('SYN');
    expect(tcpFlagsText(0x012)).toBe('SYN, ACK');
    expect(tcpFlagsText(0x011)).toBe('FIN, ACK');
    expect(tcpFlagsText(0x018)).toBe('PSH, ACK');
    expect(tcpFlagsText(0x014)).toBe('RST, ACK');
  });

  it('caps the frames drawn, saying how many are left out', () => {
    expect(capFrames(Uint32Array.of(1, 2, 3), 2)).toEqual({ frames: Uint32Array.of(1, 2), omitted: 1 });
    expect(capFrames(Uint32Array.of(1), 2).omitted).toBe(0);
  });
});

describe.skipIf(!hasCorpus)('flow of a capture', () => {
  it('tcp_handshake: hosts in order of appearance, flags and numbers as tshark -z flow,tcp,standard', async () => {
    const source = await openCapture(
      new Blob([readFileSync(join(CORPUS, 'real', 'tcp_handshake.pcapng')) as BlobPart]),
    );
    const builder = new FlowBuilder();
    await dissectFrames(await newCore(), source.blob, (frame) =>
      builder.add(frame.input, frame.number, 0, frame.app.protocol, frame.app.info),
    );
    const { hosts, arrows } = builder.diagram;
    expect(hosts).toEqual(['172.16.16.128', '212.58.226.142']);
    expect(arrows.map((a) => [a.from, a.to, a.flags, a.seq, a.ack, a.srcPort, a.dstPort])).toEqual([
      [0, 1, 'SYN', 0, 0, 2826, 80],
      [1, 0, 'SYN, ACK', 0, 1, 80, 2826],
      [0, 1, 'ACK', 1, 1, 2826, 80],
    ]);
    expect(arrows[0].protocol).toBe('TCP');
  });
});
